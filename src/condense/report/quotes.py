"""Quotations laid out as in a journal: one line per turn, the interviewer's lines marked "I:",
informants' speaker labels dropped (the attribution names the informant, and a label may be a
real name), cuts shown as "[...]" exactly as the display text has them.

Works on the display text only (which de-identification may have rewritten), so it never needs
offsets: a quote that crosses turns carries the transcript's own "Label:" prefixes, which are
recognised against the speaker labels of the quote's document."""

from __future__ import annotations

import re

INTERVIEWER_LABELS = frozenset({"i", "q", "int", "interviewer", "intervjuare", "intervjuer"})
_LABEL = re.compile(r"^\s*(?:\*\*)?([^:\n*]{1,40}?)(?:\*\*)?\s*:(?:\*\*)?\s+(?=\S)")


def speaker_labels(document: dict | None) -> tuple[frozenset[str], frozenset[str]]:
    """(interviewer labels, other labels) of a document's turns, lower-cased."""
    interviewer, other = set(INTERVIEWER_LABELS), set()
    for turn in (document or {}).get("turns") or []:
        label = str(turn.get("speaker") or "").strip().lower()
        if label:
            (interviewer if turn.get("role") == "interviewer" else other).add(label)
    return frozenset(interviewer), frozenset(other - interviewer)


def quote_lines(display_text: str, interviewer: frozenset[str] = INTERVIEWER_LABELS,
                others: frozenset[str] = frozenset()) -> list[dict]:
    """The quote as lines: ``{"interviewer": bool, "text": str}``; interviewer text starts "I: "."""
    lines = []
    for raw in display_text.split("\n"):
        if not raw.strip():
            continue
        m = _LABEL.match(raw)
        label = m.group(1).strip().lower() if m else None
        if label in interviewer:
            lines.append({"interviewer": True, "text": "I: " + raw[m.end():].strip()})
        elif label in others:
            lines.append({"interviewer": False, "text": raw[m.end():].strip()})
        else:
            lines.append({"interviewer": False, "text": raw.strip()})
    return lines
