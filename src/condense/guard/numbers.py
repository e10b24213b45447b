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


# Ordinals say a number in the sources: "var tredje patient" backs "one patient in three".
_ORDINALS = {"tredje": 3, "fjärde": 4, "fjerde": 4, "femte": 5, "sjätte": 6, "sjette": 6,
             "sjunde": 7, "syvende": 7, "åttonde": 8, "ottende": 8, "nionde": 9, "niende": 9,
             "tionde": 10, "tiende": 10, "tredjedel": 3, "tredjedelen": 3, "tredjedelar": 3,
             "fjärdedel": 4, "fjerdedel": 4, "elfte": 11, "ellevte": 11, "tolfte": 12, "tolvte": 12,
             "trettonde": 13, "trettende": 13, "fjortonde": 14, "fjortende": 14, "femtonde": 15,
             "femtende": 15, "tjugonde": 20, "tyvende": 20, "third": 3, "fourth": 4, "fifth": 5,
             "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "twelfth": 12,
             "fourteenth": 14, "twentieth": 20}
_SCALES = {100, 1000}
# Swedish and Danish write numbers as one word ("trehundra", "tjugofem", "femogtyve"); these
# pieces make them up (English ones never do).
_PIECES = sorted({
    "en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
    "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo", "trettio",
    "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio", "hundra", "tusen",
    "et", "to", "fire", "seks", "syv", "otte", "ni", "ti", "elleve", "tretten", "fjorten",
    "femten", "seksten", "sytten", "atten", "nitten", "tyve", "tredive", "fyrre", "halvtreds",
    "tres", "halvfjerds", "firs", "halvfems", "hundrede", "tusind"}, key=len, reverse=True)


def _split_compound(word: str) -> list[float] | None:
    """'trehundrafemtio' -> [3, 100, 50]; 'femogtyve' -> [5, 20]; None unless the whole word
    is two or more number pieces (and Danish 'og' between them)."""
    if len(word) < 6:
        return None
    out: list[float] = []
    i = 0
    while i < len(word):
        if out and word.startswith("og", i) and i + 2 < len(word):
            i += 2
        piece = next((p for p in _PIECES if word.startswith(p, i)), None)
        if piece is None:
            return None
        out.append(float(_WORDS[piece]))
        i += len(piece)
    return out if len(out) >= 2 else None


def _joins(prev: float, nxt: float, joined_by_and: bool) -> bool:
    """Whether two number words make one number: 'three hundred', 'twenty five', 'fem og tyve',
    'hundred and twenty'; not 'two three' nor 'one or two'."""
    if nxt in _SCALES:
        return prev < nxt
    if prev in _SCALES or prev % 100 == 0 and prev >= 100:
        return nxt < prev
    if 20 <= prev <= 90 and prev % 10 == 0 and 1 <= nxt <= 9 and not joined_by_and:
        return True
    return 1 <= prev <= 9 and 20 <= nxt <= 90 and nxt % 10 == 0 and joined_by_and  # Danish 'fem og tyve'


def _compose(values: list[float]) -> float:
    total, current = 0.0, 0.0
    for v in values:
        if v == 100:
            current = (current or 1) * 100
        elif v >= 1000:
            total += (current or 1) * v
            current = 0.0
        else:
            current += v
    return total + current


def _runs(text: str) -> list[tuple[list[str], list[float], int]]:
    """Runs of number words (and digits before 'hundred'/'thousand') that make one number: their
    words, their values, and the index of the token after them (``_TOKEN`` tokens)."""
    words = _TOKEN.findall(text.lower().replace("-", " "))
    runs: list[tuple[list[str], list[float], int]] = []
    run_words: list[str] = []
    run_values: list[float] = []
    pending_and = False
    for i, word in enumerate(words):
        if word[0].isdigit():
            values = [float(word.replace(",", "."))]
        elif word in _WORDS:
            value = _WORDS[word]
            values = [float(value)] if value >= 1 and value == int(value) else None
        else:
            values = _split_compound(word)
        if values is None:
            if word in ("and", "og", "och") and run_values and not pending_and:
                pending_and = True
                continue
            if run_values:
                runs.append((run_words, run_values, i))
            run_words, run_values, pending_and = [], [], False
            continue
        joins = run_values and _joins(run_values[-1], values[0], pending_and) and not word[0].isdigit()
        if run_values and not joins:
            runs.append((run_words, run_values, i))
            run_words, run_values = [], []
        run_words.append(word)
        run_values.extend(values)
        pending_and = False
    if run_values:
        runs.append((run_words, run_values, len(words)))
    return runs


# "two thirds", "en tredjedel", "tre fjerdedele": a count of parts is a number of its own (2/3)
_PARTS = {"third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
          "tredjedel": 3, "tredjedelar": 3, "tredjedele": 3, "fjärdedel": 4, "fjärdedelar": 4,
          "fjerdedel": 4, "fjerdedele": 4, "femtedel": 5, "femtedelar": 5, "femtedele": 5}
_FRACTION = re.compile(r"\b([^\W\d_]+|\d+)[\s-]+(" + "|".join(sorted(_PARTS, key=len, reverse=True)) + r")\b", re.I)


def _fractions(text: str) -> set[float]:
    out = set()
    for m in _FRACTION.finditer(text):
        count = m.group(1).lower()
        n = 1.0 if count in ("a", "an", "one", "en", "ett", "et") else (
            float(count) if count.isdigit() else _WORDS.get(count))
        if n:
            out.add(round(n / _PARTS[m.group(2).lower()], 4))
    return out


def numbers_in(text: str, strict: bool) -> set[float]:
    """Numbers in ``text``. Number words that make one number count as that number ('three
    hundred' is 300, 'tjugofem' 25). ``strict`` (the sentence) leaves out ambiguous number words
    unless they compare or are part of a larger number; without it (the sources) every number
    word counts, alone and composed, and so do ordinals and quantity words: the sources back
    a sentence generously, the sentence claims narrowly."""
    found: set[float] = set()
    for m in _DIGITS.finditer(text):
        found.add(float(m.group().replace(",", ".")))
    for m in _COMPARISON.finditer(text):
        found.add(float(_WORDS[(m.group(1) or m.group(2)).lower()]))
    in_composed: set[str] = set()  # 'three hundred' claims 300, not also 3
    for words, values, _ in _runs(text):
        if len(values) > 1:
            found.add(_compose(values))
            in_composed.update(words)  # nor does 'forty-five' back a 'five'
        elif not strict:
            found |= set(values)
    found |= _fractions(text)
    for word in _WORD.findall(text.lower()):
        if not strict:
            found |= {float(v) for v in _UNIT_WORDS.get(word, ())}
            if word in _ORDINALS:
                found.add(float(_ORDINALS[word]))
        if word in in_composed:
            continue
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
# Units said as whole words only: a Swedish "mil" is ten kilometres ("tre mil" is 30 km), but
# "mild" and "miljö" start with it.
_WHOLE_UNITS = {"mil": ("length", 10), "milen": ("length", 10)}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+")


def _unit(word: str, english: bool):
    if not english and word in _WHOLE_UNITS:
        return _WHOLE_UNITS[word]
    for prefix, dimension, size in _EN_UNITS if english else _UNITS:
        if word.startswith(prefix) and len(word) <= len(prefix) + 4:
            return dimension, size
    return None


def _quantities(text: str, english: bool) -> tuple[set[tuple[str, float, float, float]], set[float]]:
    """(dimension, amount in the base unit, the number said, the unit's size) for each 'number
    unit', and the numbers said with no unit after them. An age ("a 58-year-old", "58 years
    old") is no duration."""
    words = _TOKEN.findall(text.lower().replace("-", " "))
    found, bare = set(), set()
    for _, values, after in _runs(text):
        number = _compose(values)
        unit = _unit(words[after], english) if after < len(words) else None
        if unit and words[after + 1: after + 2] != ["old"]:
            found.add((unit[0], round(number * unit[1], 3), number, unit[1]))
        else:
            bare.add(number)
    if not english:  # "var fjortonde dag" (every fourteenth day) is every fourteen days
        for word, nxt in zip(words, words[1:]):
            unit = _unit(nxt, english) if word in _ORDINALS else None
            if unit:
                found.add((unit[0], round(_ORDINALS[word] * unit[1], 3), float(_ORDINALS[word]), unit[1]))
    return found, bare


def quantities_in(text: str, *, english: bool) -> set[tuple[str, float]]:
    """(dimension, amount in the base unit) for each 'number unit' ("two hours", "fyra dagar",
    "20-minute", "femogtyve minutter", "tre mil") and each quantity word ("halvtimme")."""
    return _quantity_words(text) | {(d, amount) for d, amount, _, _ in _quantities(text, english)[0]}


def _quantity_words(text: str) -> set[tuple[str, float]]:
    return {_QUANTITY_WORDS[w] for w in _TOKEN.findall(text.lower()) if w in _QUANTITY_WORDS}


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


class NumberCheck:
    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        have: set[float] = set()
        bare: set[float] = set()
        units: set[tuple[str, float]] = set()  # (dimension, unit size) the sources say
        for source in sources:
            have |= numbers_in(source, strict=False)
            said_there, bare_there = _quantities(source, english=False)
            bare |= bare_there
            units |= {(d, size) for d, _, _, size in said_there}
        theirs = set().union(*(quantities_in(s, english=False) for s in sources)) if sources else set()
        said = _quantities(sentence, english=True)[0]
        # a number converted with its unit is in the sources all the same ("tre mil": 30 km)
        converted = {n for d, amount, n, _ in said if (d, amount) in theirs}
        reasons = [f"number {_fmt(n)} not in sources"
                   for n in sorted(numbers_in(sentence, strict=True) - have - converted)]
        if reasons:
            return reasons
        # Every number is there, but with its unit? "two hours" is not "twenty minutes" nor
        # "dubbelt så lång tid". A number the sources say with no unit may have the unit the
        # sources use for that dimension implied ("45 minutes, but the rota gives us fifteen").
        dims = {d for d, _ in units} | {d for d, _ in theirs}
        mine = {(d, amount) for d, amount, n, size in said
                if not (n in bare and ((d, size) in units or d not in dims))}
        mine |= _quantity_words(sentence)
        return [f"quantity {_fmt(v)} ({d}) not in sources" for d, v in sorted(mine - theirs)
                if d in dims]
