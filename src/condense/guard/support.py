"""Content-word support: every content word of the sentence must be backed by the sources,
either literally (same stem, so English sources and cognates like 'video', 'diabetes') or
through the bilingual lexicon (an English word and a Swedish/Danish stem of the same concept)."""

from __future__ import annotations

from importlib import resources
from typing import Sequence

from condense.guard.numbers import numbers_in
from condense.guard.text import FIRST_PERSON, NEGATORS, concepts_in_text, concepts_of_word, stem, tokens

# When the sources are in the first person, a condensate may name the speaker by role ("the GP",
# "the nurse") and the speaker's workplace ("the practice"): transcripts rarely say these.
SPEAKER_CONCEPTS = frozenset({"@doctor", "@nurse", "clinic"})


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("condense").joinpath(name).read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#"))


class ContentSupport:
    """Flags content words with no support; ``max_unsupported`` of them are tolerated."""

    def __init__(self, max_unsupported: int = 0):
        self.max_unsupported = max_unsupported
        self.generic = _word_list("steps/stopwords/en.txt") | _word_list("guard/data/generic_en.txt")

    def unsupported(self, sentence: str, sources: Sequence[str]) -> list[str]:
        source_text = "\n".join(sources)
        source_tokens = [p for t in tokens(source_text) for p in [t, *t.split("-")]]
        source_stems = {stem(t) for t in source_tokens}
        source_concepts = concepts_in_text(source_text)
        if FIRST_PERSON & set(source_tokens):
            source_concepts |= SPEAKER_CONCEPTS
        missing = []
        words = [p for t in tokens(sentence) for p in t.split("-")]
        for word in dict.fromkeys(words):
            if (word in self.generic or stem(word) in self.generic or not word.isalpha()
                    or word in NEGATORS or word == "cannot" or numbers_in(word, strict=False)):
                continue
            if stem(word) in source_stems or concepts_of_word(word) & source_concepts:
                continue
            missing.append(word)
        return missing

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        missing = self.unsupported(sentence, sources)
        if len(missing) > self.max_unsupported:
            return [f"'{w}' not supported by sources" for w in missing]
        return []
