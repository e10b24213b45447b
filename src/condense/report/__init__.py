"""Report renderers: the results draft of an analysis as self-contained HTML or Markdown.
Both render the same view model (`context.build_context`)."""

from .context import build_context
from .html import render_html
from .markdown import render_markdown

__all__ = ["build_context", "render_html", "render_markdown"]
