"""What ``run`` writes besides analysis.json: the Word report, the checklists, the CSV exports
and the figures in the HTML report, all from one run; and nothing when rendering fails."""

from __future__ import annotations

import csv
import io

import docx
import pytest

from condense.api import RunSettings

FAST = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)
FILES = {"analysis.json", "report.html", "report.md", "report.docx", "checklists.md", "units.csv",
         "themes_by_participants.csv"}


def test_run_writes_every_report_file(small_project, tmp_path, fake_embedder):
    result = small_project.run(tmp_path / "out", FAST, embedder=fake_embedder)
    a = result.analysis
    assert {f.name for f in result.files} == FILES
    assert {p.name for p in (tmp_path / "out").iterdir()} == FILES, "no temporary files left behind"
    document = docx.Document(str(tmp_path / "out" / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Methods", "Results"]
    assert {c["label"] for c in a["categories"]} <= set(headings)
    assert {t["label"] for t in a["themes"]} <= set(headings)
    assert len(document.inline_shapes) == 2
    table1 = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table1[0] == ["Characteristic", "n (%) or value"] and ["female", "2 (67%)"] in table1
    html = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert html.count('<img src="data:image/svg+xml;base64,') == 2
    checklists = (tmp_path / "out" / "checklists.md").read_text("utf-8")
    assert "COREQ" in checklists and "SRQR" in checklists and "| 24 | Number of data coders |" in checklists


def test_csv_exports_match_the_analysis(small_project, tmp_path, fake_embedder):
    a = small_project.run(tmp_path / "out", FAST, embedder=fake_embedder).analysis
    docs = {d["id"]: d["text"] for d in a["documents"]}
    raw = (tmp_path / "out" / "units.csv").read_text("utf-8-sig")
    units = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [u["unit_id"] for u in units] == [u["id"] for u in a["units"]]
    for u in units:
        assert docs[u["document_id"]][int(u["start"]):int(u["end"])] == u["text"]
    themed = {uid: t["id"] for t in a["themes"] for uid in t["unit_ids"]}
    for u in units:
        assert (u["theme_ids"] or None) == themed.get(u["unit_id"])
    matrix = list(csv.DictReader(io.StringIO((tmp_path / "out" / "themes_by_participants.csv")
                                             .read_text("utf-8-sig"), newline="")))
    assert {r["theme_id"] for r in matrix} == {t["id"] for t in a["themes"]}
    people = [p["id"] for p in a["participants"]]
    for r in matrix:
        theme = next(t for t in a["themes"] if t["id"] == r["theme_id"])
        assert sum(int(r[p]) for p in people) == len(theme["unit_ids"])
        assert {p for p in people if int(r[p])} == set(theme["participant_ids"])


def test_a_failing_renderer_leaves_the_previous_outputs(small_project, tmp_path, fake_embedder, monkeypatch):
    small_project.run(tmp_path / "out", FAST, embedder=fake_embedder)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("condense.report.outputs.render_docx", broken)
    with pytest.raises(RuntimeError, match="renderer broke"):
        small_project.run(tmp_path / "out", FAST, embedder=fake_embedder)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
