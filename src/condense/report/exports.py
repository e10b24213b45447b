"""CSV exports for spreadsheets and statistics: every meaning unit with its themes, and the
themes x participants matrix. UTF-8 with a BOM (so Excel reads å, ø and ü), RFC 4180 quoting.

Texts are verbatim transcript spans (offsets into the normalised document text), not the
de-identified display text of quotes: these files are working data, not for publication."""

from __future__ import annotations

import csv
import io

from .matrix import participant_key, theme_matrix, theme_order

UNIT_COLUMNS = ("unit_id", "document_id", "document", "participant_id", "start", "end", "relevant", "relevance",
                "source", "theme_ids", "theme_labels", "category_ids", "text")


def _csv(rows) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def units_csv(analysis: dict) -> bytes:
    """One row per meaning unit (relevant or not); a unit in several themes lists them all, "; "-joined."""
    docs = {d["id"]: d for d in analysis.get("documents") or []}
    in_themes: dict[str, list[dict]] = {}
    for theme in theme_order(analysis):
        for uid in theme.get("unit_ids") or []:
            in_themes.setdefault(uid, []).append(theme)
    category_of = {tid: c["id"] for c in analysis.get("categories") or [] for tid in c.get("theme_ids") or []}
    rows = [UNIT_COLUMNS]
    for u in analysis.get("units") or []:
        themes = in_themes.get(u["id"], [])
        pid = participant_key(u, docs)
        rows.append(tuple(_cell(v) for v in (
            u["id"], u["document_id"], (docs.get(u["document_id"]) or {}).get("name"),
            None if pid.startswith("doc:") else pid, u["start"], u["end"], u.get("relevant"), u.get("relevance"),
            u.get("source"), "; ".join(t["id"] for t in themes), "; ".join(t.get("label", "") for t in themes),
            "; ".join(dict.fromkeys(category_of[t["id"]] for t in themes if t["id"] in category_of)), u["text"])))
    return _csv(rows)


def matrix_csv(analysis: dict) -> bytes:
    """Themes (rows) x participants (columns): meaning units per cell, with row totals."""
    m = theme_matrix(analysis)
    rows = [("theme_id", "theme_label", *m.participant_ids, "participants", "units")]
    for tid, label, counts in zip(m.theme_ids, m.theme_labels, m.counts):
        rows.append((tid, label, *counts, sum(1 for c in counts if c), sum(counts)))
    return _csv(rows)
