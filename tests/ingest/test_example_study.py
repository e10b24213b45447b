"""The example study (examples/video-consultations): ingest matches the hand-made gold turns,
every gold coding lies inside exactly one informant turn, and participants attach."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from condense.ingest import parse_transcript
from condense.spans import find_all, normalise

STUDY = Path(__file__).resolve().parents[2] / "examples" / "video-consultations"
NAMES = ["P01.txt", "P02.md", "P03.txt", "P04.txt", "P05.txt", "P06.txt", "P07.vtt"]
LANGUAGES = {"P01": "en", "P02": "en", "P03": "sv", "P04": "da", "P05": "en", "P06": "sv", "P07": "en"}


def transcript(name: str) -> Path:
    path = STUDY / "transcripts" / name
    assert path.is_file(), f"{name} is missing from the example study"
    return path


def parse(name: str):
    path = transcript(name)
    return parse_transcript(path.name, path.read_bytes())


@pytest.mark.parametrize("name", NAMES)
def test_turns_match_gold(name):
    gold_path = STUDY / "gold" / "turns" / f"{Path(name).stem}.json"
    assert gold_path.is_file(), f"no gold turns for {name}"
    parsed = parse(name)
    got = [[t.speaker, t.role] for t in parsed.turns]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    first = next((i for i, (g, w) in enumerate(zip(got, gold)) if g != w), min(len(got), len(gold)))
    assert got == gold, (f"{name}: {len(got)} turns vs {len(gold)} gold; first difference at turn {first}: "
                         f"{got[first:first + 1]} vs gold {gold[first:first + 1]}")
    for turn in parsed.turns:
        span = parsed.text[turn.start:turn.end]
        assert span and span == span.strip()
        if name.endswith(".vtt"):
            assert 0 <= turn.time_start_ms < turn.time_end_ms
    assert parsed.language == LANGUAGES[Path(name).stem]


@pytest.mark.parametrize("name", NAMES)
def test_gold_codings_lie_in_exactly_one_informant_turn(name):
    gold_path = STUDY / "gold" / "codings" / f"{Path(name).stem}.jsonl"
    assert gold_path.is_file(), f"no gold codings for {name}"
    parsed = parse(name)
    informant = [t for t in parsed.turns if t.role == "informant"]
    codings = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert codings, f"{gold_path.name} is empty"
    problems = []
    for coding in codings:
        needle = normalise(coding["text"])
        starts = find_all(parsed.text, needle)
        holders = {(t.start, t.end) for s in starts for t in informant
                   if t.start <= s and s + len(needle) <= t.end}
        if len(starts) != 1 or len(holders) != 1:
            problems.append(f"{len(starts)} occurrences, {len(holders)} informant turns: {needle[:60]!r}")
    assert problems == [], f"{name}: " + "; ".join(problems)


def test_participants_attach_to_their_documents(tmp_path):
    from condense.api import Project

    sheet = STUDY / "participants.csv"
    assert sheet.is_file(), "participants.csv is missing from the example study"
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    present = [STUDY / "transcripts" / r["document"] for r in rows if (STUDY / "transcripts" / r["document"]).is_file()]
    assert len(present) == len(rows), "participants.csv names transcripts the example study lacks"
    project = Project.init(tmp_path / "proj", "Video consultations", "How do clinicians experience video?")
    try:
        docs = project.add(present)
        assert [d.name for d in docs] == [p.name for p in present]
        project.load_participants(sheet)
        by_name = {d.name: d for d in project.documents()}
        assert {name: d.participant_id for name, d in by_name.items()} == {r["document"]: r["participant"]
                                                                           for r in rows}
        people = {p.id: p for p in project.participants()}
        for r in rows:
            person = people[r["participant"]]
            assert person.pseudonym == r["pseudonym"]
            assert person.attributes["age"] == int(r["age"]) and person.attributes["country"] == r["country"]
            assert by_name[r["document"]].language == r["language"]
    finally:
        project.close()
