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
import re
import unicodedata

from condense.spans import normalise

# A character below U+0300 never combines with the one before it under NFC (composing
# partners are all combining marks or jamo above it), so NFC can be applied piece by piece
# with pieces cut before such characters.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _clusters(raw: str, i: int, j: int):
    """Split ``raw[i:j]`` at starters, keeping together what NFC composes across them
    (Hangul jamo), so that only the characters NFC really rewrites lose exact offsets."""
    if raw[i] == "\r":
        yield i, j
        return
    cuts = [k for k in range(i + 1, j) if unicodedata.combining(raw[k]) == 0] + [j]
    start, end = i, cuts[0]
    for nxt in cuts[1:]:
        nfc = unicodedata.normalize
        if nfc("NFC", raw[start:nxt]) == nfc("NFC", raw[start:end]) + nfc("NFC", raw[end:nxt]):
            yield start, end
            start = end
        end = nxt
    yield start, end


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
        # Only CR/CRLF and clusters NFC rewrites change; everything between maps one to one.
        pattern = r"\r\n?" if unicodedata.is_normalized("NFC", raw) else r"\r\n?|[^\r][\u0300-\U0010ffff]+"
        self._at_raw, self._at_norm, self._exact = [0], [0], [True]
        out, last, pos = [], 0, 0
        for m in re.finditer(pattern, raw):
            for i, j in _clusters(raw, *m.span()):
                seg = raw[i:j]
                piece = "\n" if seg[0] == "\r" else unicodedata.normalize("NFC", seg)
                if piece == seg:
                    continue
                out.append(raw[last:i])
                pos += i - last
                self._add(i, pos, False)
                out.append(piece)
                pos += len(piece)
                self._add(j, pos, True)
                last = j
        out.append(raw[last:])
        self.text = "".join(out)
        astral = [m.start() for m in _ASTRAL.finditer(raw)]
        self._astral_end16 = [r + k + 2 for k, r in enumerate(astral)]  # UTF-16 end of each
        self._crlf_lf = [m.start() - k for k, m in enumerate(re.finditer("\r\n", raw))]

    def _add(self, raw_pos: int, norm_pos: int, exact: bool) -> None:
        self._at_raw.append(raw_pos)
        self._at_norm.append(norm_pos)
        self._exact.append(exact)

    def check(self, expected: str) -> bool:
        """True when this map's text is exactly what ingest made of the same raw text."""
        return self.text == expected == normalise(self.raw)

    def _to_norm(self, x: int, side: str) -> int:
        x = max(0, min(x, len(self.raw)))
        k = bisect.bisect_right(self._at_raw, x) - 1
        if self._exact[k]:
            return self._at_norm[k] + (x - self._at_raw[k])
        if x == self._at_raw[k] or side == "start":  # inside a rewritten cluster: snap outwards
            return self._at_norm[k]
        return self._at_norm[k + 1]

    def span(self, start: int, end: int, how: str = "codepoints") -> tuple[int, int]:
        """Normalised ``[start, end)`` for a raw span counted ``how``."""
        if how == "utf16":  # each astral character wholly before the offset counted 2
            start -= bisect.bisect_right(self._astral_end16, start)
            end -= bisect.bisect_right(self._astral_end16, end)
        elif how == "lf":  # each CRLF before the offset counted 1
            start += bisect.bisect_left(self._crlf_lf, start)
            end += bisect.bisect_left(self._crlf_lf, end)
        return self._to_norm(start, "start"), self._to_norm(end, "end")
