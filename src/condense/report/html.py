"""The HTML report: one self-contained, print-friendly file (inline CSS, no scripts, no
external resources). Jinja2 autoescaping is always on: transcript text is untrusted."""

from __future__ import annotations

from functools import lru_cache
import base64
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .checklists import RESEARCHER, fill
from .context import build_context
from .matrix import theme_order
from .methods import methods_paragraphs

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


def _extras(analysis: dict, figures: Sequence) -> dict:
    """What the HTML report adds to the shared view model: methods, figures, codebook, checklists.
    Figures are SVG in <img> data URIs: self-contained, vector, and an image cannot run script."""
    category = {tid: c.get("label", c["id"]) for c in analysis.get("categories") or []
                for tid in c.get("theme_ids") or []}
    return {
        "methods": methods_paragraphs(analysis),
        "figures": [{"number": i, "caption": f.caption, "name": f.name,
                     "src": "data:image/svg+xml;base64," + base64.b64encode(f.svg).decode("ascii")}
                    for i, f in enumerate(figures, start=1)],
        "codebook": [{"category": category.get(t["id"], "–"), "label": t.get("label", t["id"]),
                      "description": t.get("description") or "", "units": len(t.get("unit_ids") or []),
                      "participants": t.get("participant_count", len(t.get("participant_ids") or []))}
                     for t in theme_order(analysis)],
        "checklists": fill(analysis),
        "researcher": RESEARCHER,
    }


def render_html(analysis: dict, figures: Sequence = ()) -> str:
    """Render an analysis dict (condense.analysis/1) as a standalone HTML document; ``figures``
    (from ``plots.figures``) are embedded when given."""
    return _environment().get_template("report.html.j2").render(c=build_context(analysis),
                                                                x=_extras(analysis, figures))
