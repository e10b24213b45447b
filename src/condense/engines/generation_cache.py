"""Every generative call is cached by a hash of (engine, model sha256, template version,
input), in the project store (``generation_cache``) or in memory. A re-run with the same
model and templates asks the model nothing it has answered before."""

from __future__ import annotations

import hashlib
import json
from typing import Protocol

from condense.store.events import now


def cache_key(engine: str, model_id: str, template: str, prompt: str, schema: dict, params: dict) -> str:
    payload = json.dumps([engine, model_id, template, prompt, schema, params], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache(Protocol):
    def get(self, key: str) -> dict | None:
        ...

    def put(self, key: str, answer: dict, engine: str, model: str, template: str) -> None:
        ...


class MemoryCache:
    def __init__(self):
        self.answers: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        return self.answers.get(key)

    def put(self, key: str, answer: dict, engine: str, model: str, template: str) -> None:
        self.answers[key] = answer


class StoreCache:
    """The project store's ``generation_cache`` table; each answer is committed at once, so an
    interrupted run keeps what it paid for."""

    def __init__(self, store):
        self.store = store

    def get(self, key: str) -> dict | None:
        from condense.store.tables import GenerationCacheRow

        with self.store.reading() as s:
            row = s.get(GenerationCacheRow, key)
            return dict(row.answer) if row is not None else None

    def put(self, key: str, answer: dict, engine: str, model: str, template: str) -> None:
        from condense.store.tables import GenerationCacheRow

        with self.store.transaction() as s:
            if s.get(GenerationCacheRow, key) is None:
                s.add(GenerationCacheRow(key=key, engine=engine, model=model[:200], template=template,
                                         answer=answer, created=now()))
