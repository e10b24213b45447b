"""A sentence splitter for spoken transcripts in en/sv/da/no/de: splits after . ! ? … when
the next word starts a sentence, never after common abbreviations, always at line breaks.
Returns code-point spans, so sentences stay addressable in the document."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    # en
    "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "vs", "approx", "no", "st", "prof",
    # sv
    "t.ex", "bl.a", "dvs", "osv", "m.m", "s.k", "ca", "t.o.m", "fr.o.m", "resp", "jfr", "kl",
    # da / no
    "f.eks", "bl.a", "dvs", "osv", "m.v", "mht", "pga", "ift", "evt", "ca", "nr", "kr",
    # de
    "z.b", "bzw", "usw", "u.a", "d.h", "ggf",
}
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?(?:[A-ZÅÄÖÆØÜÉ0-9]|I\b)")


def split_sentences(text: str, start: int = 0, end: int | None = None,
                    max_words: int = 60) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for ls, le in _lines(text, start, end):
        cur = ls
        for m in _END.finditer(text, ls, le):
            stop = m.end()
            if not _NEXT_START.match(text, stop, le):
                continue
            word = re.search(r"([\w.]+)[.!?…]*$", text[cur:m.start() + 1])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS and text[m.start()] == ".":
                continue
            _add(text, spans, cur, stop, max_words)
            cur = stop
        _add(text, spans, cur, le, max_words)
    return spans


def _lines(text: str, start: int, end: int):
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def _add(text: str, spans: list, s: int, e: int, max_words: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return
    # Run-on spoken sentences: cut overly long ones at a comma near the middle.
    words = list(re.finditer(r"\S+", text[s:e]))
    if len(words) > max_words:
        mid = s + words[len(words) // 2].start()
        comma = text.rfind(", ", s, mid)
        if comma < 0 or comma - s < (mid - s) // 3:
            comma = text.find(", ", mid, e)
        if comma > s:
            _add(text, spans, s, comma + 1, max_words)
            _add(text, spans, comma + 1, e, max_words)
            return
    spans.append((s, e))
