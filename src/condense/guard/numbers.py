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
}
# Words that are numbers only in some contexts ("en/et" are articles, "to" is an English
# preposition): they count as numbers in the sources, never as claims in the sentence.
_AMBIGUOUS = {"one", "en", "ett", "et", "to", "single", "both", "båda", "bägge", "begge",
              "half", "halv", "halvt", "halva", "sex", "fire", "once", "ni", "double", "dubbel",
              "dubbelt", "dobbelt"}

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+")


def numbers_in(text: str, strict: bool) -> set[float]:
    """Numbers in ``text``. ``strict`` leaves out ambiguous number words."""
    found: set[float] = set()
    for m in _DIGITS.finditer(text):
        found.add(float(m.group().replace(",", ".")))
    for word in _WORD.findall(text.lower()):
        value = _WORDS.get(word)
        if value is not None and not (strict and word in _AMBIGUOUS):
            found.add(float(value))
    return found


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


class NumberCheck:
    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        have: set[float] = set()
        for source in sources:
            have |= numbers_in(source, strict=False)
        return [f"number {_fmt(n)} not in sources"
                for n in sorted(numbers_in(sentence, strict=True) - have)]
