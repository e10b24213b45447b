"""Embeddings for the guard's checkers, memoised per text within one guard, and computed in one
batch per checked sentence: the sources of a condensate are checked again for every sentence
that cites them, so their sentences and clauses are embedded once."""

from __future__ import annotations

from typing import Sequence

import numpy as np


class EmbeddingMemo:
    def __init__(self, inner, limit: int = 50_000):
        self.inner = inner
        self.name = getattr(inner, "name", type(inner).__name__)
        self.limit = limit
        self._memory: dict[tuple[str, str], np.ndarray] = {}

    def embed(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        keys = [(kind, t) for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in self._memory]
        if missing:
            if len(self._memory) + len(missing) > self.limit:
                self._memory.clear()  # a long run: start afresh rather than grow without bound
            vectors = self.inner.embed([t for _, t in missing], kind)
            self._memory.update(zip(missing, np.asarray(vectors, dtype=np.float32)))
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self._memory[k] for k in keys])
