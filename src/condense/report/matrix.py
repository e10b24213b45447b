"""Counts behind the plots and the CSV exports, from the analysis dict alone: how many meaning
units each participant contributes to each theme, and how many new themes each interview adds
(document order), the saturation curve."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeMatrix:
    theme_ids: tuple[str, ...]
    theme_labels: tuple[str, ...]
    participant_ids: tuple[str, ...]       # "doc:<id>" for a transcript with no participant
    participant_labels: tuple[str, ...]    # pseudonym, id, or document name
    counts: tuple[tuple[int, ...], ...]    # [theme][participant] = meaning units


@dataclass(frozen=True)
class SaturationPoint:
    number: int            # 1-based position of the interview in document order
    document_id: str
    document: str
    new_themes: tuple[str, ...]
    cumulative: int


def participant_key(unit: dict, docs: dict[str, dict]) -> str:
    """The participant a unit belongs to, as in analysis.json's participant_ids."""
    pid = unit.get("participant_id")
    if pid is None:
        pid = (docs.get(unit.get("document_id")) or {}).get("participant_id")
    return pid if pid is not None else f"doc:{unit.get('document_id')}"


def theme_order(analysis: dict) -> list[dict]:
    """Themes in the order of the results: by main category, then any left over."""
    themes = {t["id"]: t for t in analysis.get("themes") or []}
    order = [tid for c in analysis.get("categories") or [] for tid in c.get("theme_ids") or [] if tid in themes]
    order = list(dict.fromkeys(order)) + [tid for tid in themes if tid not in order]
    return [themes[tid] for tid in order]


def theme_matrix(analysis: dict) -> ThemeMatrix:
    docs = {d["id"]: d for d in analysis.get("documents") or []}
    units = {u["id"]: u for u in analysis.get("units") or []}
    themes = theme_order(analysis)
    labels = {p["id"]: p.get("pseudonym") or p["id"] for p in analysis.get("participants") or []}
    columns = list(labels)
    for d in docs.values():  # participants who gave a transcript but are not in the participants list
        key = d.get("participant_id") or f"doc:{d['id']}"
        if key not in labels:
            labels[key] = d.get("participant_id") or d.get("name") or d["id"]
            columns.append(key)
    counts = []
    for theme in themes:
        row = dict.fromkeys(columns, 0)
        for uid in theme.get("unit_ids") or []:
            if uid in units:
                key = participant_key(units[uid], docs)
                if key not in row:
                    row[key] = 0
                    columns.append(key)
                    labels.setdefault(key, key)
                row[key] += 1
        counts.append(row)
    return ThemeMatrix(tuple(t["id"] for t in themes), tuple(t.get("label") or t["id"] for t in themes),
                       tuple(columns), tuple(labels[c] for c in columns),
                       tuple(tuple(row.get(c, 0) for c in columns) for row in counts))


def saturation_curve(analysis: dict) -> list[SaturationPoint]:
    """New themes per added interview, interviews in document order."""
    units = {u["id"]: u for u in analysis.get("units") or []}
    themes_in: dict[str, list[str]] = {}
    for theme in theme_order(analysis):
        for uid in theme.get("unit_ids") or []:
            if uid in units:
                doc_themes = themes_in.setdefault(units[uid]["document_id"], [])
                if theme["id"] not in doc_themes:
                    doc_themes.append(theme["id"])
    seen: set[str] = set()
    points = []
    for number, doc in enumerate(analysis.get("documents") or [], start=1):
        new = tuple(t for t in themes_in.get(doc["id"], []) if t not in seen)
        seen.update(new)
        points.append(SaturationPoint(number, doc["id"], doc.get("name") or doc["id"], new, len(seen)))
    return points
