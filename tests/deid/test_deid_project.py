"""De-identification through the project API: detection, review, consistent mapping across
transcripts, events, and what `run` writes in each quote mode (hashing embedder, no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLANTED, no_model

from condense.api import RunSettings
from condense.deid import deidentify_text
from condense.engines import HashingEmbedder
from condense.errors import BadSettings

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "analysis.schema.json"
FAST = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)


def _by_surface(project):
    return {i.surface: i for i in project.deid_review()}


def test_detection_groups_findings_by_surface_with_exact_offsets(planted_project):
    n = planted_project.detect_identifiers(detectors_by_language=no_model)
    items = _by_surface(planted_project)
    assert n == sum(i.count for i in items.values())
    for surface in ("Sarah Mitchell", "Harrogate Medical Centre", "sarah.mitchell@example.org",
                    "Vårdcentralen Norrmalm", "Kalmar", "Anna Lindqvist", "070-123 45 67", "811218-9876",
                    "Svendborg Sygehus", "Mette Nørgaard", "Aabenraa"):
        assert surface in items and items[surface].status == "pending", surface
    assert items["Kalmar"].count == 2 and items["Kalmar"].documents == ("sv",)
    assert items["Sarah Mitchell"].count == 2
    docs = {d.id: d.text for d in planted_project.documents()}
    with planted_project.store.reading() as s:
        from condense.store import tables as t

        for f in s.query(t.DeidFindingRow):
            assert docs[f.document_id][f.start:f.end] == f.text
    # One label per person: the first name alone is the full name's label.
    assert items["Sarah"].replacement == items["Sarah Mitchell"].replacement == "[person A]"
    assert items["Anna"].replacement == items["Anna Lindqvist"].replacement
    assert items["Mette"].replacement == items["Mette Nørgaard"].replacement
    assert len({items[s].replacement for s in ("Sarah Mitchell", "Anna Lindqvist", "Mette Nørgaard")}) == 3
    assert items["Kalmar"].replacement.startswith("[place ")


def test_review_decisions_are_events_and_survive_redetection(planted_project):
    p = planted_project
    p.detect_identifiers(detectors_by_language=no_model)
    items = _by_surface(p)
    p.decide_identifiers([items["Kalmar"].id, "Anna Lindqvist"], "accepted")
    p.decide_identifiers(["Aabenraa"], "rejected")
    p.set_replacement("Anna Lindqvist", "Dr A")
    added = p.add_identifier("Dottern", "person")
    assert added.count == 1 and added.status == "accepted" and added.source == "human"
    with pytest.raises(BadSettings, match="no identifier"):
        p.decide_identifiers(["Nobody"], "accepted")
    with pytest.raises(BadSettings, match="unknown identifier type"):
        p.add_identifier("Lisa", "pet")
    p.detect_identifiers(detectors_by_language=no_model)  # again: decisions and human findings stay
    again = _by_surface(p)
    assert again["Kalmar"].status == "accepted" and again["Aabenraa"].status == "rejected"
    assert again["Anna Lindqvist"].replacement == "Dr A" and again["Dottern"].count == 1
    assert again["Kalmar"].replacement == items["Kalmar"].replacement
    actions = [(e["action"], e["object_type"]) for e in p.events()]
    for expected in [("detect", "deid"), ("accept", "deid_entry"), ("reject", "deid_entry"),
                     ("update", "deid_entry"), ("add", "deid_entry")]:
        assert expected in actions
    state = p.deid_state()
    assert state.mapping["Anna Lindqvist"] == "Dr A" and "Aabenraa" not in state.mapping
    assert deidentify_text(p, "Anna Lindqvist i Kalmar och Aabenraa") == (
        f"Dr A i {items['Kalmar'].replacement} och Aabenraa")


def test_quote_mode_defaults_to_untraceable_for_a_small_population(planted_project):
    p = planted_project
    assert p.deid_state().quote_mode == "labelled"
    assert p.set_quote_mode(small_population=True).quote_mode == "untraceable"
    assert p.set_quote_mode("labelled", ["profession", "age_band"]).quote_mode == "labelled"
    with pytest.raises(BadSettings, match="quote mode"):
        p.set_quote_mode("anonymous")
    assert ("update", "deid_settings") in [(e["action"], e["object_type"]) for e in p.events()]


def _all_text(out: Path) -> str:
    return (out / "report.html").read_text("utf-8") + (out / "report.md").read_text("utf-8")


def test_untraceable_reports_name_no_participant_and_no_planted_identifier(planted_project, tmp_path):
    p = planted_project
    p.detect_identifiers(detectors_by_language=no_model)
    p.accept_all_identifiers()
    p.set_quote_mode("untraceable")
    result = p.run(tmp_path / "out", FAST, embedder=HashingEmbedder(256))
    report = _all_text(tmp_path / "out")
    assert result.analysis["quotes"], "the run chose quotes to check"
    for word in PLANTED + ("P1", "P2", "P3", "Harriet", "Gunnel", "Birthe", "en.txt", "sv.txt", "da.txt"):
        assert word not in report, word
    assert "[person A]" in report or "[place X]" in report
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text("utf-8"))
    for q in analysis["quotes"]:
        assert q["attribution"] is None
        assert not any(w in q["display_text"] for w in PLANTED)
    # The mapping stays in the project: analysis.json says how much was replaced, never what.
    assert set(analysis["deidentification"]) == {"quote_mode", "label_attributes", "small_population",
                                                  "identifiers_replaced", "pending_review"}
    assert "[person A]" not in json.dumps([d["text"] for d in analysis["documents"]], ensure_ascii=False)
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(analysis)


def test_without_review_the_report_is_not_deidentified_but_says_so(planted_project, tmp_path):
    p = planted_project
    p.detect_identifiers(detectors_by_language=no_model)
    result = p.run(tmp_path / "out", FAST, embedder=HashingEmbedder(256))
    assert any("not reviewed" in line for line in result.summary_lines())
    assert result.analysis["deidentification"]["pending_review"] > 0


def test_labelled_quotes_carry_the_chosen_attributes(planted_project, tmp_path):
    p = planted_project
    p.detect_identifiers(detectors_by_language=no_model)
    p.accept_all_identifiers()
    p.set_quote_mode("labelled", ["profession", "age_band"])
    a = p.run(tmp_path / "out", FAST, embedder=HashingEmbedder(256)).analysis
    labels = {q["attribution"] for q in a["quotes"]}
    assert labels <= {"Harriet, GP, 40s", "Gunnel, GP, 50s", "Birthe, nurse, 30s"} and labels
    report = _all_text(tmp_path / "out")
    assert any(label in report for label in labels)
    for word in PLANTED:
        assert word not in report, word


def test_undecided_machine_findings_follow_a_new_detection(planted_project):
    from condense.deid.patterns import PatternDetector

    p = planted_project
    p.detect_identifiers(detectors_by_language=no_model)
    p.decide_identifiers(["Kalmar"], "accepted")
    p.detect_identifiers(detectors_by_language=lambda _lang: [PatternDetector()])
    items = _by_surface(p)
    assert "Anna Lindqvist" not in items, "no longer found and never decided: gone"
    assert items["Kalmar"].status == "accepted" and items["Kalmar"].count == 0
    assert items["811218-9876"].count == 1
