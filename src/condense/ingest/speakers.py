"""Speaker turns from transcript conventions: "I:", "Interviewer:", "Q:/A:", "P3:", "Name:",
markdown "**Name:**", bold labels in .docx, an optional leading timestamp. A turn's span
covers the utterance, not its label; a paragraph without a label continues the turn before
it. Roles come from the label (a known interviewer word, or the user's --interviewer /
speaker map); every other speaker is an informant."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Literal, Mapping, Sequence

from condense.ingest.readers import LabelHint
from condense.model import Role, Turn
from condense.spans import strip_span

INTERVIEWER_WORDS = {
    "i", "int", "interviewer", "interviewers", "intervjuare", "intervjuaren", "intervieweren",
    "moderator", "facilitator", "q", "question", "researcher", "forskare", "forsker",
    "interviewerin", "befrager", "spørger", "fråga", "f", "mod",
}
OTHER_WORDS = {"interpreter", "tolk", "dolmetscher", "note", "comment", "transcriber", "kommentar"}
# Labels that are speakers even if they occur once: short codes and role words.
_CODE_LABEL = re.compile(r"^(?:[A-ZÅÄÖÆØ]{1,3}\d{0,3}|[PRD]\d{1,3}|IP\d*|Informant(?: \d+)?|Participant(?: \d+)?|Respondent(?: \d+)?|Deltager(?: \d+)?|Deltagare(?: \d+)?)$")
_TIMESTAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s+)?"
_LABEL_LINE = re.compile(
    rf"[ \t]*{_TIMESTAMP}(?:\*\*|__)?(?P<label>[^\W\d_][\w.'’ -]{{0,38}}?|\w{{1,3}}\d{{0,3}})[ \t]*"
    rf"(?:(?:\*\*|__)[ \t]*:|:[ \t]*(?:\*\*|__)?)[ \t]*"
)
_SENTENCE_WORDS = re.compile(r"\b(?:and|och|og|und|the|then|said|sa|sagde|but|men)\b", re.I)


def _candidate(label: str) -> bool:
    words = label.split()
    if not words or len(words) > 3 or _SENTENCE_WORDS.search(label):
        return False
    low = label.lower().rstrip(".")
    return low in INTERVIEWER_WORDS or low in OTHER_WORDS or all(w[0].isupper() or w[0].isdigit() for w in words)


def role_for(label: str, interviewer: Sequence[str] = (), speaker_map: Mapping[str, str] | None = None) -> Role:
    if speaker_map:
        for key, role in speaker_map.items():
            if key.casefold() == label.casefold():
                return role  # type: ignore[return-value]
    low = label.casefold().rstrip(".")
    if interviewer:
        return "interviewer" if low in {x.casefold() for x in interviewer} else (
            "other" if low in OTHER_WORDS else "informant")
    if low in INTERVIEWER_WORDS or low.startswith(("interviewer", "intervjuare")):
        return "interviewer"
    return "other" if low in OTHER_WORDS else "informant"


def _lines(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def detect_turns(
    text: str,
    hints: Sequence[LabelHint] = (),
    interviewer: Sequence[str] = (),
    speaker_map: Mapping[str, str] | None = None,
    unlabelled: Literal["continue", "informant"] = "continue",
) -> tuple[Turn, ...]:
    """Find speaker turns in a normalised transcript text."""
    hint_at = {h.start: h for h in hints}
    found: list[tuple[int, int, int, str]] = []  # line_start, line_end, body_start, label
    for ls, le in _lines(text):
        hint = hint_at.get(ls) or hint_at.get(ls + len(text[ls:le]) - len(text[ls:le].lstrip()))
        if hint is not None:
            body = hint.end
            while body < le and text[body] in ":* \t":
                body += 1
            found.append((ls, le, body, hint.speaker))
            continue
        match = _LABEL_LINE.match(text, ls, le)
        if match and match.end() < le and _candidate(match.group("label").strip()):
            found.append((ls, le, match.end(), match.group("label").strip()))
    counts = Counter(label for *_, label in found)
    explicit = {k.casefold() for k in (speaker_map or {})} | {x.casefold() for x in interviewer}
    accepted = {
        label for label in counts
        if counts[label] >= 2 or _CODE_LABEL.match(label) or label.casefold() in explicit
        or label.casefold().rstrip(".") in INTERVIEWER_WORDS
    }
    starts = {ls: (body, label) for ls, _le, body, label in found if label in accepted}
    if not starts:
        return _paragraph_turns(text)

    turns: list[list] = []  # [start, end, speaker]
    for ls, le in _lines(text):
        if ls in starts:
            body, label = starts[ls]
            turns.append([body, le, label])
        elif text[ls:le].strip() and turns:
            if unlabelled == "continue":
                turns[-1][1] = le
            else:
                turns.append([ls, le, "Informant"])
    out = []
    for start, end, label in turns:
        s, e = strip_span(text, start, end)
        if e > s:
            out.append(Turn(s, e, label, role_for(label, interviewer, speaker_map)))
    return tuple(out)


def _paragraph_turns(text: str) -> tuple[Turn, ...]:
    """No speaker labels at all (a monologue or a narrative): each paragraph is informant text."""
    out = []
    for start, end in _lines(text):
        s, e = strip_span(text, start, end)
        if e > s:
            out.append(Turn(s, e, "Informant", "informant"))
    return tuple(out)


def assign_roles(turns: Sequence[Turn], interviewer: Sequence[str] = (),
                 speaker_map: Mapping[str, str] | None = None) -> tuple[Turn, ...]:
    """Roles for turns a format delivered with speaker names (subtitle voices)."""
    speakers = Counter(t.speaker for t in turns)
    if not interviewer and not speaker_map and not any(
            role_for(s) == "interviewer" for s in speakers) and len(speakers) == 2:
        # Two named voices, neither called "interviewer": the one who speaks less and first
        # is usually the interviewer; say so only when it is clear.
        first = turns[0].speaker
        if _chars(turns, first) < _chars(turns, None, exclude=first) / 2:
            interviewer = (first,)
    return tuple(replace(t, role=role_for(t.speaker, interviewer, speaker_map)) for t in turns)


def _chars(turns: Sequence[Turn], speaker: str | None, exclude: str | None = None) -> int:
    return sum(t.end - t.start for t in turns
               if (speaker is None or t.speaker == speaker) and t.speaker != exclude)
