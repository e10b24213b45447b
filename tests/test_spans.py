"""Property tests of the offset contract (condense.spans) and of ingest's turn offsets:
every span is a half-open code-point range into the normalised text (NFC, LF, no BOM)."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from condense.errors import SpanError
from condense.ingest import parse_transcript
from condense.spans import check_span, cp_to_utf16, normalise, snap, utf16_to_cp

# Pieces of text: Nordic/German letters, decomposed letters, emoji (non-BMP, ZWJ sequences).
PIECES = ["a", "b", "Z", "å", "ø", "ü", "é", "Å", "Ø", "æ", "ß", "e\u0301", "a\u030a", "😀", "👩‍⚕️",
          "🇸🇪", " ", ".", ",", "!", "?", "-", "'", '"', "(", ")", "1", "9"]
RAW = ["\r\n", "\r", "\n", "\ufeff", "\u00a0", "\t"]

pieces = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
raw_text = st.lists(st.sampled_from(PIECES + RAW), max_size=40).map("".join)
any_text = st.one_of(raw_text, st.text(max_size=40))


def _is_normal(text: str) -> bool:
    return "\r" not in text and not text.startswith("\ufeff") and unicodedata.is_normalized("NFC", text)


# -- normalise ---------------------------------------------------------------------------
@given(any_text)
@example("\ufeff\ufeffI: a\r\n")
@example("\r\r\ne\u0301\r")
def test_normalise_is_nfc_lf_without_bom_and_idempotent(text):
    out = normalise(text)
    assert _is_normal(out), repr(out)
    assert normalise(out) == out


@given(raw_text)
def test_normalise_keeps_line_count(text):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    assert normalise(text).count("\n") == lines


def test_normalise_examples():
    assert normalise("\ufeffI: hej\r\nP3: ja\rok") == "I: hej\nP3: ja\nok"
    assert normalise("A\u030asa") == "Åsa"
    assert normalise("\ufeff") == ""


# -- UTF-16 <-> code points ------------------------------------------------------------------
@given(pieces, st.data())
def test_cp_utf16_round_trip(text, data):
    i = data.draw(st.integers(0, len(text)))
    u = cp_to_utf16(text, i)
    assert u == len(text[:i].encode("utf-16-le")) // 2
    assert utf16_to_cp(text, u) == i


@given(pieces)
def test_utf16_end_maps_to_end(text):
    total = len(text.encode("utf-16-le")) // 2
    assert utf16_to_cp(text, total) == len(text)
    assert cp_to_utf16(text, len(text)) == total
    with pytest.raises(SpanError):
        utf16_to_cp(text, total + 1)
    with pytest.raises(SpanError):
        cp_to_utf16(text, len(text) + 1)
    with pytest.raises(SpanError):
        cp_to_utf16(text, -1)


def test_utf16_examples():
    text = "åø😀ü👩‍⚕️x"
    # å ø are one unit each, 😀 two, ü one, 👩 two, ZWJ one, ⚕ one, VS16 one.
    assert [cp_to_utf16(text, i) for i in range(len(text) + 1)] == [0, 1, 2, 4, 5, 7, 8, 9, 10, 11]
    assert utf16_to_cp(text, 4) == 3
    assert text[utf16_to_cp(text, 2):utf16_to_cp(text, 4)] == "😀"
    # An offset inside a surrogate pair rounds up to the next code point.
    assert utf16_to_cp(text, 3) == 3


# -- check_span ------------------------------------------------------------------------------
@given(pieces, st.integers(-3, 40), st.integers(-3, 40))
def test_check_span(text, start, end):
    valid = 0 <= start < end <= len(text)
    if valid:
        check_span(text, start, end)
        check_span(text, start, end, text[start:end])
        with pytest.raises(SpanError):
            check_span(text, start, end, text[start:end] + "x")
    else:
        with pytest.raises(SpanError):
            check_span(text, start, end)


# -- snap ----------------------------------------------------------------------------------------
bounds = st.lists(st.integers(0, 60), max_size=12, unique=True).map(sorted)
span = st.tuples(st.integers(0, 60), st.integers(0, 60)).filter(lambda p: p[0] < p[1])


@given(bounds, span)
def test_snap_expand_grows_to_nearest_boundaries(boundaries, se):
    start, end = se
    s, e = snap(boundaries, start, end, "expand")
    assert s <= start and e >= end, "expand must never cut the span"
    below = [b for b in boundaries if b <= start]
    above = [b for b in boundaries if b >= end]
    if below and above:
        assert (s, e) == (below[-1], above[0])


@given(bounds, span)
def test_snap_contract_shrinks_to_inner_boundaries(boundaries, se):
    start, end = se
    inner = [b for b in boundaries if start <= b <= end]
    result = snap(boundaries, start, end, "contract")
    if len(inner) >= 2:
        assert result == (inner[0], inner[-1])
    else:
        assert result == (start, end)


def test_snap_edge_cases():
    assert snap([], 3, 5) == (3, 5)
    assert snap([0, 4, 10], 5, 7) == (4, 10)
    assert snap([0, 4, 10], 3, 11, "contract") == (4, 10)
    with pytest.raises(ValueError):
        snap([0, 4], 1, 2, "sideways")


# -- ingest: turn offsets address the utterances ---------------------------------------------
UTTER = ["a", "b", "k", "Z", "å", "ø", "ü", "é", "Å", "e\u0301", "😀", "👩‍⚕️", " ", " ", ".", ",", "!", "?",
         "-", "'", "(", ")", "3"]
utterance = st.lists(st.sampled_from(UTTER), min_size=1, max_size=25).map("".join).filter(
    lambda u: normalise(u).strip() != "")
# (interviewer label, informant label); each label occurs at least twice in a transcript.
LABELS = [("I", "P3"), ("Interviewer", "Åsa"), ("Q", "A"), ("I", "IP"), ("Interviewer", "Informant"),
          ("Intervjuare", "Åsa Berg")]


@st.composite
def transcripts(draw):
    q_label, a_label = draw(st.sampled_from(LABELS))
    exchanges = draw(st.lists(st.tuples(utterance, utterance), min_size=2, max_size=5))
    header = draw(st.sampled_from(["", "Interview 3, 14 March 2025\n\n"]))
    gap = draw(st.sampled_from(["\n", "\n\n"]))
    stamp = draw(st.booleans())
    lines, expected = [], []
    for k, (q, a) in enumerate(exchanges):
        for label, said, role in ((q_label, q, "interviewer"), (a_label, a, "informant")):
            prefix = f"[00:{k:02d}:0{len(lines) % 10}] " if stamp else ""
            lines.append(f"{prefix}{label}: {said}")
            expected.append((label, role, normalise(said).strip()))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = (header + gap.join(lines) + "\n").replace("\n", newline)
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + body.encode("utf-8"), expected


def _check_turns(text, turns, expected):
    assert _is_normal(text)
    assert [(t.speaker, t.role) for t in turns] == [(lab, role) for lab, role, _ in expected]
    for turn, (_lab, _role, said) in zip(turns, expected):
        check_span(text, turn.start, turn.end)
        assert text[turn.start:turn.end] == said


@settings(deadline=None, max_examples=60)
@given(transcripts())
def test_parsed_turns_address_their_utterances(case):
    data, expected = case
    parsed = parse_transcript("interview.txt", data, language="en")
    _check_turns(parsed.text, parsed.turns, expected)


@settings(deadline=None, max_examples=3, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_stored_turns_address_their_utterances(case):
    from condense.api import Project

    data, expected = case
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "interview.txt"
        src.write_bytes(data)
        project = Project.init(Path(tmp) / "proj", "Study", "What is it like?")
        try:
            project.add([src])
            (doc,) = project.documents()
            _check_turns(doc.text, doc.turns, expected)
            assert project.original_file(doc.id) == data
        finally:
            project.close()
