"""Identifiers with a fixed shape: e-mail addresses, phone numbers (English, Swedish and
Danish conventions), Swedish personnummer/samordningsnummer (Luhn checksum), Danish CPR
numbers (a valid date; modulus 11 where it applies) and calendar dates with a day."""

from __future__ import annotations

import re
from datetime import date

from condense.deid.base import Finding, finding

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# 6 or 8 digits of date, an optional separator, 4 digits; not inside a longer number.
ID_NUMBER = re.compile(r"(?<![\d-])(\d{6}|\d{8})([-+ ]?)(\d{4})(?![\d])")
# A UK NHS number: 10 digits, usually 3-3-4, with a modulus-11 check digit.
NHS_NUMBER = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")
# +CC or a leading 0, or grouped digits; 7-13 digits in all, groups of 1-4 after the first.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .-]?)?(?:\(0?\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,6}){1,5}(?![\d])"
    r"|(?<![\w+])(?:\+|00)\d{1,3}[ .-]?\d{6,12}(?!\d)|(?<![\w+])0\d{7,10}(?!\d)")

MONTHS = {
    "en": "january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "no": "januar februar mars april mai juni juli august september oktober november desember",
}
_MONTH = "|".join(sorted({m for v in MONTHS.values() for m in v.split()}, key=len, reverse=True))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
DATE = re.compile(
    rf"(?<![\w.])(?:{_DAY}(?:st|nd|rd|th|:e|:a|\.)?(?:\s+of)?\s+(?:{_MONTH})\.?(?:,?\s+(?:19|20)\d\d)?"
    rf"|(?:{_MONTH})\.?\s+{_DAY}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"
    rf"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    rf"|{_DAY}[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)?\d\d)(?![\w])",
    re.IGNORECASE)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def swedish_id_ok(digits10: str) -> str | None:
    """'personnummer' or 'samordningsnummer' when YYMMDDNNNN is a real one, else None."""
    yy, mm, dd = int(digits10[:2]), int(digits10[2:4]), int(digits10[4:6])
    kind = "personnummer"
    if dd > 60:
        dd, kind = dd - 60, "samordningsnummer"
    if not (_valid(2000 + yy, mm, dd) or _valid(1900 + yy, mm, dd)) or not luhn_ok(digits10):
        return None
    return kind


def cpr_year(digits10: str) -> int | None:
    """The birth year a CPR number encodes (DDMMYY + the century digit), None if no valid date."""
    dd, mm, yy, c = int(digits10[:2]), int(digits10[2:4]), int(digits10[4:6]), int(digits10[6])
    if c <= 3:
        century = 1900
    elif c in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    return century + yy if _valid(century + yy, mm, dd) else None


def nhs_ok(digits10: str) -> bool:
    check = 11 - sum(int(d) * w for d, w in zip(digits10[:9], range(10, 1, -1))) % 11
    return len(digits10) == 10 and check != 10 and (0 if check == 11 else check) == int(digits10[9])


def cpr_mod11_ok(digits10: str) -> bool:
    return sum(int(d) * w for d, w in zip(digits10, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1))) % 11 == 0


class PatternDetector:
    """E-mail, phone, national ID numbers and dates, by shape and checksum."""

    name = "pattern"

    def find(self, text: str, language: str) -> list[Finding]:
        out: list[Finding] = []
        taken: list[tuple[int, int]] = []

        def add(f: Finding) -> None:
            if not any(f.start < e and s < f.end for s, e in taken):
                out.append(f)
                taken.append((f.start, f.end))

        for m in EMAIL.finditer(text):
            add(finding(text, m.start(), m.end(), "email", "pattern:email"))
        for m in ID_NUMBER.finditer(text):
            kind = self._id_kind(m.group(1), m.group(2), m.group(3), language)
            if kind:
                add(finding(text, m.start(), m.end(), "id", f"pattern:{kind}"))
        for m in NHS_NUMBER.finditer(text):
            if nhs_ok(re.sub(r"\D", "", m.group(0))) and language.split("-")[0].lower() not in ("sv", "da", "no"):
                add(finding(text, m.start(), m.end(), "id", "pattern:nhs"))
        for m in DATE.finditer(text):
            add(finding(text, m.start(), m.end(), "date", "pattern:date", 0.9))
        for m in PHONE.finditer(text):
            if self._phone_like(m.group(0)):
                add(finding(text, m.start(), m.end(), "phone", "pattern:phone", 0.9))
        return sorted(out, key=lambda f: f.start)

    @staticmethod
    def _id_kind(head: str, sep: str, tail: str, language: str) -> str | None:
        lang = (language or "").split("-")[0].lower()
        if len(head) == 8:  # YYYYMMDD-NNNN is Swedish only
            if head[:2] not in ("18", "19", "20"):
                return None
            return swedish_id_ok(head[2:] + tail)
        digits = head + tail
        if lang != "da":
            kind = swedish_id_ok(digits)
            if kind and (sep in "-+" or lang == "sv"):
                return kind
        if lang != "sv" and sep != "+" and cpr_year(digits) is not None:
            # CPR numbers issued since 2007 need not satisfy modulus 11, so with a hyphen a
            # valid date is enough; ten bare digits must also pass the check.
            if sep == "-" or cpr_mod11_ok(digits):
                return "cpr"
        return None

    @staticmethod
    def _phone_like(raw: str) -> bool:
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 13:
            return False
        if re.fullmatch(r"(?:19|20)\d\d[-–](?:19|20)\d\d", raw):  # a range of years
            return False
        groups = re.split(r"[ .-]", raw.strip())
        if raw.startswith(("+", "00", "(")) or digits.startswith("0"):
            return True
        # Without a prefix: Danish 8-digit numbers in pairs/quads, or 3-3-4 / 3-4 North American.
        return (len(digits) == 8 and all(len(g) in (2, 4) for g in groups)) or \
            (len(digits) in (7, 10) and [len(g) for g in groups] in ([3, 3, 4], [3, 4]))
