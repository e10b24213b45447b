"""Round trip: export -> import -> export gives the same file, byte for byte, and the imported
project holds the same content as the one exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from condense.api import Project, RunSettings
from condense.engines import HashingEmbedder


def _content(p: Project) -> dict:
    a = p.analysis()
    docs = {d["id"]: d["name"] for d in a["documents"]}
    units = {u["id"]: (docs[u["document_id"]], u["start"], u["end"], u["text"]) for u in a["units"] if u["relevant"]}
    themes = {t["id"]: t["label"] for t in a["themes"]}
    codings = sorted((units[c.unit_id], themes[c.theme_id], c.coder) for c in _codings(p) if c.unit_id in units)
    return {
        "study": (p.study().name, p.study().question, p.study().focus_areas),
        "documents": sorted((d.name, d.text, d.participant_id) for d in p.documents()),
        "participants": sorted((x.id, x.pseudonym, tuple(sorted(x.attributes.items()))) for x in p.participants()),
        "units": sorted(units.values()),
        "themes": sorted((t["label"], t.get("description", "")) for t in a["themes"]),
        "categories": sorted((c["label"], c.get("analytic_text", "")) for c in a["categories"]),
        "subgroups": sorted((themes[t["id"]], s["label"], s["condensate"]["text"]) for t in a["themes"]
                            for s in t.get("subgroups", [])),
        "codings": codings,
        "memos": sorted((m.kind, m.text, m.author, m.created) for m in p.memos()),
    }


def _codings(p: Project):
    from condense.store import repository

    with p.store.reading() as s:
        return repository.codings(s)


def test_export_import_export_is_exact(coded_project, tmp_path):
    first = coded_project.export_qdpx(tmp_path / "first.qdpx")
    imported, report = Project.import_qdpx(first, tmp_path / "imported")
    second = imported.export_qdpx(tmp_path / "second.qdpx")
    assert second.read_bytes() == first.read_bytes()
    assert report.skipped == []
    before, after = _content(coded_project), _content(imported)
    assert before["codings"]  # the comparison is about something
    for key in before:
        if key == "codings":  # imported codings are the file's users' codings, as exported
            assert after[key] == before[key]
        else:
            assert after[key] == before[key], key
    imported.close()


def test_codebook_round_trip(coded_project, tmp_path):
    """.qdc export -> import into a fresh project -> .qdc export is the same codebook."""
    first = coded_project.export_qdc(tmp_path / "first.qdc")
    fresh = Project.init(tmp_path / "fresh", "Fresh", "A question?")
    report = fresh.import_refi(first)
    a = coded_project.analysis()
    assert report.counts["theme"] == len(a["themes"]) and report.counts["category"] == len(a["categories"])
    assert fresh.export_qdc(tmp_path / "second.qdc").read_bytes() == first.read_bytes()
    fresh.close()


def test_import_into_an_existing_project_adds_and_logs(coded_project, tmp_path):
    first = coded_project.export_qdpx(tmp_path / "p.qdpx")
    target = Project.init(tmp_path / "target", "Target", "Another question?")
    report = target.import_refi(first)
    assert report.counts["document"] == 3 and len(target.documents()) == 3
    created = {e["object_type"] for e in target.events() if e["data"].get("imported_from") == "p.qdpx"}
    assert {"document", "theme", "unit", "memo", "participant", "category", "subgroup"} <= created
    target.close()


def test_an_imported_project_is_a_working_project(coded_project, tmp_path):
    """Imported work is the researcher's (human) and survives a machine run; analysis.json
    stays within the contract."""
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "analysis.schema.json"
    if not schema_path.is_file():
        pytest.skip(f"the shared contract is not at {schema_path}")
    imported, _ = Project.import_qdpx(coded_project.export_qdpx(tmp_path / "p.qdpx"), tmp_path / "imported")
    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text("utf-8")))
    validator.validate(imported.analysis())
    labels = {t["label"] for t in imported.analysis()["themes"]}
    result = imported.run(tmp_path / "out", RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2,
                                                         k_max=4), embedder=HashingEmbedder(256))
    validator.validate(result.analysis)
    assert labels <= {t["label"] for t in result.analysis["themes"]}  # human (imported) themes kept
    imported.close()
