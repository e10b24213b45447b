"""The orchestrator: sequences the six steps and records a run per step. It knows the
steps only through their Protocols and never reaches inside one.

Human work is handed in as ``Locked``: units people made, themes they made or edited (with
the units coded to them), themes whose condensates they edited, categories they made. The
pipeline leaves all of it as it is and drafts only around it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from condense.model import Category, Generation, Impression, RunRecord, Theme, Unit
from condense.spans import overlaps
from condense.steps import (Condenser, Impressionist, RelevanceJudge, Segmenter, Synthesiser, ThemeGrouper)
from condense.steps.base import Corpus
from condense.steps.condensation import CondensedTheme
from condense.steps.synthesis import Synthesis
from condense.steps.themes import Grouping


@dataclass(frozen=True)
class Locked:
    units: tuple[Unit, ...] = ()                 # human units and units human objects depend on
    claimed_unit_ids: frozenset[str] = frozenset()
    themes: tuple[Theme, ...] = ()               # human-made or human-edited themes
    condensed_theme_ids: frozenset[str] = frozenset()
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Draft:
    impressions: tuple[Impression, ...]
    units: tuple[Unit, ...]
    grouping: Grouping
    condensed: tuple[CondensedTheme, ...]
    synthesis: Synthesis
    runs: tuple[RunRecord, ...] = field(default=())
    generations: tuple[Generation, ...] = field(default=())  # what a generative engine drafted


@dataclass
class Pipeline:
    impression: Impressionist
    relevance: RelevanceJudge
    segmenter: Segmenter
    grouper: ThemeGrouper
    condenser: Condenser
    synthesiser: Synthesiser
    model: str | None = None
    journal: object | None = None  # the generative Drafter, whose decisions go with the draft

    def run(self, corpus: Corpus, locked: Locked = Locked(),
            progress: Callable[[str, int, int], None] = lambda *_: None) -> Draft:
        runs: list[RunRecord] = []

        def timed(step: str, number: int, component, fn):
            progress(f"step {number}/6: {step}", number - 1, 6)
            started, t0 = datetime.now(timezone.utc).isoformat(timespec="seconds"), time.perf_counter()
            result = fn()
            runs.append(RunRecord(step, getattr(component, "name", type(component).__name__),
                                  self.model, dict(component.params()), started,
                                  round(time.perf_counter() - t0, 3)))
            return result

        impressions = timed("impression", 1, self.impression, lambda: self.impression.impress(corpus))
        judgements = timed("relevance", 2, self.relevance,
                           lambda: self.relevance.judge(corpus, corpus.informant_sentences))
        drafted = timed("units", 3, self.segmenter, lambda: self.segmenter.segment(corpus, judgements))
        units = _respect_human_units(drafted, locked.units)
        free = [u for u in units if u.relevant and u.id not in locked.claimed_unit_ids]
        grouping = timed("themes", 4, self.grouper, lambda: self.grouper.group(corpus, free))
        by_id = {u.id: u for u in units}
        themes = [*locked.themes, *grouping.themes]

        def condense_all():
            return tuple(self.condenser.condense(corpus, t, [by_id[u] for u in t.unit_ids if u in by_id])
                         for t in themes if t.id not in locked.condensed_theme_ids
                         and any(u in by_id for u in t.unit_ids))

        condensed = timed("condensation", 5, self.condenser, condense_all)
        in_human_category = {t for c in locked.categories for t in c.theme_ids}
        synthesis = timed("synthesis", 6, self.synthesiser, lambda: self.synthesiser.synthesise(
            corpus, [t for t in themes if t.id not in in_human_category], units))
        progress("done", 6, 6)
        generations = self.journal.take() if self.journal is not None else ()
        return Draft(tuple(impressions), tuple(units), grouping, condensed, synthesis, tuple(runs), generations)


def _respect_human_units(drafted: list[Unit], kept: tuple[Unit, ...]) -> list[Unit]:
    """Kept units stand; a machine unit overlapping one of them is dropped."""
    kept_ids = {u.id for u in kept}
    by_doc: dict[str, list[Unit]] = {}
    for u in kept:
        by_doc.setdefault(u.document_id, []).append(u)
    out = list(kept)
    for u in drafted:
        if u.id in kept_ids:
            continue
        if any(overlaps((u.start, u.end), (k.start, k.end)) for k in by_doc.get(u.document_id, ())):
            continue
        out.append(u)
    return sorted(out, key=lambda u: (u.document_id, u.start, u.end))
