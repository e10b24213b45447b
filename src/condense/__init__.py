"""Condense: systematic text condensation of interview studies, local-first."""

__version__ = "0.1.0"
