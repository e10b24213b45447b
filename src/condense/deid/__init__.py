"""De-identification of quotations: detect identifiers (patterns, English NER, a Nordic
gazetteer, optionally a model pass), let the researcher review them into a per-project
mapping, and apply that mapping when quotes and reports are rendered. Transcripts never change."""

from condense.deid.base import TYPES, Detector, Finding
from condense.deid.transform import deidentify_text

__all__ = ["TYPES", "Detector", "Finding", "deidentify_text"]
