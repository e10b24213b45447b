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


def test_proper_names_are_kept_out_of_key_phrases():
    from condense.steps.keyphrases import class_tfidf, proper_names

    texts = [("We saw Megan in Millbrook on Thursday. The video link froze.", "en"),
             ("Megan said the video link froze again. Video is tiring.", "en"),
             ("Vi träffade Anna i Malmö. Videon frös igen.", "sv")]
    names = proper_names(texts)
    assert {"millbrook", "thursday", "anna", "malmö"} <= names
    assert "megan" in names  # capitalised mid-sentence once, never in lower case
    assert "video" not in names and "the" not in names
    groups = [[texts[0], texts[1]], [("Older patients struggle with the tablet and the tablet settings.", "en")]]
    words = {w for group in class_tfidf(groups) for w, _ in group}
    assert not words & {"millbrook", "thursday"}


def test_a_term_counts_once_per_unit():
    from condense.steps.keyphrases import class_tfidf

    chatty = [("waiting waiting waiting waiting room", "en"), ("the prescription came", "en"),
              ("a prescription again", "en"), ("prescription by video", "en")]
    other = [("football on the weekend", "en")] * 4
    top = [w for w, _ in class_tfidf([chatty, other])[0]]
    assert top[0] == "prescription"      # in three units, beats a word repeated within one
    assert "waiting" not in top          # a word from a single unit does not label a group of four


def test_removing_the_common_direction_keeps_rows_normalised():
    import numpy as np

    from condense.steps.encode import remove_common_directions

    rng = np.random.default_rng(0)
    shared = rng.normal(size=16) * 5
    v = rng.normal(size=(60, 16)) + shared
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    out = remove_common_directions(v, 1)
    assert np.allclose(np.linalg.norm(out, axis=1), 1, atol=1e-5)
    # the shared component dominated raw similarities; after removal rows are far less alike
    assert (out @ out.T).mean() < (v @ v.T).mean() - 0.3
    few = v[:2]
    assert remove_common_directions(few, 1) is few  # too few rows to estimate a direction
