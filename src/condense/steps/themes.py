"""Step 4, code groups: sort meaning units into themes.

- ``InductiveThemes``: agglomerative (Ward) clustering of unit embeddings, the number of
  themes chosen by silhouette within [k_min, k_max]; groups smaller than ``min_size`` are
  dissolved and their units moved to the nearest theme when similar enough, else listed as
  unassigned with the reason. Labels and descriptions are c-TF-IDF key phrases in the units'
  own words and language.
- ``CodebookThemes``: deductive mode; every unit goes to the closest of the given themes
  (label + description), with its similarity as the score.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from condense.engines.embedders import Embedder, normalise_rows
from condense.errors import BadFile, BadSettings
from condense.model import Coding, Theme, Unassigned, Unit
from condense.steps.base import Corpus, stable_id
from condense.steps.clustering import centroid, choose_k_and_cluster
from condense.steps.encode import centre_by_language, embed_units, remove_common_directions
from condense.steps.keyphrases import class_tfidf, label_from


@dataclass(frozen=True)
class Grouping:
    themes: tuple[Theme, ...]
    codings: tuple[Coding, ...]
    unassigned: tuple[Unassigned, ...]


class ThemeGrouper(Protocol):
    def group(self, corpus: Corpus, units: Sequence[Unit]) -> Grouping:
        """Themes over the given relevant units."""
        ...


class NoThemes:
    """Pass-through: no machine themes; every unit waits for the researcher."""

    name = "manual"

    def params(self) -> dict:
        return {}

    def group(self, corpus: Corpus, units: Sequence[Unit]) -> Grouping:
        return Grouping((), (), tuple(Unassigned(u.id, "left for the researcher to code") for u in units))


def describe(corpus: Corpus, groups: Sequence[Sequence[Unit]]) -> list[tuple[str, str]]:
    """(label, description) for each group of units, from their own words: the label in the
    researcher's language where enough units are in it, else in the group's main language."""
    langs = [Counter(corpus.language_of(u) for u in g) for g in groups]
    target = corpus.study.researcher_language
    chosen = [target if c.get(target, 0) >= max(1, sum(c.values()) / 3) else c.most_common(1)[0][0]
              for c in langs]
    phrases = class_tfidf([[(u.text, corpus.language_of(u)) for u in g if corpus.language_of(u) == lang]
                           for g, lang in zip(groups, chosen)], top=8)
    others = class_tfidf([[(u.text, corpus.language_of(u)) for u in g if corpus.language_of(u) != lang]
                          for g, lang in zip(groups, chosen)], top=4)
    out = []
    for g, lang, ph, oth in zip(groups, chosen, phrases, others):
        label = label_from(ph, 3)
        people = len({corpus.participant_of(u.document_id) for u in g})
        desc = f"Key words ({lang}): {', '.join(p for p, _ in ph[:8]) or '-'}"
        if oth:
            desc += f"; also: {', '.join(p for p, _ in oth)}"
        desc += f". {len(g)} units from {people} participant{'s' if people != 1 else ''}."
        out.append((label, desc))
    return out


def in_context(units: Sequence[Unit], vectors: np.ndarray, context: float = 1.0, window: int = 2) -> np.ndarray:
    """Each unit read with its neighbours: its vector plus ``context`` times the mean of the
    ``window`` relevant units before and after it in the same transcript. Spoken
    meaning units are short and lean on what surrounds them (as step 2 reads sentences).
    The material's common direction is removed first (one language too: embeddings share
    a large component that blurs the differences clustering needs)."""
    if len({u.document_id for u in units}) == len(units) or not context:
        return vectors
    centred = vectors - vectors.mean(axis=0)
    order = sorted(range(len(units)), key=lambda i: (units[i].document_id, units[i].start))
    out = centred.copy()
    for pos, i in enumerate(order):
        nearby = order[max(0, pos - window):pos + window + 1]
        near = [j for j in nearby if j != i and units[j].document_id == units[i].document_id]
        if near:
            out[i] = centred[i] + context * centred[near].mean(axis=0)
    return normalise_rows(out)


class InductiveThemes:
    name = "inductive-agglomerative"

    def __init__(self, embedder: Embedder, k_min: int = 8, k_max: int = 30, min_size: int = 3,
                 units_per_theme: int = 15, reassign_below: float = 0.0, common_directions: int = 1,
                 context: float = 1.0, context_window: int = 2):
        self.embedder = embedder
        self.context = context
        self.context_window = context_window
        self.k_min = k_min
        self.k_max = k_max
        self.min_size = min_size
        self.units_per_theme = units_per_theme
        self.reassign_below = reassign_below
        self.common_directions = common_directions

    def params(self) -> dict:
        return {"k_min": self.k_min, "k_max": self.k_max, "min_size": self.min_size,
                "units_per_theme": self.units_per_theme, "reassign_below": self.reassign_below,
                "common_directions": self.common_directions,
                "context": self.context, "context_window": self.context_window,
                "embedder": self.embedder.name}

    def group(self, corpus: Corpus, units: Sequence[Unit]) -> Grouping:
        units = list(units)
        if not units:
            return Grouping((), (), ())
        vectors = centre_by_language(embed_units(self.embedder, units), [corpus.language_of(u) for u in units])
        vectors = self._in_context(units, remove_common_directions(vectors, self.common_directions))
        k_max = min(self.k_max, max(2, len(units) // self.units_per_theme))
        k_min = min(self.k_min, k_max)
        labels = choose_k_and_cluster(vectors, k_min, k_max)
        sizes = Counter(labels.tolist())
        kept = sorted(c for c, n in sizes.items() if n >= self.min_size) or [sizes.most_common(1)[0][0]]
        centroids = np.array([centroid(vectors[labels == c]) for c in kept])
        members: dict[int, list[int]] = {c: [] for c in kept}
        scores = vectors @ centroids.T
        unassigned = []
        for i, c in enumerate(labels):
            if c in members:
                members[c].append(i)
                continue
            best = int(scores[i].argmax())
            if scores[i, best] >= self.reassign_below:
                members[kept[best]].append(i)
            else:
                unassigned.append(Unassigned(units[i].id, f"too few similar units to form a theme, and no theme "
                                                          f"is close enough (best similarity {scores[i, best]:.2f})"))
        groups = [[units[i] for i in members[c]] for c in kept]
        return self._themes(corpus, groups, [vectors[members[c]] for c in kept], unassigned)

    def _in_context(self, units: Sequence[Unit], vectors: np.ndarray) -> np.ndarray:
        return in_context(units, vectors, self.context, self.context_window)

    def _themes(self, corpus, groups, group_vectors, unassigned) -> Grouping:
        described = describe(corpus, groups)
        themes, codings = [], []
        for g, v, (label, desc) in zip(groups, group_vectors, described):
            c = centroid(v)
            order = np.argsort(-(v @ c), kind="stable")
            ids = tuple(g[i].id for i in order)
            tid = stable_id("t", *sorted(ids))
            themes.append(Theme(id=tid, label=label, description=desc, unit_ids=ids))
            codings += [Coding(g[i].id, tid, round(float(v[i] @ c), 4), "machine") for i in order]
        themes.sort(key=lambda t: -len(t.unit_ids))
        return Grouping(tuple(themes), tuple(codings), tuple(unassigned))


@dataclass(frozen=True)
class CodebookEntry:
    label: str
    description: str = ""
    category: str | None = None


def read_codebook(path: str | Path) -> list[CodebookEntry]:
    """A CSV of label,description[,category] (a header row is recognised and skipped), or a
    REFI-QDA codebook (.qdc) or project (.qdpx) by its suffix."""
    path = Path(path)
    if not path.is_file():
        raise BadFile(f"codebook {path} does not exist")
    if path.suffix.lower() in (".qdc", ".qdpx"):
        from condense.exchange.qdc import codebook_entries

        return codebook_entries(path)
    from condense.ingest.readers import decode

    text = decode(path.name, path.read_bytes())
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["label", "description"]:
        rows = rows[1:]
    if not rows:
        raise BadFile(f"codebook {path.name} has no themes")
    entries, seen = [], {}
    for n, row in enumerate(rows, start=1):
        label = row[0].strip()
        if not label:
            raise BadFile(f"codebook {path.name}, row {n}: the label is empty")
        if label.casefold() in seen:
            raise BadSettings(f"codebook {path.name} has the label {label!r} twice (rows {seen[label.casefold()]} "
                              f"and {n}); labels must be unique")
        seen[label.casefold()] = n
        entries.append(CodebookEntry(label, row[1].strip() if len(row) > 1 else "",
                                     (row[2].strip() or None) if len(row) > 2 else None))
    return entries


def codebook_theme_id(label: str) -> str:
    """The theme id a codebook entry gets, so later steps can find the entry's theme."""
    return stable_id("t", "codebook", label)


class CodebookThemes:
    name = "codebook"

    def __init__(self, embedder: Embedder, entries: Sequence[CodebookEntry], second_within: float = 0.01,
                 context: float = 1.0):
        if not entries:
            raise BadSettings("the codebook has no themes")
        self.embedder = embedder
        self.entries = list(entries)
        self.second_within = second_within
        self.context = context

    def params(self) -> dict:
        return {"codes": [e.label for e in self.entries], "second_within": self.second_within,
                "context": self.context,
                "embedder": self.embedder.name}

    def group(self, corpus: Corpus, units: Sequence[Unit]) -> Grouping:
        units = list(units)
        code_vecs = self.embedder.embed(
            [f"{e.label}: {e.description}" if e.description else e.label for e in self.entries], "query")
        ids = [codebook_theme_id(e.label) for e in self.entries]
        members: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(self.entries))}
        if units:
            sims = in_context(units, embed_units(self.embedder, units), self.context) @ code_vecs.T
            for i in range(len(units)):
                order = np.argsort(-sims[i], kind="stable")
                best = float(sims[i, order[0]])
                members[int(order[0])].append((i, best))
                if len(order) > 1 and best - float(sims[i, order[1]]) <= self.second_within:
                    members[int(order[1])].append((i, float(sims[i, order[1]])))
        themes, codings = [], []
        for k, entry in enumerate(self.entries):
            ranked = sorted(members[k], key=lambda x: -x[1])
            themes.append(Theme(ids[k], entry.label, entry.description, tuple(units[i].id for i, _ in ranked)))
            codings += [Coding(units[i].id, ids[k], round(s, 4), "machine") for i, s in ranked]
        return Grouping(tuple(themes), tuple(codings), ())
