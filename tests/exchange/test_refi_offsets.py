"""Other tools' offsets -> code points of the normalised text, for every counting a tool uses."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from condense.exchange.offsets import OffsetMap, counting
from condense.spans import normalise

PIECES = st.sampled_from(list("ab \n") + ["\r\n", "\r", "e\u0301", "\u0301", "😀", "å", "\u1100\u1161", "\ufeff"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=25), st.data())
def test_every_counting_maps_a_span_onto_the_same_normalised_text(parts, data):
    raw = "".join(parts)
    m = OffsetMap(raw)
    assert m.check(normalise(raw))
    r = m.raw
    norm = lambda x: unicodedata.normalize("NFC", x.replace("\r\n", "\n").replace("\r", "\n"))  # noqa: E731
    # Cut where a tool would: between graphemes, not inside a CRLF or a cluster NFC composes
    # (an offset inside a combining sequence snaps outwards, to whole characters).
    cuts = [c for c in range(len(r) + 1) if norm(r[:c]) + norm(r[c:]) == norm(r) and r[c - 1:c + 1] != "\r\n"
            and (c == len(r) or not unicodedata.combining(r[c]))]
    s = data.draw(st.sampled_from(cuts))
    e = data.draw(st.sampled_from([c for c in cuts if c >= s]))
    a, b = m.span(s, e)
    assert m.text[a:b] == norm(r[s:e])
    utf16 = lambda k: len(r[:k].encode("utf-16-le")) // 2  # noqa: E731
    assert m.span(utf16(s), utf16(e), "utf16") == (a, b)
    lf = lambda k: len(r[:k].replace("\r\n", "\n"))  # noqa: E731
    if not (s and r[s - 1:s + 1] == "\r\n") and not (e and r[e - 1:e + 1] == "\r\n"):
        assert m.span(lf(s), lf(e), "lf") == (a, b)


def test_the_writer_decides_how_offsets_count():
    assert counting("NVivo for Windows 12.6") == "utf16"
    assert counting("ATLAS.ti for Windows 23.2.3.27778") == "lf"
    assert counting("MAXQDA 24 (Release 24.7.0)") == counting(None) == counting("Condense 0.1.0") == "codepoints"
