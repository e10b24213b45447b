"""Each checker of the faithfulness guard on small cases (fake embedder where one is needed)."""

from condense.engines.embedders import HashingEmbedder
from condense.guard import Verdict, make_guard
from condense.guard.negation import NegationCheck
from condense.guard.numbers import NumberCheck, numbers_in
from condense.guard.roles import RoleOrderCheck
from condense.guard.support import ContentSupport
from condense.guard.testset import KINDS, load_cases
from condense.guard.text import concepts_in_text, has_negation, tokens


def test_halves_and_multiples_count_where_they_compare():
    check = NumberCheck().check
    assert check("The region pays half as much for video.", ["vi får mindre for en videokonsultation"]) == [
        "number 0.5 not in sources"]
    assert check("Visits take twice as long.", ["allt tar dubbelt så lång tid"]) == []
    assert check("The guide has halved the calls.", ["Det har halveret antallet af opkald"]) == []
    assert check("Half of the patients want video.", ["Hälften av patienterna vill ha video"]) == []
    assert check("It took half an hour.", ["det tog en halvtimme"]) == []
    # an article-like "half" that compares nothing stays out of it
    assert numbers_in("we were half done", strict=True) == set()


def test_numbers_are_normalised_across_languages():
    assert numbers_in("i fyra dagar, 2,5 timmar", strict=True) == {4.0, 2.5}
    assert numbers_in("tyve kilometer", strict=True) == {20.0}
    assert NumberCheck().check("A fever for four days.", ["feber i fyra dagar"]) == []
    assert NumberCheck().check("A fever for 4 days.", ["feber i fyra dagar"]) == []
    assert NumberCheck().check("A fever for ten days.", ["feber i fyra dagar"]) == [
        "number 10 not in sources"]


def test_number_words_that_make_one_number_count_as_that_number():
    assert numbers_in("close to three hundred people", strict=True) == {300.0}
    assert numbers_in("nästan trehundra personer", strict=True) == {300.0}
    assert numbers_in("femogtyve minutter", strict=True) == {25.0}
    assert numbers_in("fem og tyve", strict=True) == {25.0}
    assert numbers_in("two thousand five hundred", strict=True) == {2500.0}
    assert numbers_in("hundred and twenty", strict=True) == {120.0}
    assert numbers_in("one or two", strict=True) == {2.0}  # not 'twelve' nor 'one-two'
    assert numbers_in("two, three", strict=True) == {2.0, 3.0}
    check = NumberCheck().check
    assert check("Close to three hundred people were vaccinated.", ["Nästan trehundra personer vaccinerades."]) == []
    assert check("Close to 300 people were vaccinated.", ["Nästan trehundra personer vaccinerades."]) == []
    assert check("Close to four hundred people came.", ["Nästan trehundra personer kom."]) == [
        "number 400 not in sources"]
    assert check("It took twenty-five minutes.", ["Det tog femogtyve minutter."]) == []
    assert check("It took twenty-five hours.", ["Det tog femogtyve minutter."]) == [
        "quantity 1500 (time) not in sources"]


def test_an_ordinal_in_the_sources_backs_one_in_n():
    check = NumberCheck().check
    assert check("About one patient in three can stay at home.", ["Ungefär var tredje patient kan stanna hemma."]) == []
    assert check("About one patient in four can stay at home.", ["Ungefär var tredje patient kan stanna hemma."]) == [
        "number 4 not in sources"]


def test_single_letters_are_no_claims():
    assert ContentSupport().unsupported("She called at 3 a.m.", ["I rang her at three in the morning."]) == []


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
    assert support.check("He was on parental leave when his son was born.", source) == []
    # 'little' is unsupported but an everyday word: one of those is tolerated, two are not
    assert support.unsupported("He was on parental leave when his son was little.", source) == [
        "little"]
    assert support.check("He was on parental leave when his son was little.", source) == []
    assert support.check("He was on unpaid parental leave when his son was little.", source)
    # a rare word (a specific claim) is never tolerated, and the reason names it
    assert "'divorce' not supported by sources" in support.check(
        "He went through a divorce when his son was born.", source)
    assert support.unsupported("He had a patient with psychosis.", ["patient med psykos"]) == []
    assert support.check("He had a psychopath as a patient.", ["patient med psykos"]) == [
        "'psychopath' not supported by sources"]
    # people and domain terms weigh as claims even when frequent
    assert support.check("The nurse had a patient with psychosis.", ["patient med psykos"]) == [
        "'nurse' not supported by sources"]


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
    assert {c.split for c in cases} == {"tune", "heldout", "fresh", "fresh2", "fresh3"}
    groups = {c.group: c.split for c in cases if not c.split.startswith("fresh")}
    assert sum(s == "heldout" for s in groups.values()) == len(groups) // 2


def test_memo_embeds_each_text_once_in_one_batch():
    from condense.guard.memo import EmbeddingMemo

    class Counting(HashingEmbedder):
        calls: list = []

        def embed(self, texts, kind="passage"):
            self.calls.append(list(texts))
            return super().embed(texts, kind)

    inner = Counting()
    memo = EmbeddingMemo(inner)
    first = memo.embed(["a source", "a sentence", "a source"])
    again = memo.embed(["a source"])
    assert inner.calls == [["a source", "a sentence"]]
    assert (first[0] == again[0]).all() and (first[0] == first[2]).all()


def test_guard_embeds_sources_once_across_sentences():
    class Counting(HashingEmbedder):
        texts = 0

        def embed(self, texts, kind="passage"):
            Counting.texts += len(texts)
            return super().embed(texts, kind)

    guard = make_guard(Counting())
    source = ["Sygeplejersken tager blodprøverne om morgenen, og så gennemgår jeg svarene."]
    guard.check("The nurse takes the blood samples in the morning.", source, "da")
    after_first = Counting.texts
    guard.check("The GP goes through the results.", source, "da")
    assert Counting.texts - after_first <= 4  # only the new sentence and its clauses


def test_rare_words_weigh_more_than_everyday_words():
    support = ContentSupport()
    assert support.weight("psychopath") == 1.0 and support.weight("small") == 0.5
    assert support.weight("nurse") == 1.0  # a role, however frequent


def test_cognates_and_compound_heads_support_words():
    support = ContentSupport()
    from condense.guard.support import cognates

    assert support.unsupported("The problems are under control.",
                               ["Problemerne er under kontrol."]) == []
    assert cognates("consultation", "konsultationen") and cognates("direct", "direkte")
    assert not cognates("contract", "kontakt") and not cognates("psychopath", "psykos")
    assert support.unsupported("They had a video meeting.", ["Vi havde et videomøde."], "da") == []


def test_numbers_keep_their_units():
    check = NumberCheck()
    source = ["Ett vanligt besök på femton minuter blir lätt en halvtimme."]
    assert check.check("A fifteen-minute visit easily becomes thirty minutes.", source) == []
    assert check.check("A fifteen-minute visit easily becomes two hours.", ["femton minuter, två"])
    assert check.check("He was on leave for six months.", ["ett halvår"]) == []


def test_polarity_alignment_catches_a_dropped_negation():
    from condense.guard.negation import PolarityAlignment

    check = PolarityAlignment()
    source = ["The young mum wouldn't come into the surgery, but on video she talked for forty "
              "minutes."]
    assert check.check("The young mother came into the surgery.", source)
    assert check.check("The young mother would not come into the surgery.", source) == []
    assert check.check("She would not talk on video for forty minutes.", source)


def test_role_order_handles_v2_inversion_passives_and_pronouns():
    check = RoleOrderCheck()
    # V2: the subject pronoun follows the verb; the GP (speaker) is still the agent
    source = ["Over video kunne han godt tale med mig, sagde patienten."]
    assert check.check("The patient could talk with the GP over video.", source) == []
    # an s-passive with 'af': the nurse takes the samples
    source = ["Blodprøverne tages af sygeplejersken, før patienten kommer."]
    assert check.check("The nurse takes the blood samples before the patient comes.", source) == []
    source = ["Patienten blev hjulpet af sygeplejersken."]
    assert check.check("The nurse helped the patient.", source) == []
    assert check.check("The patient helped the nurse.", source)
    # 'af' as a preposition is no passive
    source = ["Sekretæren sad ved siden af mig de første uger."]
    assert check.check("The secretary sat next to him for the first weeks.", source) == []


def test_swapped_variants_exchange_two_roles():
    from condense.guard.contrast import swapped_variants

    variants = swapped_variants("The nurse takes the samples and the GP reads them.")
    assert variants == [("@nurse", "@doctor",
                         "The GP takes the samples and the nurse reads them.")] or variants == [
        ("@doctor", "@nurse", "The GP takes the samples and the nurse reads them.")]


def test_an_action_keeps_its_agent_across_clauses():
    check = RoleOrderCheck()
    source = ["Det er sygeplejersken, der gennemgår medicinlisten, og jeg svarer på spørgsmål."]
    assert check.check("The nurse goes through the medication list and the GP answers questions.",
                       source) == []
    assert check.check("The GP goes through the medication list and the nurse answers questions.",
                       source)
    assert RoleOrderCheck(min_overlap=None).check(
        "The GP goes through the medication list and the nurse answers questions.", source) == []


def test_frequent_words_can_still_be_claims():
    support = ContentSupport()
    assert support.weight("died") == 1.0 and support.weight("police") == 1.0
    assert support.check("The patient died.", ["Patienten kom ind."])
