"""Which detectors run for which language, and one list of findings per text."""

from __future__ import annotations

from typing import Sequence

from condense.deid.base import Detector, Finding, resolve_overlaps
from condense.deid.gazetteer import GazetteerDetector
from condense.deid.model_pass import EntityPass, ModelDetector
from condense.deid.patterns import PatternDetector


def detectors_for(language: str, entity_pass: EntityPass | None = None, english_ner: Detector | None = None,
                  use_ner: bool = True) -> list[Detector]:
    """Patterns everywhere; the English NER model for English; the gazetteer everywhere (for
    English it only adds names with a title or a surname, and institutions); a model pass
    only when an engine provides one."""
    lang = (language or "en").split("-")[0].lower()
    found: list[Detector] = [PatternDetector(), GazetteerDetector()]
    if lang == "en" and use_ner:
        if english_ner is None:
            from condense.deid.ner import SpacyDetector

            english_ner = SpacyDetector()
        found.append(english_ner)
    if entity_pass is not None:
        found.append(ModelDetector(entity_pass))
    return found


def detect(text: str, language: str, detectors: Sequence[Detector] | None = None,
           entity_pass: EntityPass | None = None) -> list[Finding]:
    detectors = detectors if detectors is not None else detectors_for(language, entity_pass)
    found = [f for d in detectors for f in d.find(text, language)]
    for f in found:  # the offset contract, checked where findings are made
        assert text[f.start:f.end] == f.text, f
    return resolve_overlaps(found)
