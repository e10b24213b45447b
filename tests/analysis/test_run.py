"""Project.run end to end with the hashing embedder: the contract, determinism, human edits,
bracketing and bad settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from condense.api import Project, RunSettings
from condense.errors import BadFile, BadSettings, BracketingRequired

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "analysis.schema.json"
FAST = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)


def _run(project, tmp_path, embedder, settings=FAST, name="out"):
    return project.run(tmp_path / name, settings, embedder=embedder)


def test_run_writes_schema_valid_analysis_and_reports(small_project, tmp_path, fake_embedder):
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"the shared contract is not at {SCHEMA}")
    result = _run(small_project, tmp_path, fake_embedder)
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(analysis)
    assert (tmp_path / "out" / "report.html").read_text("utf-8").startswith("<!")
    assert "# " in (tmp_path / "out" / "report.md").read_text("utf-8")
    assert analysis == result.analysis
    docs = {d["id"]: d["text"] for d in analysis["documents"]}
    for unit in analysis["units"]:
        assert docs[unit["document_id"]][unit["start"]:unit["end"]] == unit["text"]
    for quote in analysis["quotes"]:
        assert docs[quote["document_id"]][quote["start"]:quote["end"]] == quote["text"]


def test_every_step_leaves_its_trace(small_project, tmp_path, fake_embedder):
    a = _run(small_project, tmp_path, fake_embedder).analysis
    assert [r["step"] for r in a["runs"]] == ["impression", "relevance", "units", "themes", "condensation",
                                              "synthesis"]
    assert all(r["params"]["embedder"] == "hashing-256" for r in a["runs"])
    relevant = {u["id"] for u in a["units"] if u["relevant"]}
    coded = {u for t in a["themes"] for u in t["unit_ids"]} | {x["unit_id"] for x in a["unassigned"]}
    assert relevant <= coded, "every relevant unit is in a theme or listed as unassigned"
    for theme in a["themes"]:
        assert 1 <= len(theme["subgroups"]) <= 3
        for sub in theme["subgroups"]:
            assert set(sub["condensate"]["unit_ids"]) <= set(theme["unit_ids"])
        assert theme["participant_count"] == len(theme["participant_ids"])
    assert {t for c in a["categories"] for t in c["theme_ids"]} == {t["id"] for t in a["themes"]}
    assert a["table1"]["n"] == 3
    assert any(i["document_id"] is None and i["preliminary_themes"] for i in a["impressions"])


def test_interviewer_text_never_becomes_a_unit(small_project, tmp_path, fake_embedder):
    a = _run(small_project, tmp_path, fake_embedder).analysis
    for doc in a["documents"]:
        asked = [(t["start"], t["end"]) for t in doc["turns"] if t["role"] == "interviewer"]
        for u in (u for u in a["units"] if u["document_id"] == doc["id"]):
            assert not any(s < u["end"] and u["start"] < e for s, e in asked)
            turn = [t for t in doc["turns"] if t["start"] <= u["start"] and u["end"] <= t["end"]]
            assert len(turn) == 1 and turn[0]["role"] == "informant", "a unit never crosses a turn"


def test_runs_are_deterministic(small_project, tmp_path, fake_embedder):
    def strip(a):
        a = dict(a)
        a["runs"] = [{k: v for k, v in r.items() if k not in ("started", "seconds")} for r in a["runs"]]
        return a

    first = strip(_run(small_project, tmp_path, fake_embedder, name="a").analysis)
    second = strip(_run(small_project, tmp_path, fake_embedder, name="b").analysis)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_rerun_keeps_human_edits(small_project, tmp_path, fake_embedder):
    a = _run(small_project, tmp_path, fake_embedder).analysis
    theme = a["themes"][0]
    condensate = theme["subgroups"][0]["condensate"]
    small_project.rename_theme(theme["id"], "Learning video by doing")
    small_project.edit_condensate(condensate["id"], "We taught ourselves video.", condensate["unit_ids"][:1])
    b = _run(small_project, tmp_path, fake_embedder, name="again").analysis
    kept = {t["id"]: t for t in b["themes"]}[theme["id"]]
    assert kept["label"] == "Learning video by doing" and kept["source"] == "human"
    assert kept["unit_ids"] == theme["unit_ids"]
    texts = {s["condensate"]["id"]: s["condensate"] for t in b["themes"] for s in t["subgroups"]}
    assert texts[condensate["id"]]["text"] == "We taught ourselves video."
    assert texts[condensate["id"]]["source"] == "human"
    actions = [(e["action"], e["object_type"]) for e in small_project.events()]
    assert ("update", "theme") in actions and ("update", "condensate") in actions


def test_human_unit_survives_and_blocks_overlapping_machine_units(small_project, tmp_path, fake_embedder):
    doc = small_project.documents()[0]
    informant = next(t for t in doc.turns if t.role == "informant")
    uid = small_project.add_unit(doc.id, informant.start, informant.start + 40)
    a = _run(small_project, tmp_path, fake_embedder).analysis
    units = [u for u in a["units"] if u["document_id"] == doc.id]
    mine = next(u for u in units if u["id"] == uid)
    assert mine["source"] == "human"
    assert not any(u["id"] != uid and u["start"] < mine["end"] and mine["start"] < u["end"] for u in units)


def test_bracketing_is_required_unless_waived(tmp_path, fake_embedder):
    (tmp_path / "a.txt").write_text("I: Tell me.\nP1: Video visits help working parents a lot.\n", "utf-8")
    project = Project.init(tmp_path / "p", "X", "How is video?", [])
    project.add([tmp_path / "a.txt"])
    with pytest.raises(BracketingRequired):
        project.run(tmp_path / "out", FAST, embedder=fake_embedder)
    assert not (tmp_path / "out").exists()
    settings = RunSettings(embedder="hashing", relevance_threshold=-1.0, bracketing=False)
    project.run(tmp_path / "out", settings, embedder=fake_embedder)
    assert any(e["action"] == "no-bracketing" for e in project.events())


def test_bad_settings_give_clear_messages(small_project, tmp_path, fake_embedder):
    with pytest.raises(BadSettings, match="no informant text was judged relevant"):
        small_project.run(tmp_path / "o", RunSettings(embedder="hashing", relevance_threshold=5.0),
                          embedder=fake_embedder)
    codebook = tmp_path / "codes.csv"
    codebook.write_text("label,description\nTraining,learning video\ntraining,again\n", "utf-8")
    with pytest.raises(BadSettings, match="twice"):
        small_project.run(tmp_path / "o", RunSettings(embedder="hashing", codebook=str(codebook)),
                          embedder=fake_embedder)
    with pytest.raises(BadFile, match="does not exist"):
        small_project.run(tmp_path / "o", RunSettings(embedder="hashing", codebook=str(tmp_path / "nope.csv")),
                          embedder=fake_embedder)
    empty = Project.init(tmp_path / "empty", "E", "Q?", [])
    with pytest.raises(BadSettings, match="no transcripts"):
        empty.run(tmp_path / "o", FAST, embedder=fake_embedder)


def test_codebook_mode_assigns_every_unit_with_a_score(small_project, tmp_path, fake_embedder):
    codebook = tmp_path / "codes.csv"
    codebook.write_text("label,description,category\nTraining,nobody trained us learned by doing,Start\n"
                        "Examination,touch abdomen listen chest examine,Clinic\n"
                        "Older patients,older patients smartphone daughter tablet,Equity\n", "utf-8")
    settings = RunSettings(embedder="hashing", relevance_threshold=-1.0, codebook=str(codebook))
    a = small_project.run(tmp_path / "o", settings, embedder=fake_embedder).analysis
    assert [t["label"] for t in a["themes"]] == ["Training", "Examination", "Older patients"]
    relevant = {u["id"] for u in a["units"] if u["relevant"]}
    assert relevant == {u for t in a["themes"] for u in t["unit_ids"]}
    assert a["runs"][3]["engine"] == "codebook"


def test_codebook_categories_become_the_main_categories(small_project, tmp_path, fake_embedder):
    codebook = tmp_path / "codes.csv"
    codebook.write_text("label,description,category\nTraining,nobody trained us learned by doing,Getting started\n"
                        "Software,software crashed sound bad,Getting started\n"
                        "Examination,touch abdomen listen chest examine,Clinical judgement\n"
                        "Older patients,older patients smartphone daughter tablet,\n", "utf-8")
    settings = RunSettings(embedder="hashing", relevance_threshold=-1.0, codebook=str(codebook))
    a = small_project.run(tmp_path / "o", settings, embedder=fake_embedder).analysis
    label_of = {t["id"]: t["label"] for t in a["themes"]}
    cats = {c["label"]: {label_of[t] for t in c["theme_ids"]} for c in a["categories"]}
    assert cats.pop("Getting started") == {"Training", "Software"}
    assert cats.pop("Clinical judgement") == {"Examination"}
    # the theme the codebook leaves without a category is grouped by the fallback, not dropped
    assert list(cats.values()) == [{"Older patients"}]
    assert a["runs"][5]["engine"] == "codebook-categories"


def test_reruns_reuse_embeddings_kept_in_the_project(small_project, tmp_path):
    from condense.engines import HashingEmbedder

    class Counting(HashingEmbedder):
        calls = 0

        def embed(self, texts, kind="passage"):
            Counting.calls += len(texts)
            return super().embed(texts, kind)

    first = small_project.run(tmp_path / "a", FAST, embedder=Counting(256)).analysis
    assert Counting.calls > 0
    Counting.calls = 0
    second = small_project.run(tmp_path / "b", FAST, embedder=Counting(256)).analysis
    assert Counting.calls == 0
    strip = lambda a: {k: v for k, v in a.items() if k not in ("runs", "generated_at")}  # noqa: E731
    assert strip(first) == strip(second)


def test_a_human_condensate_keeps_its_machine_theme_on_rerun(small_project, tmp_path, fake_embedder):
    from condense.store import tables as t

    a = _run(small_project, tmp_path, fake_embedder).analysis
    theme = a["themes"][0]
    condensate = theme["subgroups"][0]["condensate"]
    with small_project.store.transaction() as s:  # as a project from before themes were marked too
        s.get(t.CondensateRow, condensate["id"]).source = "human"
        assert s.get(t.ThemeRow, theme["id"]).source == "machine"
    b = _run(small_project, tmp_path, fake_embedder, name="again").analysis
    kept = {t_["id"]: t_ for t_ in b["themes"]}[theme["id"]]
    assert kept["unit_ids"] == theme["unit_ids"]
    assert condensate["id"] in {s_["condensate"]["id"] for s_ in kept["subgroups"]}
