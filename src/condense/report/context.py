"""Turn an analysis dict (analysis.json, condense.analysis/1) into the view model that both
report renderers use. All selection, ordering, numbering and number formatting lives here;
the renderers only lay the view model out (HTML escapes it, Markdown escapes it).

Citations are numbered once for the whole report, in order of first citation, so "[3]"
means the same meaning unit in the results, the appendix and the Markdown references.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .quotes import quote_lines, speaker_labels

CONTEXT_CHARS = 150  # characters of surrounding transcript shown around a cited unit
SATURATION_LIMIT = 2  # a theme resting on this many participants or fewer is flagged
MEMO_ORDER = {"preconception": 0, "reflexive": 1, "decision": 2, "note": 3}


def unit_anchor(unit_id: str) -> str:
    return "unit-" + "_".join(str(unit_id).split())


def theme_anchor(theme_id: str) -> str:
    return "theme-" + "_".join(str(theme_id).split())


def fmt_num(x: Any, decimals: int = 1) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return "" if x is None else str(x)
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return f"{x:.{decimals}f}"


def fmt_value(v: Any) -> str:
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _status(source: str | None) -> str:
    return "edited" if source == "human" else "machine draft"


def _table1(t1: dict | None) -> dict | None:
    if not t1 or not t1.get("rows"):
        return None
    rows = t1["rows"]
    n = t1.get("n")
    out = []
    for row in rows:
        label = str(row.get("attribute", ""))
        label = label[:1].upper() + label[1:]
        if row.get("kind") == "numeric":
            values = []
            if row.get("min") is not None and row.get("max") is not None:
                values.append(("range", f"{fmt_num(row['min'])}–{fmt_num(row['max'])}"))
            if row.get("mean") is not None:
                sd = row.get("sd")
                text = fmt_num(float(row["mean"]))
                values.append(("mean (SD)", f"{text} ({fmt_num(float(sd))})" if sd is not None else text))
            rn = row.get("n")
            if rn is not None and n is not None and rn != n:
                label += f" (n = {rn})"
            out.append({"label": label, "kind": "numeric", "values": values})
        else:
            counts = row.get("counts") or {}
            denom = n if n else sum(counts.values())
            values = []
            for value, count in counts.items():
                pct = f" ({round(100 * count / denom)}%)" if denom else ""
                values.append((fmt_value(value), f"{count}{pct}"))
            out.append({"label": label, "kind": "categorical", "values": values})
    return {"n": n, "rows": out}


class _Builder:
    def __init__(self, analysis: dict):
        self.a = analysis
        self.docs = {d["id"]: d for d in analysis.get("documents") or []}
        self.units = {u["id"]: u for u in analysis.get("units") or []}
        self.themes = {t["id"]: t for t in analysis.get("themes") or []}
        self.quotes = analysis.get("quotes") or []
        self.cited: dict[str, int] = {}  # unit id -> citation number
        self.theme_seen: set[str] = set()
        # Untraceable quotes (de-identification): no transcript names or speakers anywhere.
        self.hide_sources = (analysis.get("deidentification") or {}).get("quote_mode") == "untraceable"

    # -- units -------------------------------------------------------------------------
    def participant_of(self, unit: dict) -> str | None:
        pid = unit.get("participant_id")
        if pid is None:
            pid = (self.docs.get(unit.get("document_id")) or {}).get("participant_id")
        return pid

    def cite(self, unit_id: str) -> dict:
        if unit_id not in self.cited:
            self.cited[unit_id] = len(self.cited) + 1
        return {"number": self.cited[unit_id], "unit_id": unit_id, "anchor": unit_anchor(unit_id)}

    def speaker_of(self, doc: dict, pos: int) -> str | None:
        for turn in doc.get("turns") or []:
            if turn["start"] <= pos < turn["end"]:
                return turn.get("speaker")
        return None

    def unit_view(self, unit_id: str) -> dict:
        """A unit with its document, speaker and surrounding text (for the appendix)."""
        unit = self.units.get(unit_id)
        view = {"id": unit_id, "anchor": unit_anchor(unit_id), "number": self.cited.get(unit_id),
                "found": unit is not None, "document": None, "speaker": None,
                "text": "", "before": "", "after": "", "in_context": False}
        if unit is None:
            return view
        view["text"] = unit.get("text", "")
        doc = self.docs.get(unit.get("document_id"))
        if doc is None:
            view["document"] = unit.get("document_id")
            return view
        view["document"] = "" if self.hide_sources else doc.get("name") or doc["id"]
        text, start, end = doc.get("text", ""), unit.get("start", 0), unit.get("end", 0)
        if not (0 <= start <= end <= len(text)) or text[start:end] != view["text"]:
            return view  # offsets do not match: show the unit alone, never a wrong context
        view["speaker"] = None if self.hide_sources else self.speaker_of(doc, start)
        before = text[max(0, start - CONTEXT_CHARS):start]
        after = text[end:end + CONTEXT_CHARS]
        if start > CONTEXT_CHARS:  # cut to a word boundary and mark the cut
            m = re.search(r"\s", before[:30])
            before = "…" + (before[m.end():] if m else before)
        if end + CONTEXT_CHARS < len(text):
            m = re.search(r"\s\S*$", after[-30:])
            after = (after[:len(after) - 30 + m.start()] if m else after) + "…"
        view.update(before=before, after=after, in_context=True)
        return view

    def brief_unit(self, unit_id: str) -> dict:
        unit = self.units.get(unit_id) or {}
        doc = self.docs.get(unit.get("document_id")) or {}
        return {"id": unit_id, "text": unit.get("text", ""), "found": bool(unit),
                "document": "" if self.hide_sources else doc.get("name") or unit.get("document_id") or "",
                "anchor": unit_anchor(unit_id) if unit_id in self.cited else None,
                "number": self.cited.get(unit_id)}

    # -- themes ------------------------------------------------------------------------
    def participant_count(self, theme: dict) -> int:
        if theme.get("participant_count") is not None:
            return int(theme["participant_count"])
        if theme.get("participant_ids") is not None:
            return len(set(theme["participant_ids"]))
        pids = {self.participant_of(self.units[u]) for u in theme.get("unit_ids", []) if u in self.units}
        return len(pids - {None})

    def theme_summary(self, theme: dict) -> dict:
        count = self.participant_count(theme)
        flag = theme.get("saturation_flag")
        if flag is None:
            flag = count <= SATURATION_LIMIT
        return {"id": theme["id"], "label": theme.get("label", theme["id"]),
                "anchor": theme_anchor(theme["id"]), "n_units": len(theme.get("unit_ids", [])),
                "participant_count": count, "saturation_flag": bool(flag)}

    def theme_view(self, theme: dict) -> dict:
        view = self.theme_summary(theme)
        view["description"] = theme.get("description") or ""
        if theme["id"] in self.theme_seen:
            view["anchor"] = None  # a theme shown under two categories keeps one anchor
        self.theme_seen.add(theme["id"])
        view["subgroups"] = []
        for sg in theme.get("subgroups") or []:
            cond = sg.get("condensate") or {}
            view["subgroups"].append({
                "label": sg.get("label", ""), "text": cond.get("text", ""),
                "status": _status(cond.get("source")), "voice": cond.get("voice"),
                "citations": [self.cite(u) for u in cond.get("unit_ids") or []]})
        picks = set(theme.get("quote_unit_ids") or [])
        view["quotes"] = [
            {"text": q.get("display_text", ""), "attribution": q.get("attribution"), "lines": self.quote_lines(q),
             "translation": q.get("translation")}
            for q in self.quotes
            if q.get("theme_id") == theme["id"] or (q.get("theme_id") is None and q.get("unit_id") in picks)]
        return view

    def quote_lines(self, quote: dict) -> list[dict]:
        doc_id = quote.get("document_id") or (self.units.get(quote.get("unit_id")) or {}).get("document_id")
        return quote_lines(quote.get("display_text", ""), *speaker_labels(self.docs.get(doc_id)))

    # -- whole report ------------------------------------------------------------------
    def categories(self) -> list[dict]:
        out, placed = [], set()
        for cat in self.a.get("categories") or []:
            ids = [t for t in cat.get("theme_ids", []) if t in self.themes]
            placed.update(ids)
            out.append({"id": cat["id"], "label": cat.get("label", cat["id"]),
                        "description": cat.get("description") or "",
                        "analytic_text": cat.get("analytic_text") or "",
                        "status": _status(cat.get("source")), "theme_ids": ids})
        rest = [t for t in self.themes if t not in placed]
        if rest:
            out.append({"id": None, "label": "Themes not yet in a main category", "description": "",
                        "analytic_text": "", "status": None, "theme_ids": rest})
        return out

    def made_line(self) -> str:
        s = self.a.get("settings") or {}
        runs = self.a.get("runs") or []
        parts = []
        engines = list(dict.fromkeys(str(r.get("engine")) for r in runs if r.get("engine")))
        models = list(dict.fromkeys(str(r.get("model")) for r in runs if r.get("model")))
        engine = s.get("engine") or ", ".join(engines)
        if engine:
            parts.append(f"engine {fmt_value(engine)}")
        if models:
            parts.append("model " + ", ".join(models))
        if s.get("embedder"):
            parts.append(f"embedder {fmt_value(s['embedder'])}")
        if "codebook" in s:
            parts.append(f"codebook {fmt_value(s['codebook'])}" if s["codebook"] else "inductive themes (no codebook)")
        if "bracketing" in s:
            b = s["bracketing"]
            parts.append(f"bracketing {('on' if b else 'off') if isinstance(b, bool) else fmt_value(b)}")
        conds = [sg.get("condensate") or {} for t in self.themes.values() for sg in t.get("subgroups") or []]
        edited = sum(1 for c in conds if c.get("source") == "human")
        line = "Machine draft made by Condense"
        line += (" with " + "; ".join(parts) + ".") if parts else "."
        line += (f" {plural(len(self.docs), 'transcript')}, {plural(len(self.units), 'meaning unit')}, "
                 f"{plural(len(self.themes), 'theme')}; {edited} of {len(conds)} condensates edited by the researcher.")
        return line + " Everything here is a draft to be checked against the transcripts."


def build_context(analysis: dict) -> dict:
    """The view model for one report. Never mutates `analysis`."""
    b = _Builder(analysis)
    project = analysis.get("project") or {}
    categories = b.categories()
    box = [dict(cat, themes=[b.theme_summary(b.themes[t]) for t in cat["theme_ids"]]) for cat in categories]
    results = [dict(cat, themes=[b.theme_view(b.themes[t]) for t in cat["theme_ids"]]) for cat in categories]
    appendix = [b.unit_view(u) for u in b.cited]  # after results: numbering is complete
    impressions = analysis.get("impressions") or []
    preliminary = [t for imp in impressions if imp.get("document_id") is None
                   for t in imp.get("preliminary_themes") or []]
    per_doc = [{"document": f"Transcript {n}" if b.hide_sources else
                (b.docs.get(i["document_id"]) or {}).get("name") or i["document_id"],
                "summary": i.get("summary", ""), "status": _status(i.get("source"))}
               for n, i in enumerate((i for i in impressions if i.get("document_id") is not None), 1)]
    memos = sorted(analysis.get("memos") or [], key=lambda m: MEMO_ORDER.get(m.get("kind"), 9))
    return {
        "title": project.get("name") or "Untitled project",
        "question": project.get("question") or "",
        "focus_areas": list(project.get("focus_areas") or []),
        "language": project.get("researcher_language") or "en",
        "made_line": b.made_line(),
        "table1": _table1(analysis.get("table1")),
        "box": box,
        "results": results,
        "appendix": appendix,
        "preliminary_themes": preliminary,
        "impressions": per_doc,
        "unassigned": [dict(b.brief_unit(x["unit_id"]), reason=x.get("reason") or "")
                       for x in analysis.get("unassigned") or []],
        "disagreements": [dict(b.brief_unit(x["unit_id"]), reason=x.get("reason") or "",
                               theme=(b.themes.get(x.get("theme_id")) or {}).get("label") or x.get("theme_id") or "")
                          for x in analysis.get("disagreements") or []],
        "memos": [{"kind": m.get("kind", "note"), "text": m.get("text", ""), "author": m.get("author"),
                   "created": m.get("created"), "target": m.get("target_id")} for m in memos],
        "runs": [{"step": r.get("step", ""), "engine": r.get("engine", ""), "model": r.get("model"),
                  "params": fmt_value(r.get("params") or {}), "seconds": fmt_num(r.get("seconds"), 2)}
                 for r in analysis.get("runs") or []],
        "settings": [(k, fmt_value(v)) for k, v in (analysis.get("settings") or {}).items()],
        "agreement": [p for p in (analysis.get("agreement") or {}).get("pairs") or [] if p.get("units")],
        # Generated drafts the faithfulness guard did not pass: shown beside their sources, never as results.
        "unverified": [{"what": f"{g.get('object_type', '')} {g.get('field', '')}", "text": g.get("text", ""),
                        "reason": "; ".join(g.get("reasons") or []),
                        "sources": [b.brief_unit(u) for u in g.get("unit_ids") or []]}
                       for g in analysis.get("generated") or [] if g.get("status") != "kept"],
    }
