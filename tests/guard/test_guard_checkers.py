"""Each checker of the faithfulness guard on small cases (fake embedder where one is needed)."""

from condense.engines.embedders import HashingEmbedder
from condense.guard import Verdict, make_guard
from condense.guard.negation import NegationCheck
from condense.guard.numbers import NumberCheck, numbers_in
from condense.guard.roles import RoleOrderCheck
from condense.guard.support import ContentSupport
from condense.guard.testset import KINDS, load_cases
from condense.guard.text import concepts_in_text, has_negation, tokens


def test_numbers_are_normalised_across_languages():
    assert numbers_in("i fyra dagar, 2,5 timmar", strict=True) == {4.0, 2.5}
    assert numbers_in("tyve kilometer", strict=True) == {20.0}
    assert NumberCheck().check("A fever for four days.", ["feber i fyra dagar"]) == []
    assert NumberCheck().check("A fever for 4 days.", ["feber i fyra dagar"]) == []
    assert NumberCheck().check("A fever for ten days.", ["feber i fyra dagar"]) == [
        "number 10 not in sources"]


def test_articles_are_not_claimed_numbers():
    # "one"/"en"/"to" are articles or prepositions too: never a claim in the sentence
    assert NumberCheck().check("One patient went to the clinic.", ["En patient kom."]) == []


def test_negators_in_three_languages():
    assert has_negation("I can't examine a tummy")
    assert has_negation("jag kan inte lyssna") and has_negation("jeg har ikke tid")
    assert not has_negation("video is brilliant")


def test_negation_flip_is_caught_and_kept_polarity_passes():
    check = NegationCheck(HashingEmbedder())
    source = ["Jag kan inte lyssna på lungorna genom en skärm."]
    assert check.check("She cannot listen to the lungs through a screen.", source) == []
    assert check.check("She can listen to the lungs through a screen.", source)


def test_lexicon_maps_swedish_and_danish_to_concepts():
    assert "@doctor" in concepts_in_text("distriktsläkaren ringde")
    assert "@nurse" in concepts_in_text("sygeplejersken tager blodprøverne")
    assert "parental leave" in concepts_in_text("jag var föräldraledig")
    assert "psychosis" in concepts_in_text("begynnande psykos")


def test_content_support_flags_substituted_terms_only():
    support = ContentSupport()
    source = ["Jag var föräldraledig i ett halvår när min son föddes."]
    assert support.check("He was on parental leave when his son came.", source) == []
    # 'born' has no lexicon entry: strict on purpose, the reason names the word
    assert support.check("He was on parental leave when his son was born.", source) == [
        "'born' not supported by sources"]
    assert "'divorce' not supported by sources" in support.check(
        "He went through a divorce when his son was born.", source)
    assert support.unsupported("He had a patient with psychosis.", ["patient med psykos"]) == []
    assert support.unsupported("He had a psychopath as a patient.", ["patient med psykos"]) == [
        "psychopath"]


def test_role_order_reversal_is_caught():
    check = RoleOrderCheck()
    source = ["Det var distriktssköterskan som lärde mig att använda videon."]
    assert check.check("The district nurse taught the doctor to use video.", source) == []
    assert check.check("The doctor taught the district nurse to use video.", source)
    # a passive keeps who did what
    assert check.check("The doctor was taught to use video by the district nurse.", source) == []


def test_tokens_split_english_contractions():
    assert tokens("I can't") == ["i", "ca", "n't"]


def test_guard_combines_reasons_on_a_handful_of_pairs():
    guard = make_guard(HashingEmbedder())
    source = ["The nurse takes the blood samples in the morning and then I go through the "
              "results with the patient on video in the afternoon."]
    kept = guard.check("The nurse takes blood samples in the morning and the results are gone "
                       "through with the patient on video in the afternoon.", source, "en")
    assert isinstance(kept, Verdict) and kept.ok, kept.reasons
    for bad in ("The nurse takes blood samples in the morning on three days.",
                "The nurse takes urine samples in the morning.",
                "The nurse does not take the blood samples in the morning.",
                "The patient goes through the results with the nurse on video."):
        verdict = guard.check(bad, source, "en")
        assert not verdict.ok and verdict.reasons, bad


def test_guard_uses_the_optional_model_pass():
    class Engine:
        def complete_json(self, prompt, schema):
            assert "Sentence:" in prompt and "faithful" in schema["properties"]
            return {"faithful": False, "problem": "invents a doctor"}

    verdict = make_guard(HashingEmbedder(), engine=Engine()).check(
        "The patient takes blood samples.", ["The patient takes blood samples."])
    assert verdict.reasons == ("model check: invents a doctor",)


def test_test_set_is_balanced_and_large_enough():
    cases = load_cases()
    assert len(cases) >= 150
    for lang in ("en", "sv", "da"):
        for kind in KINDS:
            n = sum(c.language == lang and c.kind == kind for c in cases)
            assert n >= 10, (lang, kind, n)
    assert {c.split for c in cases} == {"tune", "heldout"}
    groups = {c.group: c.split for c in cases}
    assert sum(s == "heldout" for s in groups.values()) == len(groups) // 2
