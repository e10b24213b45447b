"""The default guard: small checkers, each with one method ``check(sentence, sources, language)
-> list[str]`` of reasons; the sentence is kept only when none of them objects."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from condense.guard import Verdict
from condense.guard.contrast import RoleSwapContrast
from condense.guard.memo import EmbeddingMemo
from condense.guard.negation import NegationCheck, PolarityAlignment
from condense.guard.numbers import NumberCheck
from condense.guard.roles import RoleOrderCheck
from condense.guard.support import ContentSupport
from condense.guard.text import clauses


class SimilarityFloor:
    """The sentence as a whole must be close to some source or source clause
    (multilingual embeddings, so the sources may be Swedish or Danish)."""

    def __init__(self, embedder, floor: float = 0.80):
        self.embedder = embedder
        self.floor = floor

    def texts(self, sentence: str, sources: Sequence[str]) -> list[str]:
        return [sentence, *self._pieces(sources)]

    @staticmethod
    def _pieces(sources: Sequence[str]) -> list[str]:
        return list(sources) + [c for s in sources for c in clauses(s)]

    def similarity(self, sentence: str, sources: Sequence[str]) -> float:
        pieces = self._pieces(sources)
        if not pieces:
            return 0.0
        vectors = self.embedder.embed([sentence, *pieces], "passage")
        return float(np.max(vectors[1:] @ vectors[0]))

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        score = self.similarity(sentence, sources)
        if score < self.floor:
            return [f"sentence is far from its sources (similarity {score:.2f} < {self.floor:.2f})"]
        return []


class ModelCheck:
    """Optional second pass: a generative engine answers a schema-constrained question."""

    SCHEMA = {"type": "object", "properties": {
        "faithful": {"type": "boolean"}, "problem": {"type": "string"}},
        "required": ["faithful", "problem"]}
    PROMPT = ("You check a summary sentence against interview statements (English, Swedish or "
              "Danish). Answer faithful=false if the sentence adds people, roles, actions, events, "
              "diagnoses or numbers the statements do not contain, reverses who did what, or flips "
              "a negation; name the problem briefly.\n\nStatements:\n{sources}\n\nSentence: {sentence}")

    def __init__(self, engine):
        self.engine = engine

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        prompt = self.PROMPT.format(sources="\n".join(f"- {s}" for s in sources), sentence=sentence)
        answer = self.engine.complete_json(prompt, self.SCHEMA)
        if answer.get("faithful", True) is False:
            return [f"model check: {answer.get('problem') or 'not faithful'}"]
        return []


class CombinedGuard:
    def __init__(self, checkers, floor: SimilarityFloor):
        self.checkers = list(checkers)
        self.floor = floor

    @classmethod
    def default(cls, embedder, engine=None, *, floor: float = 0.80,
                swap_margin: float = 0.007) -> "CombinedGuard":
        memo = EmbeddingMemo(embedder)
        checkers = [NumberCheck(), ContentSupport(), NegationCheck(memo), PolarityAlignment(),
                    RoleOrderCheck(),
                    RoleSwapContrast(memo, swap_margin)]
        if engine is not None:
            checkers.append(ModelCheck(engine))
        return cls(checkers, SimilarityFloor(memo, floor))

    def _prime(self, sentence: str, sources: Sequence[str]) -> None:
        """Embed everything the checkers will ask for in one batch (the memo keeps it)."""
        texts = []
        for checker in [*self.checkers, self.floor]:
            if hasattr(checker, "texts"):
                texts += checker.texts(sentence, sources)
        if texts and isinstance(self.floor.embedder, EmbeddingMemo):
            self.floor.embedder.embed(list(dict.fromkeys(texts)), "passage")

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> Verdict:
        self._prime(sentence, sources)
        reasons: list[str] = []
        for checker in self.checkers:
            reasons += checker.check(sentence, sources, language)
        reasons += self.floor.check(sentence, sources, language)
        score = self.floor.similarity(sentence, sources)
        return Verdict(ok=not reasons, score=round(score, 4), reasons=tuple(reasons))
