"""Blind coding by a co-reader, agreement with the machine's draft, resolving a disagreement
into a decision memo; all of it kept by a re-run and shown in analysis.json and the report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from condense.api import RunSettings
from condense.cli import main
from condense.errors import BadFile, BadSettings

FAST = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "analysis.schema.json"


def _read_sheet(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write_sheet(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def coded(small_project, tmp_path, fake_embedder):
    """The machine's draft, and a co-reader's blind coding of it through a spreadsheet: the same
    themes as the machine on every unit but two (one given another theme, one no theme), and
    the last unit left uncoded."""
    p = small_project
    p.run(tmp_path / "out", FAST, embedder=fake_embedder)
    sheet = tmp_path / "anna.csv"
    assert p.export_sheet("Anna", sheet) > 3
    rows = _read_sheet(sheet)
    assert list(rows[0]) == ["unit_id", "document", "start", "end", "text", "themes"]
    assert all(r["themes"] == "" for r in rows)  # blind: nothing of the machine's coding shows
    machine = p.codings_of("machine")
    labels = p.theme_labels()
    coded_rows = [r for r in rows if machine.get(r["unit_id"])]
    other = {tid: next(x for x in labels if x != tid) for tid in labels}
    for i, r in enumerate(coded_rows[:-1]):
        mine = sorted(machine[r["unit_id"]])
        if i == 0:
            mine = [other[mine[0]]]
        r["themes"] = "-" if i == 1 else "; ".join(labels[x] for x in mine)
    _write_sheet(sheet, rows)
    assert p.import_sheet("Anna", sheet) == len(coded_rows) - 1
    return p, coded_rows


def test_blind_sheet_round_trip_and_agreement(coded):
    p, rows = coded
    anna = p.codings_of("Anna")
    assert len(anna) == len(rows) - 1 and rows[-1]["unit_id"] not in anna  # uncoded = missing
    assert anna[rows[1]["unit_id"]] == frozenset()                          # "-" = coded, no theme
    r = p.agreement("machine", "Anna")
    assert r.units == len(rows) - 1
    assert r.percent == pytest.approx(100 * (r.units - 2) / r.units)
    assert r.alpha_nominal is not None and r.alpha_nominal < 1
    assert {d.unit_id for d in r.disagreements} == {rows[0]["unit_id"], rows[1]["unit_id"]}
    assert p.coding_sheet("Anna")[0]["themes"] is not None  # her own codings come back to her
    assert p.coders() == ["Anna", "machine"]


def test_resolving_a_disagreement_writes_a_decision_memo(coded):
    p, rows = coded
    first = p.disagreements("machine", "Anna")
    assert len(first) == 2 and not any(d.resolved for d in first)
    target = first[0]
    memo_id = p.resolve(target.unit_id, list(target.a), note="We read it as the machine did.",
                        coders=("machine", "Anna"))
    memo = next(m for m in p.memos() if m.id == memo_id)
    assert memo.kind == "decision" and memo.target_id == target.unit_id
    assert "Anna:" in memo.text and "We read it as the machine did." in memo.text
    assert p.codings_of("consensus")[target.unit_id] == p.codings_of("machine")[target.unit_id]
    assert any(e["object_type"] == "memo" and e["data"].get("kind") == "decision" for e in p.events())
    after = p.disagreements("machine", "Anna")
    assert [d.resolved for d in after] == [False, True]  # resolved ones go last


def test_rerun_keeps_the_coreader_and_reports_agreement(coded, tmp_path, fake_embedder):
    p, _rows = coded
    before = p.codings_of("Anna")
    result = p.run(tmp_path / "again", FAST, embedder=fake_embedder)
    assert p.codings_of("Anna") == before
    ag = result.analysis["agreement"]
    assert ag["coders"] == ["Anna", "machine"] and ag["human_coders"] == ["Anna"]
    pair = ag["pairs"][0]
    assert pair["coders"] == ["Anna", "machine"] and pair["units"] == len(before)
    assert {t["label"] for t in pair["themes"]} <= {t["label"] for t in result.analysis["themes"]}
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(result.analysis)
    html = (tmp_path / "again" / "report.html").read_text("utf-8")
    assert "Agreement between coders" in html and "Anna vs machine" in html


def test_bad_sheets_and_names_are_refused_whole(coded, tmp_path):
    p, rows = coded
    before = p.codings_of("Bo")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"unit_id,themes\n{rows[0]['unit_id']},-\n{rows[1]['unit_id']},No such theme\n", encoding="utf-8")
    with pytest.raises(BadFile, match="bad.csv, row 3: no theme 'No such theme'"):
        p.import_sheet("Bo", bad)
    assert p.codings_of("Bo") == before == {}
    bad.write_text("unit,codes\nx,y\n", encoding="utf-8")
    with pytest.raises(BadFile, match="needs the columns unit_id and themes"):
        p.import_sheet("Bo", bad)
    with pytest.raises(BadSettings, match="reserved"):
        p.code_blind(rows[0]["unit_id"], [], "machine")
    with pytest.raises(BadSettings, match="no codings by 'Nobody'"):
        p.agreement("machine", "Nobody")


def test_cli_code_agreement_resolve(coded, capsys, monkeypatch):
    import io

    p, rows = coded
    path = str(p.path)
    assert main(["agreement", path, "--coders", "machine", "Anna"]) == 0
    text = capsys.readouterr().out
    assert "Krippendorff's alpha nominal" in text and "2 disagreements to discuss" in text
    # Interactive blind coding: theme 1, no theme, skip, stop.
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n-\n\nq\n"))
    assert main(["code", path, "--coder", "Bo", "--blind"]) == 0
    shown = capsys.readouterr().out
    assert "2 units coded by Bo" in shown and "machine:" not in shown and "Anna:" not in shown
    bo = p.codings_of("Bo")
    first, second = (r["unit_id"] for r in p.coding_sheet("Bo")[:2])
    assert bo == {first: frozenset({list(p.theme_labels())[0]}), second: frozenset()}
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["code", path, "--coder", "Cy"]) == 0  # not blind: the others' themes are shown
    assert "machine:" in capsys.readouterr().out
    assert main(["resolve", path, rows[1]["unit_id"], "--coders", "machine", "Anna"]) == 0
    assert p.codings_of("consensus")[rows[1]["unit_id"]] == frozenset()
    assert main(["agreement", path, "--coders", "machine", "Zed"]) == 2
    assert "no codings by 'Zed'" in capsys.readouterr().err
