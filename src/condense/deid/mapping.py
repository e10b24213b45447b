"""Consistent replacements: the same surface form always gets the same label, each type has
its own series ('[person A]', '[place X]', '[organisation A]', '[e-mail 1]' ...), and a first
name or surname alone gets the label of the full name it belongs to ('Anna' -> the label of
'Anna Berg'), so one person is one label across all transcripts."""

from __future__ import annotations

import string
from typing import Iterable, Mapping

LETTERS = {"person": string.ascii_uppercase,
           "place": "XYZWVUTSRQPONMLKJIHGFEDCBA",
           "org": string.ascii_uppercase}
NOUNS = {"person": "person", "place": "place", "org": "organisation", "email": "e-mail", "phone": "phone",
         "id": "ID number", "date": "date"}


def _series(type_: str, n: int) -> str:
    letters = LETTERS.get(type_)
    if letters is None:
        return str(n + 1)
    word = ""
    n_ = n
    while True:  # A..Z, then AA, AB ...
        word = letters[n_ % 26] + word
        n_ = n_ // 26 - 1
        if n_ < 0:
            return word


def label(type_: str, n: int) -> str:
    return f"[{NOUNS.get(type_, type_)} {_series(type_, n)}]"


def assign(entries: Iterable[tuple[str, str]], existing: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Replacements for new (surface, type) entries, numbered in the order given (order of
    first occurrence), continuing each type's series after ``existing`` {surface: (type, replacement)}.
    A one-word person that is the first or last word of exactly one longer person name gets
    that name's replacement."""
    todo = [(s, t) for s, t in dict.fromkeys(entries) if s not in existing]
    persons = [s for s, t in todo if t == "person"] + [s for s, (t, _) in existing.items() if t == "person"]
    alias: dict[str, str] = {}
    for surface, type_ in todo:
        if type_ == "person" and len(surface.split()) == 1:
            owners = {p for p in persons if len(p.split()) > 1 and surface in (p.split()[0], p.split()[-1])}
            if len(owners) == 1:
                alias[surface] = owners.pop()
    used = {(t, r) for t, r in existing.values() if r}
    counters: dict[str, int] = {}
    out: dict[str, str] = {}
    for surface, type_ in todo:
        if surface in alias:
            continue
        while True:
            candidate = label(type_, counters.get(type_, 0))
            counters[type_] = counters.get(type_, 0) + 1
            if (type_, candidate) not in used:
                break
        out[surface] = candidate
        used.add((type_, candidate))
    for surface, owner in alias.items():
        out[surface] = out.get(owner) or existing[owner][1]
    return out
