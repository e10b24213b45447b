"""The sentence splitter, key phrases, clustering and condensate helpers, on small inputs."""

from __future__ import annotations

import numpy as np

from condense.steps.clustering import choose_k_and_cluster
from condense.steps.condensation import tidy, trim_quote
from condense.steps.keyphrases import class_tfidf, terms
from condense.steps.sentences import split_sentences


def _texts(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_en_sv_da_and_abbreviations():
    assert _texts("We started in 2020. It was chaotic! Was it? Yes.") == [
        "We started in 2020.", "It was chaotic!", "Was it?", "Yes."]
    assert _texts("Vi har t.ex. BankID. Det funkar bra.") == ["Vi har t.ex. BankID.", "Det funkar bra."]
    assert _texts("Han fik f.eks. Ibuprofen. Så blev det bedre.") == ["Han fik f.eks. Ibuprofen.", "Så blev det bedre."]
    assert _texts("Åsa sa nej. Örebro var långt bort.") == ["Åsa sa nej.", "Örebro var långt bort."]
    assert _texts("one line\nanother line") == ["one line", "another line"]


def test_sentence_offsets_point_into_the_text():
    text = "  Hej 😀 där. Nästa mening här.\n\nSista. "
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]


def test_long_run_on_sentences_are_cut_at_a_comma():
    text = ", ".join(["and then we talked about the video again"] * 12) + "."
    spans = split_sentences(text, max_words=40)
    assert len(spans) >= 2 and all(text[s:e].strip() for s, e in spans)


def test_terms_drop_stopwords_and_fillers():
    found = terms("Um, you know, the video consultation was, like, really slow.", "en")
    assert "video consultation" in found and "um" not in found and "like" not in found


def test_class_tfidf_prefers_distinctive_words():
    classes = [[("the camera froze and the camera sound broke", "en")] * 3,
               [("older patients need a daughter with the tablet", "en")] * 3]
    top = class_tfidf(classes, top=3)
    assert "camera" in top[0][0][0] and "camera" not in " ".join(t for t, _ in top[1])


def test_clustering_finds_obvious_groups_deterministically():
    rng = np.random.default_rng(0)
    centres = np.eye(8)[:3] * 5
    points = np.vstack([c + rng.normal(0, 0.1, (10, 8)) for c in centres])
    labels = choose_k_and_cluster(points, 2, 6)
    assert len(set(labels)) == 3
    assert (labels == choose_k_and_cluster(points, 2, 6)).all()
    assert [len(set(labels[i:i + 10])) for i in (0, 10, 20)] == [1, 1, 1]


def test_tidy_and_trim_quote():
    assert tidy("Um, I think, eh, it works.") == "I think, it works."
    assert tidy("Öh, det funkar.") == "Det funkar."
    text = "First one. Second one. Third one."
    spans = split_sentences(text)
    assert trim_quote(text, spans, (1, 1)) == "[...] Second one. [...]"
    assert trim_quote(text, spans, (0, 2)) == text
