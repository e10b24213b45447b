"""Numbers: every number in the sentence (digits or number words, en/sv/da) must occur in the
sources, after normalising both to integers/decimals."""

from __future__ import annotations

import re
from typing import Sequence

_WORDS = {
    # English
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "half": 0.5, "dozen": 12,
    "once": 1, "twice": 2, "single": 1, "double": 2, "both": 2,
    # Swedish
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
    "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80,
    "nittio": 90, "hundra": 100, "tusen": 1000, "halv": 0.5, "halvt": 0.5, "halva": 0.5,
    "båda": 2, "bägge": 2, "dubbel": 2, "dubbelt": 2,
    # Danish
    "nul": 0, "et": 1, "to": 2, "fire": 4, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
    "elleve": 11, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
    "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20, "tredive": 30, "fyrre": 40,
    "halvtreds": 50, "tres": 60, "halvfjerds": 70, "firs": 80, "halvfems": 90,
    "hundrede": 100, "tusind": 1000, "begge": 2, "dobbelt": 2,
    # Halves and multiples said as verbs or nouns ("halved", "hälften", "fordoblet")
    "halved": 0.5, "halves": 0.5, "doubled": 2, "tripled": 3, "triple": 3, "treble": 3,
    "hälften": 0.5, "halvering": 0.5, "halverat": 0.5, "halverats": 0.5, "halverad": 0.5,
    "halvdelen": 0.5, "halvdel": 0.5, "halveret": 0.5, "halveringen": 0.5,
    "fördubblat": 2, "fördubblats": 2, "fördubblad": 2, "fordoblet": 2, "fordobling": 2,
    "tredubblat": 3, "tredoblet": 3,
}
# Words that are numbers only in some contexts ("en/et" are articles, "to" is an English
# preposition): they count as numbers in the sources, never as claims in the sentence.
_AMBIGUOUS = {"one", "en", "ett", "et", "to", "single", "both", "båda", "bägge", "begge",
              "half", "halv", "halvt", "halva", "sex", "fire", "once", "ni", "double", "dubbel",
              "dubbelt", "dobbelt"}

# Words that state a quantity in a unit of their own: a source's "halvår" backs a sentence's
# "six months" (and "half a year"), "halvtimme" backs "thirty minutes", "kvart" fifteen.
_UNIT_WORDS = {
    "halvår": {0.5, 6}, "halvåret": {0.5, 6}, "halvtimme": {0.5, 30}, "halvtimmen": {0.5, 30},
    "halvtime": {0.5, 30}, "halvtimen": {0.5, 30}, "kvart": {15}, "kvarter": {15},
    "kvartal": {3}, "kvartalet": {3}, "dygn": {24, 1}, "døgn": {24, 1}, "fortnight": {2, 14},
    "semester": {6}, "årtionde": {10}, "årti": {10}, "tiår": {10},
}

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+")


# An ambiguous word is a number all the same in a comparison: "half as much", "half of them",
# "cut by half", "twice as long", "double the number".
_COMPARISON = re.compile(r"\b(?:(half|twice|double)\s+(?:as|of|the|that|an?)\b|by\s+(half))", re.I)


def numbers_in(text: str, strict: bool) -> set[float]:
    """Numbers in ``text``. ``strict`` leaves out ambiguous number words, unless they compare."""
    found: set[float] = set()
    for m in _DIGITS.finditer(text):
        found.add(float(m.group().replace(",", ".")))
    for m in _COMPARISON.finditer(text):
        found.add(float(_WORDS[(m.group(1) or m.group(2)).lower()]))
    for word in _WORD.findall(text.lower()):
        if not strict:
            found |= {float(v) for v in _UNIT_WORDS.get(word, ())}
        value = _WORDS.get(word)
        if value is not None and not (strict and word in _AMBIGUOUS):
            found.add(float(value))
    return found


# Units of time, weight and distance: (word beginning, dimension, size in the base unit), matched
# at the start of a word ("timmar", "minutter", "kilometres"); English ones apply to sentences.
_EN_UNITS = [("minute", "time", 1), ("hour", "time", 60), ("day", "time", 1440),
             ("week", "time", 10080), ("month", "time", 43800), ("year", "time", 525600),
             ("kilomet", "length", 1), ("km", "length", 1), ("kilo", "mass", 1), ("kg", "mass", 1)]
_UNITS = _EN_UNITS + [("minut", "time", 1), ("timm", "time", 60), ("time", "time", 60),
                      ("dag", "time", 1440), ("døgn", "time", 1440), ("veck", "time", 10080),
                      ("uge", "time", 10080), ("månad", "time", 43800),
                      ("måned", "time", 43800), ("år", "time", 525600)]
# Words that are a quantity with its unit ("halvtimme" is thirty minutes).
_QUANTITY_WORDS = {"halvtimme": ("time", 30), "halvtimmen": ("time", 30), "halvtime": ("time", 30),
                   "halvtimen": ("time", 30), "kvart": ("time", 15), "kvarter": ("time", 15),
                   "halvår": ("time", 262800), "halvåret": ("time", 262800),
                   "fortnight": ("time", 20160), "dygn": ("time", 1440), "døgn": ("time", 1440)}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+")


def _unit(word: str, english: bool):
    for prefix, dimension, size in _EN_UNITS if english else _UNITS:
        if word.startswith(prefix) and len(word) <= len(prefix) + 4:
            return dimension, size
    return None


def _value(word: str) -> float | None:
    if word[0].isdigit():
        return float(word.replace(",", "."))
    return _WORDS.get(word)


def quantities_in(text: str, *, english: bool) -> set[tuple[str, float]]:
    """(dimension, amount in the base unit) for each 'number unit' ("two hours", "fyra dagar",
    "20-minute") and each quantity word ("halvtimme")."""
    words = _TOKEN.findall(text.lower().replace("-", " "))
    found = set()
    for i, word in enumerate(words):
        if word in _QUANTITY_WORDS:
            found.add(_QUANTITY_WORDS[word])
        value = _value(word)
        if value is None or i + 1 >= len(words):
            continue
        unit = _unit(words[i + 1], english)
        if unit:
            found.add((unit[0], round(value * unit[1], 3)))
    return found


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


class NumberCheck:
    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        have: set[float] = set()
        for source in sources:
            have |= numbers_in(source, strict=False)
        reasons = [f"number {_fmt(n)} not in sources"
                   for n in sorted(numbers_in(sentence, strict=True) - have)]
        if reasons:
            return reasons
        # Every number is there, but with its unit? "two hours" is not "twenty minutes" nor
        # "dubbelt så lång tid".
        theirs = set().union(*(quantities_in(s, english=False) for s in sources)) if sources else set()
        mine = quantities_in(sentence, english=True)
        dims = {d for d, _ in theirs}
        return [f"quantity {_fmt(v)} ({d}) not in sources" for d, v in sorted(mine - theirs)
                if d in dims]
