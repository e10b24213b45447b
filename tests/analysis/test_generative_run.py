"""A run with a generative engine (the deterministic fake) under a guard: what passes the
guard is kept with provenance and citations, what fails falls back to the extractive draft,
calls grow with themes not units, and every answer is cached in the project store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from condense.api import RunSettings
from condense.engines.generative import FakeEngine, echo
from condense.guard import Verdict
from condense.settings import build_pipeline
from condense.store import repository

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "analysis.schema.json"
GEN = RunSettings(engine="llama-cpp", embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)
_WORD = re.compile(r"\w{4,}")


# Word for word, the Swedish and Danish informants' lines of the small project (conftest).
GLOSS = dict(pair.split("=") for pair in """
vi=we började=started begyndte=started under=during pandemin=pandemic pandemien=pandemic och=and og=and
ingen=nobody utbildade=trained uddannede=trained oss=us programmet=software kraschade=crashed ofta=often
gik=went ned=down hele=all tiden=time ljudet=sound lyden=sound var=was dåligt=bad dårlig=bad man=one kan=can
inte=not ikke=not känna=feel mærke=feel på=on magen=stomach maven=stomach eller=or lyssna=listen lytte=listen
lungorna=lungs lungerne=lungs via=via over=over video=video jag=I jeg=I är=am er=am rädd=afraid bange=afraid
att=to for=to at=to missa=miss overse=miss något=something noget=something allvarligt=serious alvorligt=serious
skärmen=screen skærmen=screen äldre=older ældre=older patienter=patients utan=without uden=without
smartphone=smartphone har=have svårt=difficulty svært=difficulty med=with ved=with dottern=daughter
datteren=daughter får=must må=must hjälpa=help hjælpe=help till=out surfplattan=tablet tabletten=tablet""".split())


def gloss(text):
    return re.sub(r"\w+", lambda m: GLOSS.get(m.group().lower(), m.group()), text)


class WordGuard:
    """Fake guard: every word of 4+ letters must occur in a source (or in its gloss)."""

    def __init__(self):
        self.checked = []

    def check(self, sentence, sources, language=None):
        self.checked.append((sentence, tuple(sources)))
        have = {w.lower() for s in sources for w in _WORD.findall(s + " " + gloss(s))}
        missing = [w for w in _WORD.findall(sentence) if w.lower() not in have]
        return Verdict(not missing, 1.0 - len(missing) / 10, tuple(f"'{w}' not in sources" for w in missing))


def translating(prompt, schema):
    """Echo, with the quote translated word for word (as a model asked to translate would)."""
    answer = echo(prompt, schema)
    if "quote_translation" in answer:
        answer["quote_translation"] = gloss(answer["quote_translation"])
    return answer


def inventing(prompt, schema):
    """Answers like echo, but every sentence gains a diagnosis nobody mentioned."""
    answer = echo(prompt, schema)

    def spoil(item):
        return {**item, "text": item["text"] + " after a psychosis diagnosis"} if "text" in item else item

    if "condensates" in answer:
        answer["condensates"] = {g: spoil(c) for g, c in answer["condensates"].items()}
    if "sentences" in answer:
        answer["sentences"] = [spoil(x) for x in answer["sentences"]]
    if "description" in answer:
        answer["description"] = spoil(answer["description"])
    if "quote_translation" in answer:
        answer["quote_translation"] += " psychosis"
    return answer


def _run(project, tmp_path, embedder, engine, guard, name="out", settings=GEN):
    from condense.engines.generation_cache import StoreCache
    import condense.api_run as api_run

    def build(s, emb, cache=None, language="en", embedding_cache=None):
        return build_pipeline(s, emb, engine=engine, cache=cache, guard=guard, language=language,
                              embedding_cache=embedding_cache)

    original = api_run.build_pipeline
    api_run.build_pipeline = build
    try:
        return project.run(tmp_path / name, settings, embedder=embedder).analysis
    finally:
        api_run.build_pipeline = original


def test_faithful_drafts_are_kept_cite_units_and_carry_provenance(small_project, tmp_path, fake_embedder):
    engine, guard = FakeEngine(translating), WordGuard()
    a = _run(small_project, tmp_path, fake_embedder, engine, guard)
    if SCHEMA.is_file():
        import jsonschema

        jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(a)
    kept = [g for g in a["generated"] if g["status"] == "kept"]
    assert {g["object_type"] for g in kept} >= {"impression", "theme", "condensate", "category"}
    units = {u["id"]: u["text"] for u in a["units"]}
    units_lang = {u["id"]: u["language"] for u in a["units"]}
    for g in kept:
        assert g["provenance"]["engine"] == "fake" and g["provenance"]["template"]
        assert g["provenance"]["params"] == {"seed": 0, "temperature": 0.0}
        if g["object_type"] in ("condensate", "theme", "category") and g["field"] != "label":
            assert g["unit_ids"] and all(u in units for u in g["unit_ids"])
    condensates = [s["condensate"] for t in a["themes"] for s in t["subgroups"]]
    generated = [c for c in condensates if "generated_by" in c]
    assert generated and all(c["language"] == "en" for c in generated)
    by_id = {g["object_id"]: g for g in kept if g["object_type"] == "condensate"}
    for c in generated:
        assert c["text"] == by_id[c["id"]]["text"] and c["unit_ids"] == by_id[c["id"]]["unit_ids"]
    # Swedish and Danish quotes keep their verbatim text; the translation stands beside it.
    translated = [q for q in a["quotes"] if "translation" in q]
    assert translated and all(q["text"] == units[q["unit_id"]] for q in translated)
    assert "Translation (machine" in (tmp_path / "out" / "report.html").read_text("utf-8")
    steps = {r["step"]: r for r in a["runs"]}
    for step in ("impression", "themes", "condensation", "synthesis"):
        counts = steps[step]["params"]["generated"]
        assert counts["kept"] > 0 and counts["calls"] > 0
        assert steps[step]["engine"].startswith("fake+")
    # echoed sentences pass the guard; labels are judged by the embedder (here the hashing fake);
    # an echo of a Swedish or Danish passage is no English condensate
    for g in a["generated"]:
        if g["status"] == "dropped" and g["field"] != "label":
            assert g["reasons"][0].startswith("not in English: reads as "), g
            assert g["object_type"] == "impression" or {units_lang[u] for u in g["unit_ids"]} & {"sv", "da"}


def test_unfaithful_drafts_never_reach_the_analysis(small_project, tmp_path, fake_embedder):
    fast = _run(small_project, tmp_path, fake_embedder, None, None, "fast",
                RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4))
    a = _run(small_project, tmp_path, fake_embedder, FakeEngine(inventing), WordGuard())
    sentences = [g for g in a["generated"] if g["field"] != "label"]
    assert sentences and all(g["status"] == "dropped" and g["reasons"] for g in sentences)
    assert "psychosis" not in json.dumps({k: a[k] for k in ("themes", "categories", "impressions", "quotes")})
    # The extractive draft stands wherever the generated sentence was dropped.
    assert [s["condensate"]["text"] for t in a["themes"] for s in t["subgroups"]] == \
        [s["condensate"]["text"] for t in fast["themes"] for s in t["subgroups"]]
    assert [i["summary"] for i in a["impressions"]] == [i["summary"] for i in fast["impressions"]]
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    results, _, unverified = report.partition("## Unverified machine drafts")
    assert "psychosis" not in results and "psychosis" in unverified, "shown beside its sources, not as results"
    counts = {r["step"]: r["params"]["generated"] for r in a["runs"] if "generated" in r["params"]}
    assert counts["condensation"]["dropped"] >= len(a["themes"]) and counts["condensation"]["kept"] == 0


def test_calls_grow_with_themes_not_units_and_answers_are_cached(small_project, tmp_path, fake_embedder):
    engine = FakeEngine(echo)
    a = _run(small_project, tmp_path, fake_embedder, engine, WordGuard())
    themes, categories = len(a["themes"]), len(a["categories"])
    documents = len(a["documents"])
    assert len(engine.calls) == documents + 2 * themes + categories
    assert len(a["units"]) > len(engine.calls) / 2
    again = FakeEngine(echo)
    b = _run(small_project, tmp_path, fake_embedder, again, WordGuard(), "again")
    assert again.calls == [], "a re-run with the same model and templates asks nothing new"
    assert [t["label"] for t in b["themes"]] == [t["label"] for t in a["themes"]]
    assert all(r["params"]["generated"]["cached"] > 0 for r in b["runs"] if "generated" in r["params"])
    with small_project.store.reading() as s:
        assert len(repository.generations(s)) == len(b["generated"])


def test_a_label_closer_to_another_theme_is_not_kept(small_project, tmp_path, fake_embedder):
    def same_label(prompt, schema):
        answer = echo(prompt, schema)
        if "label" in answer:
            answer["label"] = "pandemic crashed sound"  # the words of one theme only
        return answer

    a = _run(small_project, tmp_path, fake_embedder, FakeEngine(same_label), WordGuard())
    labels = [g for g in a["generated"] if g["field"] == "label" and g["object_type"] == "theme"]
    assert len(labels) == len(a["themes"]) >= 2
    assert sum(g["status"] == "kept" for g in labels) <= 1
    dropped = [g for g in labels if g["status"] == "dropped"]
    assert dropped and all("closer to another group" in g["reasons"][0] for g in dropped)
    shown = {t["label"] for t in a["themes"]}
    assert sum(label == "pandemic crashed sound" for label in shown) <= 1


def test_default_guard_comes_from_the_guard_package(fake_embedder):
    pipeline = build_pipeline(GEN, fake_embedder, engine=FakeEngine(echo))
    from condense.guard import Guard

    assert isinstance(pipeline.journal.guard, Guard)
    assert pipeline.condenser.name == "fake+extractive"


def test_codebook_labels_are_left_alone(tmp_path, fake_embedder):
    book = tmp_path / "codes.csv"
    book.write_text("label,description\nTraining,learning video\nSafety,examining at a distance\n", "utf-8")
    settings = RunSettings(engine="llama-cpp", embedder="hashing", codebook=str(book))
    pipeline = build_pipeline(settings, fake_embedder, engine=FakeEngine(echo), guard=WordGuard())
    assert pipeline.grouper.name == "codebook"


def test_bad_voice_is_refused(fake_embedder):
    from condense.errors import BadSettings

    with pytest.raises(BadSettings, match="voice"):
        build_pipeline(RunSettings(voice="second-person"), fake_embedder)


def test_an_engine_that_fails_leaves_the_extractive_draft_and_is_counted(small_project, tmp_path, fake_embedder):
    from condense.engines.generative import EngineError

    def broken(prompt, schema):
        raise EngineError("the model did not answer with JSON: '{\"label\": \"cut off'")

    a = _run(small_project, tmp_path, fake_embedder, FakeEngine(broken), WordGuard())
    assert a["generated"] == []
    counts = {r["step"]: r["params"]["generated"] for r in a["runs"] if "generated" in r["params"]}
    assert counts["condensation"]["failed"] == counts["condensation"]["calls"] == len(a["themes"])
    assert all("generated_by" not in s["condensate"] for t in a["themes"] for s in t["subgroups"])


def test_the_condensation_prompt_names_the_language_a_group_was_said_in(small_project, tmp_path, fake_embedder):
    prompts = []

    def recording(prompt, schema):
        prompts.append(prompt)
        return echo(prompt, schema)

    _run(small_project, tmp_path, fake_embedder, FakeEngine(recording), WordGuard())
    headers = [line for p in prompts if "condense interviews" in p
               for line in p.splitlines() if line.startswith("Group ")]
    assert any(re.fullmatch(r"Group [A-Z] \(said in (Swedish|Danish)[^)]*; write its condensate in English\):", h)
               for h in headers)
    assert any(re.fullmatch(r"Group [A-Z]:", h) for h in headers)  # English groups need no note
    assert not any("into en " in p for p in prompts)  # languages by name, not code


def test_swedish_and_danish_groups_come_with_a_word_list_from_the_guards_vocabulary(
        small_project, tmp_path, fake_embedder):
    prompts = []

    def recording(prompt, schema):
        prompts.append(prompt)
        return echo(prompt, schema)

    _run(small_project, tmp_path, fake_embedder, FakeEngine(recording), WordGuard())
    groups = [block for p in prompts if "condense interviews" in p for block in p.split("\n\n")
              if block.startswith("Group ")]
    foreign = [g for g in groups if "(said in" in g]
    assert foreign and all("\nWord meanings: " in g for g in foreign if "patienter" in g)
    meanings = " ".join(g.split("Word meanings: ")[1] for g in foreign if "Word meanings: " in g)
    assert "patienter = patient" in meanings or "patienter = patients" in meanings
    assert all("Word meanings" not in g for g in groups if "(said in" not in g)  # English needs none
