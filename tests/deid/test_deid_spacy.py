"""The English NER model from the registry package (slow: loads spaCy's small English model)."""

from __future__ import annotations

import pytest

from condense.deid.detect import detect, detectors_for


@pytest.mark.slow
def test_english_ner_finds_names_places_and_keeps_offsets():
    text = ("I trained with Dr Priya Raghunathan in Harrogate 😀, and Tom Whitfield still works at "
            "Airedale General Hospital. We use Zoom on the NHS network.")
    hits = detect(text, "en", detectors_for("en"))
    got = {(f.type, f.text) for f in hits}
    assert ("person", "Priya Raghunathan") in got and ("person", "Tom Whitfield") in got
    assert ("place", "Harrogate") in got and ("org", "Airedale General Hospital") in got
    assert not any(f.text in ("Zoom", "NHS", "Dr") for f in hits)
    assert any(f.detector.startswith("ner:") for f in hits)
    for f in hits:
        assert text[f.start:f.end] == f.text
