"""Content-word support, graded: a content word of the sentence is backed by the sources either
literally (same stem, so English sources and cognates like 'video', 'diabetes') or through the
bilingual lexicons (an English word and a Swedish/Danish stem of the same concept). Words without
backing are weighed by how much of a claim they carry:

- claim-bearing (weight 1): people and roles, frequent words that are claims all the same
  (`data/claims_en.txt`: life events, harm, institutions: "died", "police"), and words outside the ~2,000 most frequent English
  words (Zipf frequency below ``rare_zipf``; diagnoses, symptoms, events, things): a condensate
  that brings in "psychopath", "divorce" or "fishermen" asserts something new;
- everyday words (weight ``common_weight``): the most frequent verbs, adjectives and nouns
  ("send", "small", "better") that a paraphrase or translation may well choose freely.

The sentence fails when the weights add up to 1 or more: one claim-bearing word, or a few
everyday ones (an invented event brings several)."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from typing import Sequence

from condense.guard.numbers import numbers_in
from condense.guard.text import (NEGATORS, concepts_in_text, concepts_of_word, english_words, first_person,
                                 people_of_word, stem, tokens)

# When the sources are in the first person, a condensate may name the speaker by role ("the GP",
# "the nurse") and the speaker's workplace ("the practice"): transcripts rarely say these.
SPEAKER_CONCEPTS = frozenset({"@doctor", "@nurse", "@therapist", "@pharmacist", "@midwife",
                              "@psychiatrist", "clinic"})


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("condense").joinpath(name).read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """English word frequency on the Zipf scale (wordfreq; 7 = 'the', 3 = once per million)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError as exc:  # pragma: no cover - a declared dependency
        from condense.errors import MissingDependency
        raise MissingDependency("wordfreq", "the faithfulness guard's word weights") from exc
    return zipf_frequency(word, "en")


_SPELLING = [("ph", "f"), ("th", "t"), ("qu", "kv"), ("ck", "k"), ("c", "k"), ("x", "ks"),
             ("w", "v"), ("z", "s"), ("y", "i"), ("å", "a"), ("ä", "e"), ("æ", "e"), ("ö", "o"),
             ("ø", "o"), ("é", "e")]
# English and Scandinavian endings that do not change the word ("technical"/"teknisk",
# "diagnosis"/"diagnose", "consultation"/"konsultation").
_ENDINGS = ("isation", "ization", "ations", "ation", "ically", "ical", "isk", "iska", "iske",
            "ic", "al", "ly", "ing", "ed", "es", "er", "en", "et", "ar", "or", "na", "ne", "s",
            "e", "a")


def _skeleton(word: str) -> str:
    w = word.lower()
    for a, b in _SPELLING:
        w = w.replace(a, b)
    w = "".join(ch for i, ch in enumerate(w) if i == 0 or ch != w[i - 1])  # no double letters
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            return w[: -len(ending)]
    return w


@lru_cache(maxsize=65536)
def cognates(english: str, foreign: str) -> bool:
    """Whether an English word and a source word are spelling variants of one word: 'problem'
    and 'problemer', 'direct' and 'direkte', 'control' and 'kontrol', 'physical' and 'fysisk'."""
    a, b = _skeleton(english), _skeleton(foreign)
    if len(a) < 4 or len(b) < 4:
        return False
    if a == b:
        return True
    # otherwise a long shared beginning ('konsult-ation' / 'konsult-ationen'); a similarity
    # ratio would also pair 'contract' with 'kontakt'
    shared = len(os.path.commonprefix([a, b]))
    return shared >= 6 and shared >= 0.8 * min(len(a), len(b))


def _english_lemmas(word: str) -> set[str]:
    from condense.guard.vocabulary import lemmatize_english

    return {word, lemmatize_english(word)}


@lru_cache(maxsize=16384)
def _senses(word: str) -> frozenset:
    from condense.guard.wordnet import wordnet

    wn = wordnet()
    return frozenset(k for lemma in _english_lemmas(word) for k in wn.senses_of(lemma))


@lru_cache(maxsize=2048)
def _source_senses(source_text: str, generic: frozenset[str], language: str | None) -> frozenset:
    from condense.guard.wordnet import wordnet

    wn = wordnet()
    words = {lemma for t in tokens(source_text) if t.isalpha() and t not in generic
             for lemma in _english_lemmas(t)}
    for concept in concepts_in_text(source_text, language):
        words.update(w for w in english_words(concept) if w not in generic)
    return frozenset(k for w in words for k in wn.stands_for(w))


class ContentSupport:
    def __init__(self, rare_zipf: float = 5.0, common_weight: float = 0.5, wordnet: bool = True):
        self.rare_zipf = rare_zipf
        self.common_weight = common_weight
        self.wordnet = wordnet
        self.generic = _word_list("steps/stopwords/en.txt") | _word_list("guard/data/generic_en.txt")
        self.claims = _word_list("guard/data/claims_en.txt")

    def unsupported(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        source_text = "\n".join(sources)
        source_tokens = [p for t in tokens(source_text) for p in [t, *t.split("-")]]
        source_stems = {stem(t) for t in source_tokens}
        source_concepts = concepts_in_text(source_text, language)
        if first_person(source_text, language):
            source_concepts |= SPEAKER_CONCEPTS
        missing = []
        words = [p for t in tokens(sentence) for p in t.split("-")]
        for word in dict.fromkeys(words):
            if (len(word) < 2 or word in self.generic or stem(word) in self.generic or not word.isalpha()
                    or word in NEGATORS or word == "cannot" or numbers_in(word, strict=False)):
                continue
            if stem(word) in source_stems or concepts_of_word(word) & source_concepts:
                continue
            if len(word) >= 5 and any(len(t) >= 5 and (word.startswith(t) or t.startswith(word))
                                      for t in source_tokens):
                continue  # a clipped form: 'physio' and 'physiotherapist', 'video' and 'videos'
            if len(word) >= 5 and any(cognates(word, t) for t in source_tokens if len(t) >= 5):
                continue
            missing.append(word)
        if missing and self.wordnet:
            # WordNet senses the sources' words allow a sentence to use (``guard.wordnet``):
            # those of their English words, and of the English words of their concepts
            meant = _source_senses(source_text, self.generic, language)
            missing = [w for w in missing if not (_senses(w) & meant)]
        return missing

    def weight(self, word: str) -> float:
        if word in self.claims or people_of_word(word):
            return 1.0
        return 1.0 if zipf(word) < self.rare_zipf else self.common_weight

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        missing = self.unsupported(sentence, sources, language)
        weights = {w: self.weight(w) for w in missing}
        if sum(weights.values()) >= 1.0 - 1e-9:
            return [f"'{w}' not supported by sources" + ("" if x >= 1 else " (everyday word)")
                    for w, x in weights.items()]
        return []
