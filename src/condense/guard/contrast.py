"""Who did what, by contrast: swap two people or roles in the sentence ("the GP takes the blood
samples and the nurse goes through the results" -> "the nurse takes ... the GP goes through")
and ask the multilingual embedder which version is closer to the sources. When the swapped
sentence is clearly closer, the sentence probably reversed the roles. Unlike word order, this
does not depend on Swedish/Danish V2 inversion or passives ("blev hjälpt av")."""

from __future__ import annotations

import re
from itertools import combinations
from typing import Sequence

import numpy as np

from condense.guard.text import clauses, roles_of_word, sentences

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MAX_PAIRS = 6


def _mentions(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of each word that names a person or role."""
    out = []
    for m in _WORD.finditer(sentence):
        roles = sorted(roles_of_word(m.group().lower()))
        if roles:
            out.append((m.start(), m.end(), roles[0]))
    return out


def _swap(sentence: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> str:
    (s1, e1, _), (s2, e2, _) = sorted([a, b])
    first, second = sentence[s1:e1], sentence[s2:e2]
    if first[:1].isupper() and s1 == 0:  # keep the capital at the start of the sentence
        second, first = second[:1].upper() + second[1:], first[:1].lower() + first[1:]
    return sentence[:s1] + second + sentence[e1:s2] + first + sentence[e2:]


def swapped_variants(sentence: str) -> list[tuple[str, str, str]]:
    """(role a, role b, sentence with them swapped) for pairs of different roles."""
    mentions = _mentions(sentence)
    out = []
    for a, b in combinations(mentions, 2):
        if a[2] != b[2]:
            out.append((a[2], b[2], _swap(sentence, a, b)))
        if len(out) >= MAX_PAIRS:
            break
    return out


def source_pieces(sources: Sequence[str]) -> list[str]:
    pieces = list(sources) + [s for src in sources for s in sentences(src)]
    pieces += [c for src in sources for c in clauses(src)]
    return list(dict.fromkeys(pieces))


class RoleSwapContrast:
    def __init__(self, embedder, margin: float = 0.007):
        self.embedder = embedder
        self.margin = margin

    def texts(self, sentence: str, sources: Sequence[str]) -> list[str]:
        versions = [sentence, *(v for _, _, v in swapped_variants(sentence))]
        return [c for v in versions for c in clauses(v)] + source_pieces(sources)

    def _fit(self, sentence: str, pieces: np.ndarray) -> float:
        """Mean over the sentence's clauses of the best similarity to a source piece: clauses,
        not the whole sentence, because a whole-sentence embedding barely notices a swap."""
        vectors = self.embedder.embed(clauses(sentence), "passage")
        return float((pieces @ vectors.T).max(axis=0).mean())

    def gains(self, sentence: str, sources: Sequence[str]) -> list[tuple[str, str, float]]:
        variants = swapped_variants(sentence)
        pieces = source_pieces(sources)
        if not variants or not pieces:
            return []
        matrix = self.embedder.embed(pieces, "passage")
        base = self._fit(sentence, matrix)
        return [(a, b, self._fit(v, matrix) - base) for a, b, v in variants]

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        return [f"roles likely swapped: {a[1:]} and {b[1:]} exchanged fit the sources better "
                f"(+{gain:.3f})" for a, b, gain in self.gains(sentence, sources)
                if gain > self.margin]
