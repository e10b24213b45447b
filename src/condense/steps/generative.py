"""Generative drafts around the fast-path steps: each class wraps the extractive step (the
``inner``), keeps its draft, and lets the engine reword it under the guard (``Drafter``).

==========  ==========================  =================================================
step        wrapper                     what the engine drafts (one call per ...)
==========  ==========================  =================================================
1           GenerativeImpression        the impression of each transcript (document)
4           GenerativeThemes            theme label and one-line description (theme)
5           GenerativeCondenser         a condensate per subgroup, in the researcher's
                                        language, and the quote's translation (theme)
6           GenerativeCategories        category name and analytic text (category)
==========  ==========================  =================================================

Calls grow with documents, themes and categories, never with units: each call sees a few
central passages, not whole themes. What fails the guard is dropped and the extractive
draft stands; quotes stay verbatim, with a translation only where it passes the guard."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np

from condense.model import Condensate, Impression, Theme, Unit
from condense.prompts import (category_schema, condensates_schema, impression_schema, language_name, template,
                              theme_schema)
from condense.steps.base import Corpus
from condense.steps.clustering import centroid
from condense.steps.condensation import CondensedTheme, tidy
from condense.steps.drafting import Drafter, Passage, numbered, words
from condense.steps.encode import embed_units
from condense.steps.sentences import split_sentences
from condense.steps.synthesis import Synthesis

PASSAGE_WORDS = 40  # a central sentence or two: prompt length, not units, sets the cost


def central_text(unit: Unit, condensate_text: str = "", limit: int = PASSAGE_WORDS) -> str:
    """What the model sees of a unit: the sentences the extractive condensate took from it
    when there are any, else its beginning; at most ``limit`` words."""
    spans = split_sentences(unit.text) or [(0, len(unit.text))]
    picked = [unit.text[s:e] for s, e in spans if condensate_text and tidy(unit.text[s:e]) in condensate_text]
    return words(" ".join(picked) if picked else unit.text, limit)


class _Wrapper:
    step = ""

    def __init__(self, inner, drafter: Drafter):
        self.inner = inner
        self.drafter = drafter

    @property
    def name(self) -> str:
        return f"{self.drafter.engine.name}+{self.inner.name}"

    def params(self) -> dict:
        return {**self.drafter.step_params(self.step), "inner": self.inner.params()}


class GenerativeImpression(_Wrapper):
    step = "impression"

    def impress(self, corpus: Corpus) -> list[Impression]:
        out = []
        for imp in self.inner.impress(corpus):
            out.append(self._one(corpus, imp) if imp.document_id else imp)
        return out

    def _one(self, corpus: Corpus, imp: Impression) -> Impression:
        lang = corpus.by_id[imp.document_id].language
        passages = [Passage(k + 1, imp.summary[s:e], None, lang)
                    for k, (s, e) in enumerate(split_sentences(imp.summary) or [(0, len(imp.summary))])]
        answer = self.drafter.ask(self.step, template("impression"), numbered(passages), impression_schema())
        if answer is None:
            return imp
        kept = [g.text for s in answer["sentences"]
                if (g := self.drafter.keep(self.step, "impression", imp.document_id, "summary", s["text"],
                                           s["cites"], passages)).status == "kept"]
        return replace(imp, summary=" ".join(kept)) if kept else imp


class GenerativeThemes(_Wrapper):
    """Labels and descriptions for inductive themes (a codebook's labels are the researcher's
    and are left alone)."""

    step = "themes"
    passages = 4

    def group(self, corpus: Corpus, units: Sequence[Unit]):
        grouping = self.inner.group(corpus, units)
        if len(grouping.themes) == 0:
            return grouping
        by_id = {u.id: u for u in units}
        members = [[by_id[u] for u in t.unit_ids if u in by_id] for t in grouping.themes]
        centroids = np.array([centroid(embed_units(self.drafter.embedder, m)) if m else
                              np.zeros(self.drafter.embedder.embed(["x"], "passage").shape[1]) for m in members])
        themes = [self._one(corpus, k, t, m, centroids) for k, (t, m) in enumerate(zip(grouping.themes, members))]
        return replace(grouping, themes=tuple(themes))

    def _one(self, corpus, k: int, theme: Theme, members: list[Unit], centroids) -> Theme:
        if not members:
            return theme
        passages = [Passage(i + 1, central_text(u), u.id, corpus.language_of(u))
                    for i, u in enumerate(members[: self.passages])]
        answer = self.drafter.ask(self.step, template("theme"), numbered(passages), theme_schema())
        if answer is None:
            return theme
        label = self.drafter.keep_label(self.step, "theme", theme.id, answer["label"], k, centroids,
                                        [u.id for u in members[: self.passages]])
        d = answer["description"]
        desc = self.drafter.keep(self.step, "theme", theme.id, "description", d["text"], d["cites"], passages)
        people = len({corpus.participant_of(u.document_id) for u in members})
        return replace(theme, label=label.text if label.status == "kept" else theme.label,
                       description=(f"{desc.text} ({len(members)} units from {people} participant"
                                    f"{'s' if people != 1 else ''}.)") if desc.status == "kept" else theme.description)


def _said_in(passages: Sequence[Passage], lang: str) -> str:
    """A group's header names the language its passages were said in where that is not the
    researcher's: without it the embedded model often copied Swedish and Danish passages."""
    others = sorted({p.language for p in passages} - {lang})
    if not others:
        return ""
    said = " and ".join(language_name(code) for code in others)
    return f" (said in {said}; write its condensate in {language_name(lang)})"


def _glossary(passages: Sequence[Passage], lang: str) -> str:
    """For passages said in Swedish or Danish, the English of the words the guard's vocabulary
    knows: the embedded model mistranslates single words ("dotter" as "mother"), and words taken
    from this list are ones the guard can back."""
    if lang.split("-")[0] != "en":
        return ""
    from condense.guard.vocabulary import vocabulary

    pairs = [pair for p in passages if p.language != lang for pair in vocabulary().gloss(p.text, p.language)]
    pairs = list(dict(pairs).items())[:GLOSSARY_WORDS]
    return ("\nWord meanings: " + "; ".join(f"{w} = {e}" for w, e in pairs)) if pairs else ""


GLOSSARY_WORDS = 30  # per group: about 200 prompt tokens at most


class GenerativeCondenser(_Wrapper):
    step = "condensation"
    per_group = 3  # the condensate's first units: what the model reads, and so the cost, stays bounded
    # Longer quotes are left untranslated: the embedded model's translations of them rarely
    # passed the guard on the example study, and each costs a few hundred tokens of writing.
    translate_words = 60

    def condense(self, corpus: Corpus, theme: Theme, units: Sequence[Unit]) -> CondensedTheme:
        ct = self.inner.condense(corpus, theme, units)
        by_id = {u.id: u for u in units}
        lang = self.drafter.language
        letters = [chr(ord("A") + i) for i in range(len(ct.subgroups))]
        passages: list[Passage] = []
        blocks = []
        for letter, sub in zip(letters, ct.subgroups):
            cited = [by_id[u] for u in sub.condensate.unit_ids if u in by_id][: self.per_group]
            start = len(passages) + 1
            group = [Passage(start + i, central_text(u, sub.condensate.text), u.id, corpus.language_of(u))
                     for i, u in enumerate(cited)]
            passages += group
            blocks.append(f"Group {letter}{_said_in(group, lang)}:\n" + numbered(group) + _glossary(group, lang))
        quote_id = ct.quote_unit_ids[0] if ct.quote_unit_ids else None
        quote_lang = corpus.language_of(by_id[quote_id]) if quote_id in by_id else lang
        translate = (quote_id is not None and quote_lang != lang
                     and len(ct.quotes[quote_id].split()) <= self.translate_words)
        material = "\n\n".join(blocks)
        if translate:
            material += (f"\n\nAlso translate this quote Q into {language_name(lang)} word for word, "
                         "as quote_translation:\n") + \
                        f"[Q] {ct.quotes[quote_id]}"
        answer = self.drafter.ask(self.step, template("condensates"), material, condensates_schema(letters, translate))
        if answer is None:
            return ct
        by_letter = answer["condensates"]
        subgroups = []
        for letter, sub in zip(letters, ct.subgroups):
            c = by_letter.get(letter)
            own = [p for p in passages if p.unit_id in sub.condensate.unit_ids]
            if c is None:
                subgroups.append(sub)
                continue
            g = self.drafter.keep(self.step, "condensate", sub.condensate.id, "text", c["text"], c["cites"], own)
            if g.status == "kept":
                sub = replace(sub, condensate=Condensate(sub.condensate.id, g.text, g.unit_ids, lang,
                                                         self.drafter.voice))
            subgroups.append(sub)
        if translate and answer.get("quote_translation"):
            q = Passage(1, ct.quotes[quote_id], quote_id, quote_lang)
            self.drafter.keep(self.step, "quote", quote_id, "translation", answer["quote_translation"], [1], [q])
        return replace(ct, subgroups=tuple(subgroups))


class GenerativeCategories(_Wrapper):
    step = "synthesis"
    per_theme = 1

    def synthesise(self, corpus: Corpus, themes: Sequence[Theme], units: Sequence[Unit]) -> Synthesis:
        syn = self.inner.synthesise(corpus, themes, units)
        if not syn.categories:
            return syn
        by_id = {u.id: u for u in units}
        theme_by_id = {t.id: t for t in themes}
        members = [[by_id[u] for tid in c.theme_ids for u in theme_by_id[tid].unit_ids if u in by_id]
                   for c in syn.categories]
        centroids = np.array([centroid(embed_units(self.drafter.embedder, m)) for m in members])
        out = []
        for k, cat in enumerate(syn.categories):
            out.append(self._one(corpus, k, cat, [theme_by_id[t] for t in cat.theme_ids], by_id, centroids,
                                 members[k]))
        return replace(syn, categories=tuple(out))

    def _one(self, corpus, k, cat, themes, by_id, centroids, members):
        passages, blocks = [], []
        for t in themes:
            picked = [by_id[u] for u in t.unit_ids if u in by_id][: self.per_theme]
            start = len(passages) + 1
            passages += [Passage(start + i, central_text(u, limit=40), u.id, corpus.language_of(u))
                         for i, u in enumerate(picked)]
            blocks.append(f"Theme: {t.label}\n" + numbered(passages[start - 1:]))
        answer = self.drafter.ask(self.step, template("category"), "\n\n".join(blocks), category_schema())
        if answer is None:
            return cat
        label = self.drafter.keep_label(self.step, "category", cat.id, answer["label"], k, centroids,
                                        [p.unit_id for p in passages])
        kept = [g.text for s in answer["sentences"]
                if (g := self.drafter.keep(self.step, "category", cat.id, "analytic_text", s["text"], s["cites"],
                                           passages)).status == "kept"]
        analytic = (" ".join(kept) + "\n\n" + cat.analytic_text) if kept else cat.analytic_text
        return replace(cat, label=label.text if label.status == "kept" else cat.label, analytic_text=analytic)

