"""Ingest: file bytes -> a normalised document with speaker turns and a language."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal, Mapping, Sequence

from condense.ingest.language import detect_language
from condense.ingest.readers import FORMATS, Extracted, extract
from condense.ingest.speakers import assign_roles, detect_turns
from condense.model import Turn

__all__ = ["FORMATS", "Parsed", "parse_transcript", "detect_language"]


@dataclass(frozen=True)
class Parsed:
    name: str
    sha256: str
    text: str
    format: str
    language: str
    turns: tuple[Turn, ...]


def parse_transcript(
    name: str,
    data: bytes,
    *,
    interviewer: Sequence[str] = (),
    speaker_map: Mapping[str, str] | None = None,
    language: str | None = None,
    encoding: str | None = None,
    unlabelled: Literal["continue", "informant"] = "continue",
) -> Parsed:
    extracted: Extracted = extract(name, data, encoding)
    if extracted.turns is not None:
        turns = assign_roles(extracted.turns, interviewer, speaker_map)
    else:
        turns = detect_turns(extracted.text, extracted.labels, interviewer, speaker_map, unlabelled)
    informant = " ".join(extracted.text[t.start:t.end] for t in turns if t.role == "informant")
    lang = language or detect_language(informant or extracted.text)
    return Parsed(name=name, sha256=hashlib.sha256(data).hexdigest(), text=extracted.text,
                  format=extracted.format, language=lang, turns=turns)
