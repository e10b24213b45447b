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


def terms(text: str, language: str) -> list[str]:
    """Unigrams and bigrams of content words (stop words and 1-2 letter tokens removed)."""
    stop = stopwords(language)
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    content = [t if (t not in stop and len(t) > 2) else None for t in tokens]
    out = [t for t in content if t]
    out += [f"{a} {b}" for a, b in zip(content, content[1:]) if a and b and a != b]
    return out


def class_tfidf(classes: Sequence[Sequence[tuple[str, str]]], top: int = 8) -> list[list[tuple[str, float]]]:
    """For each class (a list of (text, language)), its top terms with c-TF-IDF weights."""
    counts = [Counter(term for text, lang in cls for term in terms(text, lang)) for cls in classes]
    total = Counter()
    for c in counts:
        total.update(c)
    avg_words = sum(sum(c.values()) for c in counts) / max(len(counts), 1)
    spread = Counter(term for c in counts for term in c)  # in how many classes a term occurs
    out = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = []
        for term, n in c.items():
            if n < 2 and len(c) > 20:
                continue  # a word said once does not characterise a group
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
