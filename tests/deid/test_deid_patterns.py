"""Pattern detectors: checksums of national ID numbers, phone formats, e-mails, dates, and
code-point offsets that stay right after å, ø and emoji."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from condense.deid.patterns import PatternDetector, cpr_mod11_ok, cpr_year, luhn_ok, nhs_ok, swedish_id_ok


def found(text, language="en"):
    return [(f.type, f.text, f.detector.split(":")[1]) for f in PatternDetector().find(text, language)]


def test_luhn_and_swedish_numbers():
    assert luhn_ok("8112189876") and not luhn_ok("8112189875")
    assert swedish_id_ok("8112189876") == "personnummer"
    assert swedish_id_ok("7010632391") == "samordningsnummer"  # day 63 = the 3rd
    assert swedish_id_ok("8113189872") is None  # month 13, whatever the checksum
    assert found("Mitt personnummer är 811218-9876.", "sv") == [("id", "811218-9876", "personnummer")]
    assert found("Mitt personnummer är 19811218-9876.", "sv") == [("id", "19811218-9876", "personnummer")]
    assert found("Samordningsnummer 701063-2391.", "sv") == [("id", "701063-2391", "samordningsnummer")]
    assert found("Fel nummer 811218-9875.", "sv") == [], "a wrong check digit is no personnummer"


def test_danish_cpr_needs_a_date_and_modulus_11_only_without_hyphen():
    assert cpr_year("0707614285") == 1961 and cpr_mod11_ok("0707614285")
    assert cpr_year("3102614285") is None  # 31 February
    assert found("CPR 070761-4285.", "da") == [("id", "070761-4285", "cpr")]
    # Issued after 2007: fails modulus 11 but has a valid date; with the hyphen it is found.
    assert not cpr_mod11_ok("0707614286")
    assert found("CPR 070761-4286.", "da") == [("id", "070761-4286", "cpr")]
    assert not cpr_mod11_ok("1707614286")
    assert [f for f in found("CPR 1707614286.", "da") if f[0] == "id"] == [], "ten bare digits must pass modulus 11"
    assert found("CPR 1707614281.", "da") == [("id", "1707614281", "cpr")]
    assert found("CPR 310261-4285.", "da") == [], "no 31 February"


def test_nhs_number_check_digit():
    assert nhs_ok("9434765919") and not nhs_ok("9434765918")
    assert found("NHS number 943 476 5919.") == [("id", "943 476 5919", "nhs")]


def test_phones_in_three_conventions_and_numbers_that_are_not_phones():
    assert [f[1] for f in found("Ring 070-123 45 67 eller 08-123 456 78 eller +46 70 123 45 67.", "sv")] == [
        "070-123 45 67", "08-123 456 78", "+46 70 123 45 67"]
    assert [f[1] for f in found("Tlf. 12 34 56 78 eller +45 12345678.", "da")] == ["12 34 56 78", "+45 12345678"]
    assert [f[1] for f in found("Call 020 7946 0958 or (555) 123-4567.")] == ["020 7946 0958", "(555) 123-4567"]
    assert found("In 2019-2020 we had 45 patients and 1 500 visits, at 10.30.") == []


def test_emails_and_dates():
    assert found("Mail anna.berg@region.se, please.", "sv") == [("email", "anna.berg@region.se", "email")]
    texts = {"en": "It was on 3 March 2021 and on March 4, 2021.", "sv": "Det var den 3 mars 2021.",
             "da": "Det var d. 3. marts 2021 og 2021-03-04."}
    assert [f[1] for f in found(texts["en"])] == ["3 March 2021", "March 4, 2021"]
    assert [f[1] for f in found(texts["sv"], "sv")] == ["3 mars 2021"]
    assert [f[1] for f in found(texts["da"], "da")] == ["3. marts 2021", "2021-03-04"]
    assert found("We started in March 2020.") == [], "a month and year identify nobody"


def test_offsets_are_code_points_after_non_ascii_and_emoji():
    text = "Åsa 😀 sa: ring Øyvind på 070-123 45 67 👍🏽 eller mejla øyvind@exempel.se, pnr 811218-9876."
    hits = PatternDetector().find(text, "sv")
    assert [f.text for f in hits] == ["070-123 45 67", "øyvind@exempel.se", "811218-9876"]
    for f in hits:
        assert text[f.start:f.end] == f.text


@settings(max_examples=60, deadline=None)
@given(prefix=st.text(alphabet="aåøæé 😀👍🏽\n.,Ü", max_size=20), suffix=st.text(alphabet="aåø 😀\n.", max_size=10))
def test_offsets_hold_for_any_surrounding_text(prefix, suffix):
    text = f"{prefix} 811218-9876 {suffix}"
    hits = [f for f in PatternDetector().find(text, "sv") if f.type == "id"]
    assert [f.text for f in hits] == ["811218-9876"]
    assert text[hits[0].start:hits[0].end] == "811218-9876"
