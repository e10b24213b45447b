"""The six steps of systematic text condensation, one module each. Every step has one
Protocol with one essential method and a pass-through/manual implementation:

=====================  ==========================  ============================  =================
step                   protocol (method)           fast-path implementation      pass-through
=====================  ==========================  ============================  =================
1 total impression     Impressionist.impress       ExtractiveImpression          NoImpression
2 relevant parts       RelevanceJudge.judge        EmbeddingRelevance            KeepAll
3 meaning units        Segmenter.segment           TextTilingSegmenter           TurnSegmenter
4 code groups          ThemeGrouper.group          InductiveThemes, CodebookThemes  NoThemes
5 condensation         Condenser.condense          ExtractiveCondenser           VerbatimCondenser
6 synthesis            Synthesiser.synthesise      CentroidCategories,           SingleCategory
                                                   CodebookCategories
=====================  ==========================  ============================  =================
"""

from condense.steps.condensation import Condenser, ExtractiveCondenser, VerbatimCondenser
from condense.steps.impression import ExtractiveImpression, Impressionist, NoImpression
from condense.steps.relevance import EmbeddingRelevance, KeepAll, RelevanceJudge
from condense.steps.synthesis import CentroidCategories, CodebookCategories, SingleCategory, Synthesiser
from condense.steps.themes import CodebookThemes, InductiveThemes, NoThemes, ThemeGrouper
from condense.steps.units import Segmenter, TextTilingSegmenter, TurnSegmenter

__all__ = [
    "Impressionist", "ExtractiveImpression", "NoImpression",
    "RelevanceJudge", "EmbeddingRelevance", "KeepAll",
    "Segmenter", "TextTilingSegmenter", "TurnSegmenter",
    "ThemeGrouper", "InductiveThemes", "CodebookThemes", "NoThemes",
    "Condenser", "ExtractiveCondenser", "VerbatimCondenser",
    "Synthesiser", "CentroidCategories", "CodebookCategories", "SingleCategory",
]
