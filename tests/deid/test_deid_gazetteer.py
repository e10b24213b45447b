"""The Nordic gazetteer (names, places, institutions by lists, capitals and context), the
overlap rule between detectors, and the model-pass hook with a fake engine."""

from __future__ import annotations

from condense.deid.base import Finding, resolve_overlaps
from condense.deid.detect import detect
from condense.deid.gazetteer import GazetteerDetector
from condense.deid.model_pass import ModelDetector
from condense.deid.patterns import PatternDetector


def found(text, language):
    hits = detect(text, language, [PatternDetector(), GazetteerDetector()])
    for f in hits:
        assert text[f.start:f.end] == f.text
    return [(f.type, f.text) for f in hits]


def test_swedish_names_places_and_institutions():
    text = ("Jag jobbar på Vårdcentralen Norrmalm i Kalmar med doktor Wahlberg och Anna Lindqvist. "
            "Min kollega Sixten Rönnbäck flyttade till Töreboda.")
    assert found(text, "sv") == [("org", "Vårdcentralen Norrmalm"), ("place", "Kalmar"), ("person", "Wahlberg"),
                                 ("person", "Anna Lindqvist"), ("person", "Sixten Rönnbäck"), ("place", "Töreboda")]


def test_danish_names_places_and_institutions():
    text = "Jeg arbejder på Svendborg Sygehus med Mette Nørgaard fra Aabenraa. Lægehuset i Vejle er lukket."
    assert found(text, "da") == [("org", "Svendborg Sygehus"), ("person", "Mette Nørgaard"),
                                 ("place", "Aabenraa"), ("org", "Lægehuset i Vejle")]


def test_words_that_are_also_names_need_a_second_sign():
    assert found("Per telefon går det fortare. Bo hemma, sa vi.", "sv") == []
    assert found("Hans kone hjalp ham. Har I prøvet det?", "da") == []
    assert found("Vi använder Zoom och Teams, och BankID under Covid i Sverige.", "sv") == []
    # The same words with a surname or mid-sentence are names.
    assert found("Igår ringde Per Andersson.", "sv") == [("person", "Per Andersson")]


def test_genitive_is_the_name_and_not_the_name_plus_s():
    assert found("Annas mamma bor i Kalmars centrum.", "sv") == [("person", "Anna"), ("place", "Kalmar")]


def test_english_uses_cues_not_every_capital():
    assert found("I phoned Ruaridh after we moved to Dumfries. We use Webex on Monday.", "en") == [
        ("person", "Ruaridh"), ("place", "Dumfries")]
    assert found("I asked Dr Okafor at Leeds General Infirmary.", "en") == [
        ("person", "Okafor"), ("org", "Leeds General Infirmary")]


def test_overlaps_keep_the_most_trusted_then_longest():
    a = Finding("person", 0, 4, "Lund", "gazetteer:surname", 0.8)
    b = Finding("org", 0, 12, "Lund sjukhus", "institution", 0.95)
    c = Finding("phone", 20, 30, "0701234567", "pattern:phone", 0.9)
    assert resolve_overlaps([a, c, b]) == [b, c]


class FakeEntityPass:
    """What a generative engine's JSON named-entity pass returns, one hallucination included."""

    def __init__(self):
        self.calls = []

    def entities(self, text, language):
        self.calls.append(language)
        return [{"text": "Bjarke", "type": "name"}, {"text": "Tølløse", "type": "town"},
                {"text": "Nowhere", "type": "place"}, {"text": "x", "type": "weather"}, "junk"]


def test_model_pass_locates_entities_and_drops_the_rest():
    text = "Bjarke sagde det til mig i Tølløse, og Bjarke havde ret."
    engine = FakeEntityPass()
    hits = ModelDetector(engine).find(text, "da")
    assert engine.calls == ["da"]
    assert [(f.type, f.text, f.start) for f in hits] == [("person", "Bjarke", 0), ("person", "Bjarke", 39),
                                                         ("place", "Tølløse", 27)]
    assert all(text[f.start:f.end] == f.text for f in hits)
