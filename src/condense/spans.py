"""The offset contract, in one place.

Every span in Condense is a half-open ``[start, end)`` range of Unicode code points into a
document's normalised text (NFC, LF, no BOM), so ``text[start:end] == span_text``. Browsers
count UTF-16 code units; convert with :func:`utf16_to_cp` / :func:`cp_to_utf16` at the web
boundary only.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterable, Sequence

from condense.errors import SpanError

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """The one normalisation a transcript ever gets: BOM stripped, CRLF/CR -> LF, NFC."""
    text = text.lstrip("\ufeff")  # all leading BOMs, so normalise stays idempotent
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_span(text: str, start: int, end: int, expected: str | None = None) -> None:
    """Raise SpanError unless ``[start, end)`` is a non-empty range inside ``text``
    (and, when given, addresses exactly ``expected``)."""
    if not (0 <= start < end <= len(text)):
        raise SpanError(f"span [{start}, {end}) is outside a text of {len(text)} characters")
    if expected is not None and text[start:end] != expected:
        raise SpanError(f"span [{start}, {end}) reads {text[start:end]!r}, not {expected!r}")


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of code points two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def find_all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def snap(boundaries: Sequence[int], start: int, end: int, mode: str = "expand") -> tuple[int, int]:
    """Snap a span to the nearest boundaries (sorted offsets), like spaCy's
    ``char_span(alignment_mode=...)``: "expand" grows it, "contract" shrinks it."""
    if not boundaries:
        return start, end
    if mode == "expand":
        i = bisect.bisect_right(boundaries, start) - 1
        j = bisect.bisect_left(boundaries, end)
        s = boundaries[i] if i >= 0 else start  # no boundary on a side: keep that end as it is
        e = boundaries[j] if j < len(boundaries) else end
    elif mode == "contract":
        i = bisect.bisect_left(boundaries, start)
        j = bisect.bisect_right(boundaries, end) - 1
        s = boundaries[min(i, len(boundaries) - 1)]
        e = boundaries[max(j, 0)]
    else:
        raise ValueError(f"unknown snap mode {mode!r}")
    if e <= s:
        return start, end
    return s, e


def utf16_to_cp(text: str, offset16: int) -> int:
    """Code-point offset for a UTF-16 code-unit offset into ``text`` (the browser's count)."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset16:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    if units >= offset16:
        return len(text)
    raise SpanError(f"UTF-16 offset {offset16} is past the end of the text")


def cp_to_utf16(text: str, offset: int) -> int:
    """UTF-16 code-unit offset for a code-point offset into ``text``."""
    if not 0 <= offset <= len(text):
        raise SpanError(f"offset {offset} is outside a text of {len(text)} characters")
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)


def spans_text(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]
