"""Themes read each meaning unit with its neighbours in the same transcript (``context``)."""

from __future__ import annotations

import numpy as np

from condense.engines import HashingEmbedder
from condense.model import Unit
from condense.steps.themes import InductiveThemes


def _units():
    texts = [("a", "cats purr"), ("a", "dogs bark"), ("a", "cats sleep"), ("b", "cars honk"), ("b", "bikes ring")]
    return [Unit(f"u{i}", doc, 10 * i, 10 * i + len(t), t) for i, (doc, t) in enumerate(texts)]


def test_context_pulls_a_unit_towards_its_own_transcript_only():
    units = _units()
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(units), 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    alone = InductiveThemes(HashingEmbedder(16), context=0.0)._in_context(units, vectors)
    assert np.array_equal(alone, vectors)  # context 0: the unit alone, as before
    read = InductiveThemes(HashingEmbedder(16), context=1.0, context_window=2)._in_context(units, vectors)
    assert np.allclose(np.linalg.norm(read, axis=1), 1.0)
    centred = vectors - vectors.mean(axis=0)
    cos = lambda x, y: float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))  # noqa: E731
    # u1 now leans towards its neighbours u0 and u2 (same transcript) ...
    assert cos(read[1], centred[0] + centred[2]) > cos(centred[1], centred[0] + centred[2])
    # ... and u3's vector is built from u3 and u4 alone: transcript a does not leak in.
    expected = centred[3] + centred[4]
    assert np.allclose(read[3], expected / np.linalg.norm(expected), atol=1e-6)
