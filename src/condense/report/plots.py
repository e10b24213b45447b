"""The report's two figures, drawn with matplotlib (Agg, imported only when a figure is drawn):
a themes x participants heatmap and the saturation curve. Each figure is rendered once and
saved twice, SVG for the HTML report and PNG for the Word report. Output is deterministic
(no dates in the files, fixed SVG id salt)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from condense.errors import MissingDependency

from .matrix import ThemeMatrix, saturation_curve, theme_matrix

PNG_DPI = 200
MAX_LABEL = 42  # characters of a theme label on the heatmap axis
MAX_X_LABELS = 60  # participant labels on the heatmap axis


@dataclass(frozen=True)
class Figure:
    name: str       # file stem, e.g. "heatmap"
    caption: str
    svg: bytes
    png: bytes
    width_cm: float  # the width it was drawn for, so the Word report does not blow it up


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise MissingDependency("matplotlib", "the report's figures") from exc
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(plt, fig, name: str, caption: str) -> Figure:
    svg, png = io.BytesIO(), io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "condense", "svg.fonttype": "none"}):
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, bbox_inches="tight")
    width_cm = float(fig.get_size_inches()[0]) * 2.54
    plt.close(fig)
    return Figure(name, caption, svg.getvalue(), png.getvalue(), round(width_cm, 1))


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"


def heatmap(matrix: ThemeMatrix) -> Figure:
    plt = _pyplot()
    rows, cols = len(matrix.theme_ids), len(matrix.participant_ids)
    width = min(16.0, 3.5 + 0.45 * max(cols, 1))
    height = min(20.0, 1.4 + 0.32 * max(rows, 1))
    fig, ax = plt.subplots(figsize=(width, height))
    data = [list(r) for r in matrix.counts] or [[0] * max(cols, 1)]
    image = ax.imshow(data, cmap="Blues", aspect="auto", vmin=0, interpolation="nearest")
    step = -(-cols // MAX_X_LABELS)  # a large study labels every step-th participant, legibly
    ax.set_xticks(range(0, cols, step), [_short(x) for x in matrix.participant_labels[::step]], rotation=60,
                  ha="right", fontsize=8)
    ax.set_yticks(range(rows), [_short(x) for x in matrix.theme_labels], fontsize=8)
    ax.set_xlabel("Participants")
    peak = max((v for r in matrix.counts for v in r), default=0)
    if rows * cols <= 600:  # numbers stay legible
        for i, row in enumerate(matrix.counts):
            for j, v in enumerate(row):
                if v:
                    ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                            color="white" if v > peak * 0.6 else "black")
    bar = fig.colorbar(image, ax=ax, label="Meaning units", fraction=0.04, pad=0.02)
    bar.ax.yaxis.get_major_locator().set_params(integer=True)
    caption = (f"Meaning units per theme and participant ({rows} themes x {cols} participants). "
               "Themes in the order of the results.")
    return _save(plt, fig, "heatmap", caption)


def saturation_plot(analysis: dict) -> Figure:
    plt = _pyplot()
    points = saturation_curve(analysis)
    xs = [p.number for p in points]
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    ax.bar(xs, [len(p.new_themes) for p in points], color="#9ecae1", label="New themes")
    ax.plot(xs, [p.cumulative for p in points], color="#08519c", marker="o", label="Themes so far")
    ax.set_xlabel("Interviews, in the order they were added")
    ax.set_ylabel("Themes")
    ax.set_xticks(xs)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
    ax.set_ylim(0, max([p.cumulative for p in points], default=0) * 1.1 + 0.5)
    ax.spines[["top", "right"]].set_visible(False)
    last = points[-1] if points else None
    tail = f" The last interview added {len(last.new_themes)}." if last else ""
    caption = f"Saturation: new themes per added interview, and themes found so far.{tail}"
    return _save(plt, fig, "saturation", caption)


def figures(analysis: dict) -> list[Figure]:
    """Both figures, or none when the analysis has no themes to draw."""
    if not analysis.get("themes") or not analysis.get("documents"):
        return []
    return [heatmap(theme_matrix(analysis)), saturation_plot(analysis)]
