"""The default guard: runs each checker and keeps every reason."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from condense.guard import Verdict
from condense.guard.numbers import NumberCheck


class SimilarityFloor:
    """The sentence as a whole must resemble at least one source (cross-lingual embeddings)."""

    def __init__(self, embedder, floor: float = 0.80):
        self.embedder = embedder
        self.floor = floor

    def similarity(self, sentence: str, sources: Sequence[str]) -> float:
        vectors = self.embedder.embed([sentence, *sources], "passage")
        return float(np.max(vectors[1:] @ vectors[0])) if len(sources) else 0.0

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        score = self.similarity(sentence, sources)
        if score < self.floor:
            return [f"sentence is far from its sources (similarity {score:.2f} < {self.floor:.2f})"]
        return []


class CombinedGuard:
    def __init__(self, checkers, floor: SimilarityFloor):
        self.checkers = list(checkers)
        self.floor = floor

    @classmethod
    def default(cls, embedder, engine=None) -> "CombinedGuard":
        return cls([NumberCheck()], SimilarityFloor(embedder))

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> Verdict:
        reasons: list[str] = []
        for checker in self.checkers:
            reasons += checker.check(sentence, sources, language)
        reasons += self.floor.check(sentence, sources, language)
        score = self.floor.similarity(sentence, sources)
        return Verdict(ok=not reasons, score=score, reasons=tuple(reasons))
