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
    "without", "unable", "barely",
    # Swedish
    "inte", "ej", "aldrig", "ingen", "inget", "inga", "ingenting", "ingenstans", "icke", "sällan",
    "knappast", "varken", "nej", "utan",
    # "slippa" is to be spared ("så slipper de åka": so they need not travel)
    "slipper", "slippa", "slapp", "sluppit",
    # Danish
    "ikke", "aldrig", "ingen", "intet", "ingenting", "ingensteds", "sjældent", "næppe", "hverken",
    "nej", "uden", "slipper", "slippe", "slap", "sluppet",
})

FIRST_PERSON = frozenset({"i", "me", "my", "myself", "we", "us", "our", "jag", "mig", "mej", "min",
                          "mitt", "mina", "vi", "oss", "vår", "vårt", "våra", "jeg", "mit", "mine",
                          "os", "vores"})
def first_person(text: str, language: str | None = None) -> bool:
    """Whether a source speaks in the first person; Swedish and Danish "i" is "in", not "I"."""
    words = FIRST_PERSON - ({"i"} if (language or "").split("-")[0] in ("sv", "da") else set())
    return bool(words & set(tokens(text)))


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


@lru_cache(maxsize=1)
def _english_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """English Snowball (Porter 2) stem: 'propped' and 'props' -> 'prop'."""
    return _english_stemmer().stemWord(word.lower())


def has_negation(text: str) -> bool:
    return any(t in NEGATORS for t in tokens(text))


@dataclass(frozen=True)
class Entry:
    concept: str
    english: frozenset[str]
    foreign: tuple[str, ...]
    forms: frozenset[str] = frozenset()  # the English words as written (roles: nouns only)

    @property
    def is_person(self) -> bool:
        return self.concept.startswith("@")


# lexicon.tsv: domain terms and people (health care, roles), matched by foreign stems. (general.tsv,
# an everyday thesaurus, was retired: its concepts lumped near opposites, "remember" with "forget",
# "town" with "village"; the concept vocabulary, ``guard.vocabulary``, took its place.)
LEXICON_FILES = ("data/lexicon.tsv",)


@lru_cache(maxsize=1)
def lexicon() -> tuple[Entry, ...]:
    entries = []
    for name in LEXICON_FILES:
        text = resources.files("condense.guard").joinpath(name).read_text("utf-8")
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            concept, en, sv, da = (line.split("\t") + ["", "", ""])[:4]
            english = frozenset(stem(w) for w in en.split(",") if w.strip())
            foreign = tuple(sorted({s.strip().lower() for s in (sv + "," + da).split(",")
                                    if s.strip()}))
            forms = frozenset(w.strip().lower() for w in en.split(",") if w.strip())
            entries.append(Entry(concept, english, foreign, forms=forms))
    return tuple(entries)


@lru_cache(maxsize=4096)
def concepts_of_word(word: str) -> frozenset[str]:
    """Concepts an English sentence word may express."""
    s = stem(word)
    return frozenset(e.concept for e in lexicon() if s in e.english) | _vocabulary().concepts_of_word(word)


@lru_cache(maxsize=4096)
def roles_of_word(word: str) -> frozenset[str]:
    """People and roles an English word names: as written or as a plural, so that an adjective
    ('regional', 'medical') does not name a role through its stem."""
    w = word.lower()
    return frozenset(e.concept for e in lexicon() if e.is_person
                     and (w in e.forms or (w.endswith("s") and w[:-1] in e.forms)))


@lru_cache(maxsize=4096)
def people_of_word(word: str) -> frozenset[str]:
    """Every person concept an English word names: lexicon.tsv's roles and the vocabulary's people."""
    return roles_of_word(word) | _vocabulary().people_of_word(word)


# A stem of two letters ("se", "ta", "gå") matches only itself with an inflection, not every
# word that starts with it ("selv", "tack", "gång").
_INFLECTIONS = ("", "e", "a", "n", "r", "t", "s", "en", "et", "er", "ar", "or", "de", "te", "na",
                "ne", "erne", "arna", "orna", "ens", "ets")


def _foreign_match(stem_: str, toks: list[str]) -> bool:
    if " " in stem_:
        return False
    for t in toks:
        # the head of a compound ("videomøde", "medicinlisten", "hemsjukvården" -> "vård"):
        # Swedish and Danish compounds end in their head word, plus an inflection
        if len(stem_) >= 4 and len(t) >= len(stem_) + 3 and any(
                t.endswith(stem_ + ending) for ending in _INFLECTIONS):
            return True
        if len(stem_) <= 2:
            if t[len(stem_):] in _INFLECTIONS and t.startswith(stem_):
                return True
        elif t.startswith(stem_) or (len(stem_) >= 5 and stem_ in t):
            return True
    return False


@lru_cache(maxsize=4096)
def concepts_in_text(text: str, language: str | None = None) -> frozenset[str]:
    """Concepts a source text mentions, through both lexicons. English words count in every
    language (interviews borrow them: "video", "app"); Swedish and Danish forms only where the
    text is not English (``language`` "en"): English "it" and "to" are no Swedish words."""
    toks = tokens(text)
    stems = {stem(t) for t in toks}
    low = " " + " ".join(toks) + " "
    foreign = (language or "").split("-")[0] != "en"
    found = set()
    for e in lexicon():
        if e.english & stems or foreign and any(
                (f" {f} " in low) if " " in f else _foreign_match(f, toks) for f in e.foreign):
            found.add(e.concept)
    return frozenset(found) | _vocabulary().concepts_in(text, language)


@lru_cache(maxsize=8192)
def english_words(concept: str) -> tuple[str, ...]:
    """The English words and phrases a concept (of either lexicon) is written with."""
    words = [w for e in lexicon() if e.concept == concept for w in sorted(e.forms)]
    return tuple(words + _vocabulary().words.get(concept, []))


def _vocabulary():
    from condense.guard.vocabulary import vocabulary

    return vocabulary()
