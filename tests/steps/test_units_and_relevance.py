"""Steps 2 and 3 on a hand-made corpus with the hashing embedder."""

from __future__ import annotations

from condense.engines import HashingEmbedder
from condense.ingest import parse_transcript
from condense.model import Document, Study
from condense.steps import EmbeddingRelevance, KeepAll, TextTilingSegmenter, TurnSegmenter
from condense.steps.base import Corpus

TEXT = ("I: Tell me about video.\n"
        "P1: The camera froze every day. The camera sound broke too. The camera link failed. "
        "My daughter plays football on Sundays. Football is fun for her and her team. "
        "Football matches are on Sunday mornings.\n"
        "I: And?\nP1: Yes.\n")


def _corpus():
    p = parse_transcript("a.txt", TEXT.encode())
    doc = Document("a", "a.txt", p.text, "en", p.turns)
    return Corpus(Study("s", "camera problems in video consultations", ("the camera froze",)), (doc,))


def test_keep_all_judges_every_informant_sentence():
    corpus = _corpus()
    judged = KeepAll().judge(corpus, corpus.informant_sentences)
    assert len(judged) == len(corpus.informant_sentences) == 7 and all(j.relevant for j in judged)


def test_relevance_reason_names_the_nearest_topic_and_score():
    corpus = _corpus()
    judged = EmbeddingRelevance(HashingEmbedder(512), threshold=0.0).judge(corpus, corpus.informant_sentences)
    first = judged[0]
    assert first.relevant and "nearest:" in first.reason and f"{first.score:+.2f}"[:4] in first.reason


def test_texttiling_splits_at_the_topic_shift_and_keeps_turns():
    corpus = _corpus()
    judged = KeepAll().judge(corpus, corpus.informant_sentences)
    units = TextTilingSegmenter(HashingEmbedder(512), min_words=5, max_words=200).segment(corpus, judged)
    doc = corpus.documents[0]
    texts = [u.text for u in units]
    assert any(t.startswith("The camera froze") and "football" not in t.lower() for t in texts)
    assert any(t.startswith("My daughter plays football") for t in texts)
    for u in units:
        assert doc.text[u.start:u.end] == u.text
        assert sum(1 for t in doc.turns if t.start <= u.start and u.end <= t.end) == 1


def test_turn_segmenter_gives_one_unit_per_relevant_run():
    corpus = _corpus()
    judged = KeepAll().judge(corpus, corpus.informant_sentences)
    units = TurnSegmenter().segment(corpus, judged)
    assert [u.text for u in units][-1] == "Yes."
    assert len(units) == 2
