"""Shared text tools for the guard's checkers: tokens, stems, clauses, negators, the lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_CLAUSE = re.compile(
    r"[.;:!?]+\s+|,\s+|\s+(?:and|but|so|because|while|which|then|och|men|så|eftersom|medan|og|fordi|mens)\s+",
    re.IGNORECASE)

NEGATORS = frozenset({
    # English (n't is split off by ``tokens``)
    "not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "cannot", "n't",
    "rarely", "seldom", "hardly", "nowhere", "noone", "refuse", "refused", "refuses", "declined",
    # Swedish
    "inte", "ej", "aldrig", "ingen", "inget", "inga", "ingenting", "ingenstans", "icke", "sällan",
    "knappast", "varken", "nej",
    # Danish
    "ikke", "aldrig", "ingen", "intet", "ingenting", "ingensteds", "sjældent", "næppe", "hverken",
    "nej",
})

FIRST_PERSON = frozenset({"i", "me", "my", "myself", "we", "us", "our", "jag", "mig", "mej", "min",
                          "mitt", "mina", "vi", "oss", "vår", "vårt", "våra", "jeg", "mit", "mine",
                          "os", "vores"})
SPEAKER_PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself"})


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; English "n't" becomes its own token."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower().replace("’", "'")):
        if tok.endswith("n't"):
            out += [tok[:-3] or tok, "n't"]
        elif tok.endswith("'s"):
            out.append(tok[:-2])
        else:
            out.append(tok)
    return out


def clauses(text: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE.split(text) if p and p.strip()]
    return [p for p in parts if re.search(r"\w", p)] or [text]


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
    return parts or [text]


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A light English stemmer: enough to match 'consultations' with 'consultation'."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w.rstrip("e") if len(w) > 4 else w


def has_negation(text: str) -> bool:
    return any(t in NEGATORS for t in tokens(text))


@dataclass(frozen=True)
class Entry:
    concept: str
    english: frozenset[str]
    foreign: tuple[str, ...]

    @property
    def is_person(self) -> bool:
        return self.concept.startswith("@")


@lru_cache(maxsize=1)
def lexicon() -> tuple[Entry, ...]:
    text = resources.files("condense.guard").joinpath("data/lexicon.tsv").read_text("utf-8")
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        concept, en, sv, da = (line.split("\t") + ["", "", ""])[:4]
        english = frozenset(stem(w) for w in en.split(",") if w.strip())
        foreign = tuple(sorted({s.strip().lower() for s in (sv + "," + da).split(",") if s.strip()}))
        entries.append(Entry(concept, english, foreign))
    return tuple(entries)


def concepts_of_word(word: str) -> set[str]:
    """Concepts an English sentence word may express."""
    s = stem(word)
    return {e.concept for e in lexicon() if s in e.english}


def _foreign_match(stem_: str, toks: list[str]) -> bool:
    if " " in stem_:
        return False
    for t in toks:
        if t.startswith(stem_) or (len(stem_) >= 5 and stem_ in t):
            return True
    return False


def concepts_in_text(text: str) -> set[str]:
    """Concepts a source text (en/sv/da) mentions, through the lexicon."""
    toks = tokens(text)
    stems = {stem(t) for t in toks}
    low = " " + " ".join(toks) + " "
    found = set()
    for e in lexicon():
        if e.english & stems or any(
                (f" {f} " in low) if " " in f else _foreign_match(f, toks) for f in e.foreign):
            found.add(e.concept)
    return found
