"""Negation polarity: each clause of the sentence is aligned with its closest source clause
(cross-lingual embeddings); a negated clause aligned with an affirmative one, or the reverse,
is a flipped claim."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from condense.guard.text import (NEGATORS, clauses, concepts_in_text, concepts_of_word, has_negation,
                                 sentences, stem, tokens)


class NegationCheck:
    def __init__(self, embedder):
        self.embedder = embedder

    def texts(self, sentence: str, sources: Sequence[str]) -> list[str]:
        return [*clauses(sentence), *(c for s in sources for c in clauses(s)),
                *(s for source in sources for s in sentences(source))]

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        mine = clauses(sentence)
        theirs = [c for s in sources for c in clauses(s)]
        whole = [s for source in sources for s in sentences(source)]
        if not theirs:
            return []
        vectors = self.embedder.embed(mine + theirs + whole, "passage")
        mv, tv, wv = (vectors[: len(mine)], vectors[len(mine): len(mine) + len(theirs)],
                      vectors[len(mine) + len(theirs):])
        reasons = []
        for i, clause in enumerate(mine):
            # A clause must disagree with both its closest source clause and its closest source
            # sentence: clause splitting alone cuts "When we started, nobody trained us" apart.
            match = theirs[int(np.argmax(tv @ mv[i]))]
            context = whole[int(np.argmax(wv @ mv[i]))]
            polarity = has_negation(clause)
            if polarity != has_negation(match) and polarity != has_negation(context):
                said = "negated" if has_negation(clause) else "affirmed"
                reasons.append(f"negation flipped: {clause!r} is {said}, unlike the source {match!r}")
        return reasons


def _stopwords() -> frozenset[str]:
    from importlib import resources
    words: set[str] = set()
    for lang in ("en", "sv", "da"):
        text = resources.files("condense").joinpath(f"steps/stopwords/{lang}.txt").read_text("utf-8")
        words |= {w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#")}
    return frozenset(words - NEGATORS)


class PolarityAlignment:
    """Negation polarity by word alignment, a second opinion beside the embedding alignment:
    a sentence clause that restates a source clause (every content word of the one is backed by
    the other, at least two of them) must share its polarity. Catches flips the embeddings
    miss because a negated and an affirmed clause about the same thing embed alike."""

    def __init__(self):
        self.stop = _stopwords()

    def _content(self, text: str) -> list[str]:
        return [t for t in tokens(text) if t.isalpha() and len(t) > 2 and t not in self.stop
                and t not in NEGATORS]

    def _sentence_units(self, clause: str) -> list[set[str]]:
        return [{stem(w)} | set(concepts_of_word(w)) for w in self._content(clause)]

    def _source_units(self, clause: str, language: str | None = None) -> list[set[str]]:
        return [{stem(t)} | set(concepts_in_text(t, language)) for t in self._content(clause)]

    @staticmethod
    def _covered(units: list[set[str]], keys: set[str]) -> bool:
        return len(units) >= 2 and all(u & keys for u in units)

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        source_clauses = [c for s in sources for c in clauses(s)]
        prepared = []
        for c in source_clauses:
            units = self._source_units(c, language)
            prepared.append((c, units, set().union(*units) if units else set(), has_negation(c)))
        reasons = []
        for clause in clauses(sentence):
            units = self._sentence_units(clause)
            keys = set().union(*units) if units else set()
            polarity = has_negation(clause)
            # A sentence clause backed by a source clause restates it; one that contains all of a
            # negated source clause yet affirms it dropped the negation. (One that contains an
            # affirmed source clause and is negated may negate its other words: not counted.)
            aligned = [(c, neg) for c, s_units, s_keys, neg in prepared
                       if self._covered(units, s_keys)
                       or (neg and not polarity and self._covered(s_units, keys))]
            if aligned and all(neg != polarity for _, neg in aligned):
                said = "negated" if polarity else "affirmed"
                reasons.append(f"negation flipped: {clause!r} is {said}, unlike the source "
                               f"{aligned[0][0]!r}")
        return reasons
