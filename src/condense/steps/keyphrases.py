"""Class-based TF-IDF key phrases (as in BERTopic's c-TF-IDF), in each text's own language:
what words set one group of units apart from the others."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Sequence

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    base = language.split("-")[0].lower()
    base = {"nb": "no", "nn": "no"}.get(base, base)
    try:
        words = resources.files("condense.steps").joinpath(f"stopwords/{base}.txt").read_text("utf-8")
    except (FileNotFoundError, OSError):
        words = ""
    return frozenset(w.strip().lower() for w in words.split() if w.strip())


_SENTENCE_START = re.compile(r"(?:^|[.!?:;…\n\"“”«»()\[\]–—-]\s*)$")


def proper_names(texts: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Words (lower-cased) that occur capitalised inside sentences and never in lower case:
    names of people, places, months and days. They say who or where, not what a group of
    statements is about, and they would put identifying names into theme labels. German is
    left out (its nouns are capitalised)."""
    capital, lower = set(), set()
    for text, lang in texts:
        if lang.split("-")[0] == "de":
            continue
        for m in _TOKEN.finditer(text):
            word = m.group()
            if word.islower():
                lower.add(word)
            elif word[0].isupper() and not word.isupper() and not _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]):
                capital.add(word.lower())
    return frozenset(capital - lower)


def terms(text: str, language: str, exclude: frozenset[str] = frozenset()) -> list[str]:
    """Unigrams and bigrams of content words (stop words, 1-2 letter tokens and ``exclude``
    removed)."""
    stop = stopwords(language)
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    content = [t if (t not in stop and len(t) > 2 and t not in exclude) else None for t in tokens]
    out = [t for t in content if t]
    out += [f"{a} {b}" for a, b in zip(content, content[1:]) if a and b and a != b]
    return out


def class_tfidf(classes: Sequence[Sequence[tuple[str, str]]], top: int = 8) -> list[list[tuple[str, float]]]:
    """For each class (a list of (text, language)), its top terms with c-TF-IDF weights.

    A term counts once per text (a unit), so one talkative informant repeating a word does not
    make it the group's label; in groups of four or more texts a term must occur in two."""
    names = proper_names([item for cls in classes for item in cls])
    counts = [Counter(term for text, lang in cls for term in set(terms(text, lang, names))) for cls in classes]
    total = Counter()
    for c in counts:
        total.update(c)
    avg_words = sum(sum(c.values()) for c in counts) / max(len(counts), 1)
    spread = Counter(term for c in counts for term in c)  # in how many classes a term occurs
    out = []
    for cls, c in zip(classes, counts):
        size = sum(c.values()) or 1
        scored = []
        for term, n in c.items():
            if n < 2 and (len(cls) >= 4 or len(c) > 20):
                continue  # a word said once does not characterise a group
            if len(counts) > 1 and spread[term] == len(counts):
                continue  # said in every group, it sets none apart ("video" in a study of video)
            weight = (n / size) * math.log(1 + avg_words / total[term]) * math.log(1 + len(counts) / spread[term])
            if " " in term:
                weight *= 1.3  # phrases read better as labels than single words
            scored.append((term, weight))
        scored.sort(key=lambda x: (-x[1], x[0]))
        out.append(_dedupe(scored, top))
    return out


def _dedupe(scored: list[tuple[str, float]], top: int) -> list[tuple[str, float]]:
    chosen: list[tuple[str, float]] = []
    for term, w in scored:
        words = set(term.split())
        if any(words <= set(t.split()) or set(t.split()) <= words for t, _ in chosen):
            continue
        chosen.append((term, w))
        if len(chosen) == top:
            break
    return chosen


def label_from(phrases: Sequence[tuple[str, float]], n: int = 3, fallback: str = "(no key words)") -> str:
    words = [p for p, _ in phrases[:n]]
    return ", ".join(words).capitalize() if words else fallback
