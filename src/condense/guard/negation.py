"""Negation polarity: each clause of the sentence is aligned with its closest source clause
(cross-lingual embeddings); a negated clause aligned with an affirmative one, or the reverse,
is a flipped claim."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from condense.guard.text import clauses, has_negation, sentences


class NegationCheck:
    def __init__(self, embedder):
        self.embedder = embedder

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
