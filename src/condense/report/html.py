"""The HTML report: one self-contained, print-friendly file (inline CSS, no scripts, no
external resources). Jinja2 autoescaping is always on: transcript text is untrusted."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .context import build_context

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # the template ends in .j2, so select_autoescape would not catch it
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(analysis: dict) -> str:
    """Render an analysis dict (condense.analysis/1) as a standalone HTML document."""
    return _environment().get_template("report.html.j2").render(c=build_context(analysis))
