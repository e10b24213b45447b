"""The concept vocabulary: lemma and compound matching in Swedish and Danish sources, English
words by stem, phrases, language awareness, and the glossary the drafting model is given."""

from condense.guard.support import ContentSupport
from condense.guard.text import concepts_in_text, concepts_of_word
from condense.guard.vocabulary import Vocabulary, is_person, vocabulary


def small() -> Vocabulary:
    v = Vocabulary()
    v.add("h:knee", ["knee"], ["knä", "knæ"])
    v.add("h:liver", ["liver"], ["lever"])
    v.add("t:value", ["value", "level"], ["värde", "værdi"])
    v.add("t:autumn", ["autumn", "fall"], ["höst", "höstas", "efterår"])
    v.add("p:@neighbour", ["neighbour", "neighbor"], ["granne", "nabo"])
    v.add("v:look_after", ["look after", "take care of"], ["ta hand om", "tage sig af"])
    v.add("p:@assistant-nurse", ["assistant nurse"], ["undersköterska"])
    return v


def test_source_words_are_matched_as_lemmas_not_prefixes():
    v = small()
    assert v.concepts_in("Grannen hittade honom i trapporna", "sv") == {"p:@neighbour"}
    assert v.concepts_in("Naboen kom", "da") == {"p:@neighbour"}
    # a stem match would pair "levande" (living) with "lever" (liver); a lemma match does not
    assert "h:liver" not in v.concepts_in("ett levande exempel", "sv")


def test_compounds_are_read_as_head_and_modifier():
    assert small().concepts_in("Levervärdena var förhöjda", "sv") == {"h:liver", "t:value"}


def test_phrases_match_on_both_sides():
    v = small()
    assert "v:look_after" in v.concepts_in("Hon tog hand om honom", "sv")  # "tog": a lemma of "ta"
    assert "v:look_after" in v.concepts_in("the neighbours looked after her", "en")
    assert v.concepts_of_word("care") == {"v:look_after"}  # a content word of a phrase
    assert v.concepts_of_word("of") == frozenset()         # a stopword of one is not


def test_english_sources_are_not_read_as_swedish():
    # simplemma reads English "to" as a Swedish word ("toa", toilet): in English text it is none
    v = vocabulary()
    assert not any("toilet" in c for c in v.concepts_in("I went to see her", "en"))
    assert "@itperson" not in concepts_in_text("It works and it is fine.", "en")


def test_people_are_claims_but_not_roles_of_lexicon_tsv():
    v = small()
    assert is_person("p:@neighbour") and is_person("@doctor") and not is_person("h:knee")
    assert v.people_of_word("neighbours") == {"p:@neighbour"}
    assert v.people_of_word("assistant") == frozenset()  # only within "assistant nurse"


def test_the_real_vocabulary_backs_translations_and_keeps_near_relations_apart():
    support = ContentSupport(wordnet=False)
    source = ["I höstas hjälpte hans dotter honom att klara trapporna, för knät värkte."]
    assert support.unsupported("Last autumn his daughter helped him manage the stairs because his knee hurt.",
                               source, "sv") == []
    missing = support.unsupported("Last spring his son helped him manage the stairs because his elbow hurt.",
                                  source, "sv")
    assert {"spring", "elbow"} <= set(missing)
    assert "t:autumn" in concepts_of_word("autumn") and not concepts_of_word("autumn") & concepts_of_word("spring")


def test_the_vocabulary_file_is_well_formed():
    v = vocabulary()
    assert len(v.words) > 3000
    for concept, english in v.words.items():
        assert english, concept
        assert concept.count(":") == 1 or concept.startswith("@"), concept


def test_the_glossary_gives_the_english_of_known_words_in_order():
    pairs = vocabulary().gloss("Han har ett bensår på vänster ben och hans dotter hjälper honom.", "sv")
    words = [w for w, _ in pairs]
    assert words.index("bensår") < words.index("dotter")
    assert dict(pairs)["dotter"] == "daughter"
    assert "leg" in dict(pairs)["ben"]  # several senses: all given
    assert vocabulary().gloss("His daughter helps him.", "en") == []
