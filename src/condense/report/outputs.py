"""Every file ``condense run`` writes next to analysis.json, rendered in memory from the analysis
dict alone (so a failure leaves nothing half-written): the HTML, Markdown and Word reports, the
reporting checklists and the CSV exports. The figures are drawn once and shared."""

from __future__ import annotations

from .checklists import checklists_markdown
from .exports import matrix_csv, units_csv
from .html import render_html
from .markdown import render_markdown
from .plots import figures
from .word import render_docx

FILES = ("report.html", "report.md", "report.docx", "checklists.md", "units.csv", "themes_by_participants.csv")


def render_outputs(analysis: dict, working: dict | None = None) -> dict[str, bytes]:
    """File name -> contents, in the order of FILES. ``analysis`` is what readers see (the
    de-identified copy, when there is one); the CSVs are the researcher's working data, made
    from ``working`` (the verbatim analysis) so their offsets point into the transcripts."""
    working = working if working is not None else analysis
    figs = figures(analysis)
    return {
        "report.html": render_html(analysis, figs).encode("utf-8"),
        "report.md": render_markdown(analysis).encode("utf-8"),
        "report.docx": render_docx(analysis, figs),
        "checklists.md": checklists_markdown(analysis).encode("utf-8"),
        "units.csv": units_csv(working),
        "themes_by_participants.csv": matrix_csv(working),
    }
