"""Sentence embeddings kept in the project store, so a re-run after corrections embeds only the
text it has not seen (on the default model, embedding is nearly all of a run's time).

Keys are ``model-name:sha1(kind, text)`` as made by ``CachedEmbedder``; vectors are float32
bytes. The cache is derived data: not an event, never exported, safe to delete."""

from __future__ import annotations

from typing import Iterable

import numpy as np
from sqlalchemy import select

from condense.store import tables as t

_CHUNK = 500  # SQLite's bound-parameter limit is far above this; keeps IN lists modest


class StoreEmbeddingCache:
    """``get_many``/``put_many`` over the ``embedding`` table of one project store."""

    def __init__(self, store):
        self.store = store

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(keys)
        found: dict[str, np.ndarray] = {}
        with self.store.reading() as s:
            for i in range(0, len(keys), _CHUNK):
                rows = s.execute(select(t.EmbeddingRow.key, t.EmbeddingRow.vector)
                                 .where(t.EmbeddingRow.key.in_(keys[i:i + _CHUNK])))
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        if not vectors:
            return
        with self.store.transaction() as s:
            have = set()
            keys = list(vectors)
            for i in range(0, len(keys), _CHUNK):
                have.update(s.scalars(select(t.EmbeddingRow.key).where(t.EmbeddingRow.key.in_(keys[i:i + _CHUNK]))))
            s.add_all(t.EmbeddingRow(key=k, vector=np.asarray(v, dtype=np.float32).tobytes())
                      for k, v in vectors.items() if k not in have)

    def clear(self) -> int:
        with self.store.transaction() as s:
            return s.query(t.EmbeddingRow).delete()
