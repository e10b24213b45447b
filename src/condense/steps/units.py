"""Step 3, meaning units: relevant informant text is divided where the meaning shifts.

``TextTilingSegmenter`` follows Hearst's TextTiling over sentence embeddings: within each run
of relevant sentences of one turn, a gap between sentences is a boundary when its depth (how
far similarity dips there relative to the peaks around it) exceeds the study-wide cut-off
mean - std/2. Units start and end on sentence boundaries and never cross a turn; units
shorter than ``min_words`` are merged into the more similar neighbour, and stretches longer
than ``max_words`` are cut at their deepest gap. Irrelevant stretches are kept as units with
``relevant=False`` and the reason, so the judgement stays visible and reversible."""

from __future__ import annotations

import itertools
import re
from typing import Protocol, Sequence

import numpy as np

from condense.engines.embedders import Embedder
from condense.model import Unit
from condense.steps.base import Corpus, Judgement, unit_id

_WORDS = re.compile(r"\w+")


class Segmenter(Protocol):
    def segment(self, corpus: Corpus, judgements: Sequence[Judgement]) -> list[Unit]:
        """Meaning units (relevant and not) covering the judged sentences."""
        ...


def _runs(judgements: Sequence[Judgement]):
    """Maximal runs of sentences with the same relevance in the same turn."""
    key = lambda j: (j.sentence.document_id, j.sentence.turn, j.relevant)  # noqa: E731
    for (_doc, _turn, relevant), group in itertools.groupby(judgements, key=key):
        yield relevant, list(group)


def _unit(corpus: Corpus, group: Sequence[Judgement], relevant: bool) -> Unit:
    doc = corpus.by_id[group[0].sentence.document_id]
    start, end = group[0].sentence.start, group[-1].sentence.end
    scores = [j.score for j in group]
    best = max(group, key=lambda j: j.score) if relevant else min(group, key=lambda j: j.score)
    return Unit(id=unit_id(doc.id, start, end), document_id=doc.id, start=start, end=end,
                text=doc.text[start:end], relevant=relevant, relevance=round(float(np.mean(scores)), 4),
                reason=best.reason, source="machine")


def _irrelevant_units(corpus: Corpus, judgements: Sequence[Judgement]) -> list[Unit]:
    return [_unit(corpus, g, False) for relevant, g in _runs(judgements) if not relevant]


class TurnSegmenter:
    """Pass-through: each run of relevant sentences in a turn is one unit."""

    name = "turn-units"

    def params(self) -> dict:
        return {}

    def segment(self, corpus: Corpus, judgements: Sequence[Judgement]) -> list[Unit]:
        return [_unit(corpus, g, relevant) for relevant, g in _runs(judgements)]


class TextTilingSegmenter:
    name = "texttiling"

    def __init__(self, embedder: Embedder, window: int = 2, min_words: int = 15, max_words: int = 120,
                 cutoff_std: float = 0.5):
        self.embedder = embedder
        self.window = window
        self.min_words = min_words
        self.max_words = max_words
        self.cutoff_std = cutoff_std

    def params(self) -> dict:
        return {"window": self.window, "min_words": self.min_words, "max_words": self.max_words,
                "cutoff_std": self.cutoff_std, "embedder": self.embedder.name}

    def segment(self, corpus: Corpus, judgements: Sequence[Judgement]) -> list[Unit]:
        runs = [g for relevant, g in _runs(judgements) if relevant]
        texts = [j.sentence.text for g in runs for j in g]
        vectors = self.embedder.embed(texts, "passage") if texts else np.zeros((0, 1))
        per_run, pos = [], 0
        for g in runs:
            per_run.append(vectors[pos:pos + len(g)])
            pos += len(g)
        depths = [self._depths(v) for v in per_run]
        all_depths = np.concatenate([d for d in depths if len(d)]) if any(len(d) for d in depths) else np.zeros(0)
        cutoff = float(all_depths.mean() - self.cutoff_std * all_depths.std()) if len(all_depths) else 1.0
        units = []
        for g, v, d in zip(runs, per_run, depths):
            for piece in self._split(g, v, d, max(cutoff, 1e-6)):
                units.append(_unit(corpus, piece, True))
        units += _irrelevant_units(corpus, judgements)
        return sorted(units, key=lambda u: (u.document_id, u.start))

    def _depths(self, v: np.ndarray) -> np.ndarray:
        """Depth score at each gap between consecutive sentences."""
        n = len(v)
        if n < 2:
            return np.zeros(0)
        w = self.window
        gaps = np.array([float(_mean(v[max(0, i - w + 1):i + 1]) @ _mean(v[i + 1:i + 1 + w]))
                         for i in range(n - 1)])
        depth = np.zeros(n - 1)
        for i, g in enumerate(gaps):
            left = gaps[: i + 1].max()
            right = gaps[i:].max()
            depth[i] = (left - g) + (right - g)
        return depth

    def _split(self, group, v, depth, cutoff) -> list[list[Judgement]]:
        cuts = [i + 1 for i, d in enumerate(depth) if d >= cutoff]
        pieces = [list(p) for p in _cut_at(group, cuts)]
        pieces = self._merge_short(pieces, v, group)
        out = []
        for p in pieces:
            out.extend(self._cap_long(p, v[[group.index(j) for j in p]]))
        return out

    def _merge_short(self, pieces, v, group):
        index = {id(j): i for i, j in enumerate(group)}
        words = lambda p: sum(len(_WORDS.findall(j.sentence.text)) for j in p)  # noqa: E731
        vec = lambda p: _mean(v[[index[id(j)] for j in p]])  # noqa: E731
        changed = True
        while changed and len(pieces) > 1:
            changed = False
            for i, p in enumerate(pieces):
                if words(p) >= self.min_words:
                    continue
                left = pieces[i - 1] if i > 0 else None
                right = pieces[i + 1] if i + 1 < len(pieces) else None
                sim_l = float(vec(p) @ vec(left)) if left else -2
                sim_r = float(vec(p) @ vec(right)) if right else -2
                if sim_l >= sim_r:
                    pieces[i - 1] = left + p
                else:
                    pieces[i + 1] = p + right
                del pieces[i]
                changed = True
                break
        return pieces

    def _cap_long(self, piece, v) -> list[list[Judgement]]:
        words = sum(len(_WORDS.findall(j.sentence.text)) for j in piece)
        if words <= self.max_words or len(piece) < 2:
            return [piece]
        depth = self._depths(v)
        # Cut at the deepest gap that leaves both halves at least min_words long.
        order = np.argsort(-depth, kind="stable") if len(depth) else []
        for i in order:
            left, right = piece[: i + 1], piece[i + 1:]
            if min(sum(len(_WORDS.findall(j.sentence.text)) for j in part) for part in (left, right)) >= self.min_words:
                return self._cap_long(left, v[: i + 1]) + self._cap_long(right, v[i + 1:])
        return [piece]


def _cut_at(seq, cuts):
    prev = 0
    for c in cuts:
        yield seq[prev:c]
        prev = c
    yield seq[prev:]


def _mean(m: np.ndarray) -> np.ndarray:
    c = m.mean(axis=0)
    n = np.linalg.norm(c)
    return c / n if n else c
