"""Prompt templates for the generative engine: one file per use, versioned (``name`` and
``version`` head each file; bump the version when the wording changes, which also retires
cached answers). The fixed instructions come first and the material last, so llama.cpp can
reuse the fixed part from one call to the next. Answers are JSON constrained by the schemas
below; every generated sentence cites the numbers of the passages it draws on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LANGUAGE_NAMES = {"en": "English", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nb": "Norwegian",
                  "nn": "Norwegian", "de": "German", "fr": "French", "nl": "Dutch", "fi": "Finnish",
                  "es": "Spanish", "it": "Italian", "pt": "Portuguese"}
VOICES = {"first-person": "first person (\"I ...\"), as the informant speaking",
          "third-person": "third person (\"The informants ...\")"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("-")[0].lower(), code)


# A small model may ramble until max_tokens cuts its JSON off: lengths are bounded in the
# grammar (llama.cpp nests one optional rule per character, so the bounds stay modest).
def cited_sentence(max_length: int = 300) -> dict:
    return {"type": "object",
            "properties": {"text": {"type": "string", "minLength": 1, "maxLength": max_length},
                           "cites": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1,
                                     "maxItems": 8}},
            "required": ["text", "cites"]}


LABEL = {"type": "string", "minLength": 1, "maxLength": 60}


def impression_schema() -> dict:
    return {"type": "object", "properties": {"sentences": {"type": "array", "items": cited_sentence(),
                                                           "minItems": 1, "maxItems": 2}},
            "required": ["sentences"]}


def theme_schema() -> dict:
    return {"type": "object", "properties": {"label": LABEL, "description": cited_sentence()},
            "required": ["label", "description"]}


def condensates_schema(groups: list[str], translate_quote: bool) -> dict:
    """One condensate per group, keyed by the group's letter: the grammar then writes every
    group once, in order (an array of {group, ...} let a small model write group A twice)."""
    item = cited_sentence(240)
    props = {"condensates": {"type": "object", "properties": {g: item for g in groups}, "required": list(groups)}}
    if translate_quote:
        props["quote_translation"] = {"type": "string", "minLength": 1, "maxLength": 600}
    return {"type": "object", "properties": props, "required": list(props)}


def category_schema() -> dict:
    return {"type": "object", "properties": {"label": LABEL, "sentences": {"type": "array", "items": cited_sentence(),
                                                                           "minItems": 1, "maxItems": 2}},
            "required": ["label", "sentences"]}


@dataclass(frozen=True)
class Template:
    name: str
    version: int
    body: str

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def render(self, material: str, language: str = "en", voice: str = "first-person") -> str:
        return (self.body.replace("{language}", language_name(language))
                .replace("{voice}", VOICES.get(voice, voice)).replace("{input}", material.strip()))


@lru_cache(maxsize=None)
def template(name: str) -> Template:
    text = (Path(__file__).parent / f"{name}.md").read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    return Template(meta["name"].strip(), int(meta["version"]), body.strip() + "\n")
