"""Step 6, synthesis: main categories over the themes (clustering of theme centroids, 2-5
groups), saturation per theme (how many participants contribute), Table 1 of participants,
an analytic-text draft per category, and the passages that fit their theme worst (to re-read
when checking the synthesis against the transcripts)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from condense.engines.embedders import Embedder
from condense.model import Category, Participant, Theme, Unit
from condense.steps.base import Corpus, stable_id
from condense.steps.clustering import centroid, choose_k_and_cluster
from condense.steps.encode import centre_by_language, embed_units
from condense.steps.keyphrases import class_tfidf, label_from


@dataclass(frozen=True)
class Synthesis:
    categories: tuple[Category, ...]
    saturation: dict          # theme id -> sorted participant ids
    disagreements: tuple[dict, ...]


class Synthesiser(Protocol):
    def synthesise(self, corpus: Corpus, themes: Sequence[Theme], units: Sequence[Unit]) -> Synthesis:
        """Main categories over the themes, with saturation and passages to re-read."""
        ...


def saturation(corpus: Corpus, themes: Sequence[Theme], units_by_id: dict[str, Unit]) -> dict:
    return {t.id: sorted({corpus.participant_of(units_by_id[u].document_id) for u in t.unit_ids
                          if u in units_by_id}) for t in themes}


def analytic_draft(category_label: str, themes: Sequence[Theme], sat: dict, n_people: int) -> str:
    parts = [f"This category gathers {len(themes)} theme{'s' if len(themes) != 1 else ''}: "
             + "; ".join(f"{t.label} ({len(sat.get(t.id, []))} of {n_people} participants)" for t in themes) + "."]
    thin = [t.label for t in themes if len(sat.get(t.id, [])) <= 2]
    if thin:
        parts.append("Resting on few informants: " + "; ".join(thin) + ".")
    parts.append("Machine draft: rewrite as analytic text after re-reading the condensates and transcripts.")
    return " ".join(parts)


def table1(participants: Sequence[Participant]) -> dict:
    """Counts per categorical attribute; range, mean and SD per numeric one."""
    keys: list[str] = []
    for p in participants:
        keys += [k for k in p.attributes if k not in keys]
    rows = []
    for key in keys:
        values = [p.attributes[key] for p in participants if key in p.attributes]
        numeric = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if values and len(numeric) == len(values):
            rows.append({"attribute": key, "kind": "numeric", "n": len(numeric), "min": min(numeric),
                         "max": max(numeric), "mean": round(statistics.fmean(numeric), 1),
                         "sd": round(statistics.stdev(numeric), 1) if len(numeric) > 1 else 0.0})
        else:
            counts = Counter(str(v) for v in values)
            rows.append({"attribute": key, "kind": "categorical", "n": len(values),
                         "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))})
    return {"n": len(participants), "rows": rows}


class SingleCategory:
    """Pass-through: all themes in one category, for the researcher to divide."""

    name = "single-category"

    def params(self) -> dict:
        return {}

    def synthesise(self, corpus: Corpus, themes: Sequence[Theme], units: Sequence[Unit]) -> Synthesis:
        by_id = {u.id: u for u in units}
        sat = saturation(corpus, themes, by_id)
        ids = tuple(t.id for t in themes)
        people = len({corpus.participant_of(d.id) for d in corpus.documents})
        cat = Category(stable_id("cat", *ids), "All themes", ids, "",
                       analytic_draft("All themes", themes, sat, people))
        return Synthesis((cat,) if ids else (), sat, ())


class CentroidCategories:
    name = "centroid-agglomerative"

    def __init__(self, embedder: Embedder, k_min: int = 2, k_max: int = 5, reread: int = 10):
        self.embedder = embedder
        self.k_min = k_min
        self.k_max = k_max
        self.reread = reread

    def params(self) -> dict:
        return {"k_min": self.k_min, "k_max": self.k_max, "reread": self.reread, "embedder": self.embedder.name}

    def synthesise(self, corpus: Corpus, themes: Sequence[Theme], units: Sequence[Unit]) -> Synthesis:
        by_id = {u.id: u for u in units}
        themes = [t for t in themes if any(u in by_id for u in t.unit_ids)]
        sat = saturation(corpus, themes, by_id)
        if not themes:
            return Synthesis((), sat, ())
        member_units = [[by_id[u] for u in t.unit_ids if u in by_id] for t in themes]
        flat = [u for g in member_units for u in g]
        vectors = centre_by_language(embed_units(self.embedder, flat), [corpus.language_of(u) for u in flat])
        spans, pos = [], 0
        for g in member_units:
            spans.append(vectors[pos:pos + len(g)])
            pos += len(g)
        centroids = np.array([centroid(v) for v in spans])
        if len(themes) >= 3:
            labels = choose_k_and_cluster(centroids, self.k_min, min(self.k_max, len(themes) - 1))
        else:
            labels = np.zeros(len(themes), dtype=int)
        groups = [[i for i in range(len(themes)) if labels[i] == c] for c in sorted(set(labels.tolist()))]
        phrases = class_tfidf([[(u.text, corpus.language_of(u)) for i in g for u in member_units[i]
                                if corpus.language_of(u) == corpus.study.researcher_language]
                               or [(u.text, corpus.language_of(u)) for i in g for u in member_units[i]]
                               for g in groups], top=3)
        people = len({corpus.participant_of(d.id) for d in corpus.documents})
        categories = []
        for g, ph in zip(groups, phrases):
            ts = [themes[i] for i in sorted(g, key=lambda i: -len(sat[themes[i].id]))]
            label = label_from(ph, 2)
            categories.append(Category(stable_id("cat", *sorted(t.id for t in ts)), label,
                                       tuple(t.id for t in ts), f"Themes grouped by similarity; key words: "
                                       f"{', '.join(p for p, _ in ph)}", analytic_draft(label, ts, sat, people)))
        categories.sort(key=lambda c: -sum(len(sat[t]) for t in c.theme_ids))
        return Synthesis(tuple(categories), sat, self._reread(themes, spans, member_units, centroids))

    def _reread(self, themes, spans, member_units, centroids) -> tuple[dict, ...]:
        """Units closer to another theme than to their own: where the synthesis may not hold."""
        found = []
        for k, (theme, v, us) in enumerate(zip(themes, spans, member_units)):
            sims = v @ centroids.T
            for i, u in enumerate(us):
                own = sims[i, k]
                other = int(np.argmax(np.where(np.arange(len(themes)) == k, -9, sims[i])))
                if len(themes) > 1 and sims[i, other] > own:
                    found.append((float(sims[i, other] - own), {
                        "unit_id": u.id, "theme_id": theme.id,
                        "reason": f"closer to '{themes[other].label}' ({sims[i, other]:.2f}) than to its own "
                                  f"theme ({own:.2f})"}))
        found.sort(key=lambda x: (-x[0], x[1]["unit_id"]))
        return tuple(d for _, d in found[: self.reread])


class CodebookCategories:
    """Main categories as the codebook's category column gives them. Themes the codebook leaves
    without a category (and themes people added) are grouped by ``fallback``."""

    name = "codebook-categories"

    def __init__(self, entries: Sequence, fallback: Synthesiser):
        self.entries = list(entries)
        self.fallback = fallback

    def params(self) -> dict:
        return {"categories": sorted({e.category for e in self.entries if e.category}),
                "fallback": getattr(self.fallback, "name", type(self.fallback).__name__),
                "fallback_params": dict(self.fallback.params())}

    def synthesise(self, corpus: Corpus, themes: Sequence[Theme], units: Sequence[Unit]) -> Synthesis:
        from condense.steps.themes import codebook_theme_id

        by_id = {u.id: u for u in units}
        themes = [t for t in themes if any(u in by_id for u in t.unit_ids)]
        category_of = {codebook_theme_id(e.label): e.category for e in self.entries if e.category}
        rest = [t for t in themes if t.id not in category_of]
        base = self.fallback.synthesise(corpus, rest, units) if rest else Synthesis((), {}, ())
        sat = saturation(corpus, themes, by_id)
        people = len({corpus.participant_of(d.id) for d in corpus.documents})
        categories = []
        for label in dict.fromkeys(e.category for e in self.entries if e.category):
            members = sorted((t for t in themes if category_of.get(t.id) == label), key=lambda t: -len(sat[t.id]))
            if members:
                categories.append(Category(stable_id("cat", *sorted(t.id for t in members)), label,
                                           tuple(t.id for t in members), "Main category from the codebook",
                                           analytic_draft(label, members, sat, people)))
        return Synthesis(tuple(categories) + tuple(base.categories), sat, base.disagreements)
