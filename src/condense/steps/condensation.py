"""Step 5, condensation: within each theme, 2-3 subgroups of units, each with a condensate
that retells its most central units in the informants' own words and cites every unit it
draws on; and one illustrative quote per theme (the most representative unit, trimmed at
sentence boundaries, "[...]" where cut).

The extractive condenser never writes a word the units do not contain: it picks each cited
unit's most central sentence and tidies hesitations ("um", "öh") away. The generative engine
(a later step implementation) may reword, under its own guard."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from condense.engines.embedders import Embedder
from condense.model import Condensate, Subgroup, Theme, Unit
from condense.steps.base import Corpus, stable_id
from condense.steps.clustering import centroid, choose_k_and_cluster
from condense.steps.encode import embed_units
from condense.steps.keyphrases import class_tfidf, label_from
from condense.steps.sentences import split_sentences

_HESITATION = re.compile(
    r"(?<!\w)(?:u+m+|u+h+|e+r+m+|e+h+|ö+h+|ø+h+|æ+h+|m+h*m+|hmm+)(?!\w)[,.]?\s*", re.IGNORECASE)
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class CondensedTheme:
    theme_id: str
    subgroups: tuple[Subgroup, ...]
    quote_unit_ids: tuple[str, ...]
    quotes: dict  # unit id -> display text (verbatim, trimmed, "[...]" for cuts)


class Condenser(Protocol):
    def condense(self, corpus: Corpus, theme: Theme, units: Sequence[Unit]) -> CondensedTheme:
        """Subgroups with condensates, and the illustrative quote, for one theme."""
        ...


def tidy(text: str) -> str:
    """Drop hesitation sounds; keep every word that carries meaning."""
    text = _HESITATION.sub("", text)
    text = re.sub(r"\s+([,.!?])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text).strip(" ,")
    return text[:1].upper() + text[1:] if text else text


def trim_quote(text: str, sentences: Sequence[tuple[int, int]], keep: tuple[int, int]) -> str:
    """The sentences ``keep`` (first, last index) of a unit, with "[...]" where cut."""
    first, last = keep
    body = text[sentences[first][0]:sentences[last][1]]
    return ("[...] " if first > 0 else "") + body + (" [...]" if last < len(sentences) - 1 else "")


class VerbatimCondenser:
    """Pass-through: one subgroup per theme; the condensate is its first unit, verbatim."""

    name = "verbatim"

    def params(self) -> dict:
        return {}

    def condense(self, corpus: Corpus, theme: Theme, units: Sequence[Unit]) -> CondensedTheme:
        first = units[0]
        sid = stable_id("s", theme.id, *sorted(u.id for u in units))
        cond = Condensate("c" + sid[1:], first.text, (first.id,), corpus.language_of(first))
        sub = Subgroup(sid, theme.id, theme.label, tuple(u.id for u in units), cond)
        return CondensedTheme(theme.id, (sub,), (first.id,), {first.id: first.text})


class ExtractiveCondenser:
    name = "extractive"

    def __init__(self, embedder: Embedder, max_subgroups: int = 3, cite: int = 3,
                 quote_words: int = 70, min_quote_words: int = 12):
        self.embedder = embedder
        self.max_subgroups = max_subgroups
        self.cite = cite
        self.quote_words = quote_words
        self.min_quote_words = min_quote_words

    def params(self) -> dict:
        return {"max_subgroups": self.max_subgroups, "cite": self.cite, "quote_words": self.quote_words,
                "embedder": self.embedder.name}

    def condense(self, corpus: Corpus, theme: Theme, units: Sequence[Unit]) -> CondensedTheme:
        units = list(units)
        vectors = embed_units(self.embedder, units)
        if len(units) >= 4:
            labels = choose_k_and_cluster(vectors, 2, min(self.max_subgroups, len(units) // 2))
        else:
            labels = np.zeros(len(units), dtype=int)
        groups = [[i for i in range(len(units)) if labels[i] == c] for c in sorted(set(labels.tolist()))]
        groups.sort(key=lambda g: -len(g))
        names = class_tfidf([[(units[i].text, corpus.language_of(units[i])) for i in g] for g in groups], top=3)
        subgroups = []
        for g, phrases in zip(groups, names):
            subgroups.append(self._subgroup(corpus, theme, [units[i] for i in g], vectors[g], phrases))
        quote_id, quote_text = self._quote(units, vectors)
        return CondensedTheme(theme.id, tuple(subgroups), (quote_id,), {quote_id: quote_text})

    def _subgroup(self, corpus, theme, units, vectors, phrases) -> Subgroup:
        c = centroid(vectors)
        order = np.argsort(-(vectors @ c), kind="stable")
        lang = Counter(corpus.language_of(u) for u in units).most_common(1)[0][0]
        cited = [units[i] for i in order if corpus.language_of(units[i]) == lang][: self.cite]
        parts = [tidy(self._central_sentence(u, c)) for u in cited]
        sid = stable_id("s", theme.id, *sorted(u.id for u in units))
        condensate = Condensate("c" + sid[1:], " ".join(p for p in parts if p), tuple(u.id for u in cited),
                                lang, "first-person")
        label = label_from(phrases, 2, fallback=theme.label)
        return Subgroup(sid, theme.id, label, tuple(units[i].id for i in order), condensate)

    def _central_sentence(self, unit: Unit, c: np.ndarray) -> str:
        spans = split_sentences(unit.text)
        if len(spans) <= 1:
            return unit.text
        vecs = self.embedder.embed([unit.text[s:e] for s, e in spans], "passage")
        # Central, but not a bland one-liner ("Yeah, loads."): longer sentences say more.
        length = np.array([min(len(_WORDS.findall(unit.text[s:e])), 20) / 20 for s, e in spans])
        best = int(np.argmax(vecs @ c + 0.05 * length))
        s, e = spans[best]
        # A very short sentence says little alone: take its neighbour too.
        if len(_WORDS.findall(unit.text[s:e])) < 8 and best + 1 < len(spans):
            e = spans[best + 1][1]
        return unit.text[s:e]

    def _quote(self, units, vectors) -> tuple[str, str]:
        c = centroid(vectors)
        scores = vectors @ c
        order = np.argsort(-scores, kind="stable")
        pick = next((i for i in order if len(_WORDS.findall(units[i].text)) >= self.min_quote_words), order[0])
        unit = units[pick]
        spans = split_sentences(unit.text) or [(0, len(unit.text))]
        return unit.id, trim_quote(unit.text, spans, self._window(unit.text, spans, c))

    def _window(self, text, spans, c) -> tuple[int, int]:
        """The run of whole sentences, at most quote_words long, closest to the theme."""
        words = [len(_WORDS.findall(text[s:e])) for s, e in spans]
        if sum(words) <= self.quote_words:
            return 0, len(spans) - 1
        vecs = self.embedder.embed([text[s:e] for s, e in spans], "passage")
        sims = vecs @ c
        best, best_score = (0, 0), -9.0
        for i in range(len(spans)):
            total = 0
            for j in range(i, len(spans)):
                total += words[j]
                if total > self.quote_words and j > i:
                    break
                score = float(sims[i:j + 1].mean()) + 0.002 * total
                if score > best_score:
                    best, best_score = (i, j), score
        return best
