"""Selection offsets of other tools -> code points into Condense's normalised text.

A source's raw text is normalised once (``spans.normalise``: BOM stripped, CRLF/CR -> LF,
NFC). ``OffsetMap`` does the same normalisation chunk by chunk and remembers where each chunk
starts on both sides, so any raw offset maps to the normalised one (an offset inside a chunk
that changed length, such as between CR and LF, snaps outwards for a span's ends).

How a tool counts raw offsets differs (PITFALLS.md 1):
- the standard: code points of the text as written, with CRLF counted as 2;
- NVivo for Windows: UTF-16 code units of the BOM-stripped text, CRLF counted as 2;
- ATLAS.ti: code points with CRLF counted as 1 (as if the text had LF).
"""

from __future__ import annotations

import bisect
import unicodedata

from condense.spans import normalise

# A character below U+0300 never combines with the one before it under NFC (composing
# partners are all combining marks or jamo above it), so NFC can be applied piece by piece
# with pieces cut before such characters.
_SAFE_CUT = 0x300


def counting(origin: str | None) -> str:
    """How the tool that wrote a project counts text offsets: 'utf16', 'lf' or 'codepoints'."""
    o = (origin or "").lower()
    if "nvivo" in o:
        return "utf16"
    if "atlas" in o:
        return "lf"
    return "codepoints"


class OffsetMap:
    def __init__(self, raw: str):
        raw = raw.lstrip("\ufeff")  # the BOM is not text in any tool's count we honour
        self.raw = raw
        raw_starts, norm_starts, pieces = [0], [0], []
        i, n, pos = 0, len(raw), 0
        while i < n:
            if raw[i] == "\r":
                j = i + 2 if raw.startswith("\r\n", i) else i + 1
                piece = "\n"
            else:
                j = i + 1
                while j < n and ord(raw[j]) >= _SAFE_CUT:
                    j += 1
                piece = unicodedata.normalize("NFC", raw[i:j])
                if piece == raw[i:j]:  # unchanged: every character keeps its own boundary
                    for k in range(i + 1, j):
                        raw_starts.append(k)
                        norm_starts.append(pos + k - i)
            pieces.append(piece)
            pos += len(piece)
            i = j
            raw_starts.append(i)
            norm_starts.append(pos)
        self.text = "".join(pieces)
        self._raw = raw_starts
        self._norm = norm_starts
        self._utf16: list[int] | None = None
        self._lf: list[int] | None = None

    def check(self, expected: str) -> bool:
        """True when this map's text is exactly what ingest made of the same raw text."""
        return self.text == expected == normalise(self.raw)

    def _to_norm(self, raw_offset: int, side: str) -> int:
        raw_offset = max(0, min(raw_offset, len(self.raw)))
        k = bisect.bisect_right(self._raw, raw_offset) - 1
        if self._raw[k] == raw_offset or side == "start":
            return self._norm[k]
        return self._norm[min(k + 1, len(self._norm) - 1)]

    def _raw_from_utf16(self, offset: int) -> int:
        if self._utf16 is None:  # cumulative UTF-16 length before each raw code point
            acc, out = 0, [0]
            for ch in self.raw:
                acc += 2 if ord(ch) > 0xFFFF else 1
                out.append(acc)
            self._utf16 = out
        return bisect.bisect_left(self._utf16, offset)

    def _raw_from_lf(self, offset: int) -> int:
        if self._lf is None:  # raw offset of each position of the text with CRLF read as one
            out, i = [], 0
            while i < len(self.raw):
                out.append(i)
                i += 2 if self.raw.startswith("\r\n", i) else 1
            out.append(len(self.raw))
            self._lf = out
        return self._lf[min(offset, len(self._lf) - 1)]

    def span(self, start: int, end: int, how: str = "codepoints") -> tuple[int, int]:
        """Normalised ``[start, end)`` for a raw span counted ``how``."""
        if how == "utf16":
            start, end = self._raw_from_utf16(start), self._raw_from_utf16(end)
        elif how == "lf":
            start, end = self._raw_from_lf(start), self._raw_from_lf(end)
        return self._to_norm(start, "start"), self._to_norm(end, "end")
