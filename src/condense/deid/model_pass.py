"""The hook for a generative engine: when one is configured, it is asked for the named
entities of a text as JSON, and each entity it names is located in the text. Nothing here
runs unless an ``EntityPass`` is given; Condense's engines provide one."""

from __future__ import annotations

import re
from typing import Protocol

from condense.deid.base import Finding, normalise_type

PROMPT = ("List every personal name, place, organisation, e-mail, phone number, ID number and date in "
          "the text as JSON: [{\"text\": exact words from the text, \"type\": one of person, place, org, "
          "email, phone, id, date}]. Text ({language}):\n{text}")


class EntityPass(Protocol):
    """A JSON named-entity pass: ``[{"text": "...", "type": "person"}, ...]`` for one text."""

    def entities(self, text: str, language: str) -> list[dict]: ...


class ModelDetector:
    """Adapts an ``EntityPass`` to the detector Protocol: every occurrence of each returned
    surface form becomes a finding; entities not in the text (hallucinated) are dropped."""

    name = "model"

    def __init__(self, entity_pass: EntityPass, label: str = "model"):
        self.entity_pass = entity_pass
        self.label = label

    def find(self, text: str, language: str) -> list[Finding]:
        out = []
        for item in self.entity_pass.entities(text, language) or []:
            surface = str(item.get("text", "")).strip() if isinstance(item, dict) else ""
            type_ = normalise_type(str(item.get("type", ""))) if surface else None
            if not type_:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
                out.append(Finding(type_, m.start(), m.end(), surface, f"model:{self.label}", 0.7))
        return out
