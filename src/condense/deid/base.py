"""What every detector returns, and the one method a detector has.

A finding is a half-open [start, end) range of code points into the text it was found in,
so ``text[finding.start:finding.end] == finding.text`` always (the offset contract)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Types of identifier, each with its own series of replacement labels (mapping.py).
TYPES = ("person", "place", "org", "email", "phone", "id", "date")
TYPE_ALIASES = {"name": "person", "per": "person", "location": "place", "loc": "place", "gpe": "place",
                "town": "place", "city": "place", "organisation": "org", "organization": "org",
                "institution": "org", "hospital": "org", "e-mail": "email", "mail": "email",
                "telephone": "phone", "personnummer": "id", "cpr": "id", "id_number": "id", "ssn": "id"}


def normalise_type(name: str) -> str | None:
    key = name.strip().lower()
    key = TYPE_ALIASES.get(key, key)
    return key if key in TYPES else None


@dataclass(frozen=True)
class Finding:
    type: str
    start: int
    end: int
    text: str
    detector: str
    score: float = 1.0


class Detector(Protocol):
    """Finds possible identifiers in one text; ``language`` is a BCP-47 code (en, sv, da, no ...)."""

    name: str

    def find(self, text: str, language: str) -> list[Finding]: ...


def finding(text: str, start: int, end: int, type_: str, detector: str, score: float = 1.0) -> Finding:
    """A finding with its text taken from the offsets, trimmed of surrounding spaces and punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:[]\"'“”‘’«»"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?[]\"'“”‘’«»"):
        end -= 1
    return Finding(type_, start, end, text[start:end], detector, score)


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: the most trusted detector wins, then the longer span."""
    rank = {"pattern": 0, "institution": 1, "ner": 2, "model": 2, "context": 3, "gazetteer": 3}

    def key(f: Finding):
        level = 2 if f.detector == "gazetteer:place" else rank.get(f.detector.split(":")[0], 4)
        return (level, -f.score, -(f.end - f.start), f.start)

    kept: list[Finding] = []
    for f in sorted(findings, key=key):
        if f.end > f.start and not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end))
