"""The Markdown report: the same content as the HTML report, in plain (GitHub-flavoured)
Markdown. Untrusted text is backslash-escaped so that a transcript can neither inject HTML
("<script>" stays text) nor Markdown structure (links, emphasis, headings, table cells)."""

from __future__ import annotations

import re

from .context import build_context

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_LIST_START = re.compile(r"(?m)^(\s*)([-+=]|\d+[.)])(\s|$|(?=[-=\s]*$))")


def esc(text: object) -> str:
    """Escape Markdown/HTML-significant characters in untrusted inline text."""
    s = _SPECIAL.sub(r"\\\1", "" if text is None else str(text))
    # a line that starts like a list item, or is a rule/setext underline, would add structure
    return _LIST_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1] + m[3], s)


def cell(text: object) -> str:
    """Escape text for one table cell: no line breaks, pipes escaped."""
    return " ".join(esc(text).split())


def quote_block(text: str) -> list[str]:
    return ["> " + line if line else ">" for line in esc(text).split("\n")]


def _cites(citations: list[dict]) -> str:
    return " ".join(f"[{r['number']}]" for r in citations)


def _p(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _header(c: dict) -> list[str]:
    out = [f"# {esc(c['title'])}", ""]
    if c["question"]:
        out += [f"**Research question:** {esc(c['question'])}", ""]
    if c["focus_areas"]:
        out += ["**Focus areas:** " + "; ".join(esc(f) for f in c["focus_areas"]), ""]
    return out + [f"*{esc(c['made_line'])}*", ""]


def _table1(t1: dict | None) -> list[str]:
    if not t1:
        return []
    n = f" (N = {t1['n']})" if t1["n"] is not None else ""
    out = [f"## Table 1. Participants{n}", "", "| Characteristic | n (%) or value |", "|---|---|"]
    for row in t1["rows"]:
        out.append(f"| **{cell(row['label'])}** | |")
        out += [f"| {cell(name)} | {cell(value)} |" for name, value in row["values"]]
    return out + [""]


def _box(box: list[dict]) -> list[str]:
    out = ["## Main categories and themes", "", "| Main category | Themes (units / participants) |", "|---|---|"]
    for cat in box:
        themes = "; ".join(
            f"{cell(t['label'])} ({t['n_units']} / {t['participant_count']}{' ⚠' if t['saturation_flag'] else ''})"
            for t in cat["themes"])
        out.append(f"| {cell(cat['label'])} | {themes} |")
    return out + [""]


def _theme(t: dict) -> list[str]:
    out = [f"#### {esc(t['label'])}", ""]
    if t["description"]:
        out += [esc(t["description"]), ""]
    meta = f"*{_p(t['participant_count'], 'participant')}, {_p(t['n_units'], 'meaning unit')}.*"
    if t["saturation_flag"]:
        meta += f" **⚠ This theme rests on only {_p(t['participant_count'], 'participant')}.**"
    out += [meta, ""]
    for sg in t["subgroups"]:
        out += [f"**{esc(sg['label'])}** ({sg['status']}): {esc(sg['text'])} {_cites(sg['citations'])}".rstrip(), ""]
    for q in t["quotes"]:
        out += quote_block(f"“{q['text']}”")
        if q["attribution"]:
            out += [">", f"> — {esc(q['attribution'])}"]
        if q.get("translation"):
            out += [">", f"> *Translation (machine, checked against the quote):* {esc(q['translation'])}"]
        out.append("")
    return out


def _unverified(items: list[dict]) -> list[str]:
    if not items:
        return []
    out = ["## Unverified machine drafts", "",
           "Generated sentences the faithfulness guard did not pass. They are not in the results (the extractive "
           "draft stands); they are shown beside their sources to be judged.", ""]
    for x in items:
        out += [f"- **{esc(x['what'])}**: {esc(x['text'])} — *{esc(x['reason'])}*"]
        out += [f"  - source {esc(s['id'])}: {esc(s['text'])}" for s in x["sources"]]
    return out + [""]


def _results(results: list[dict]) -> list[str]:
    out = ["## Results", ""]
    for cat in results:
        status = f" ({cat['status']})" if cat["status"] else ""
        out += [f"### {esc(cat['label'])}{status}", ""]
        for key in ("description", "analytic_text"):
            if cat[key]:
                out += [esc(cat[key]), ""]
        for t in cat["themes"]:
            out += _theme(t)
    return out


def _references(appendix: list[dict]) -> list[str]:
    if not appendix:
        return []
    out = ["## Meaning units cited", ""]
    for u in appendix:
        if not u["found"]:
            out += [f"[{u['number']}] unit {esc(u['id'])} is not in this analysis.", ""]
            continue
        where = esc(u["document"]) + (f", {esc(u['speaker'])}" if u["speaker"] else "")
        out += [f"[{u['number']}] *{where}*: “{esc(u['text'])}”", ""]
    return out


def _impressions(c: dict) -> list[str]:
    if not (c["preliminary_themes"] or c["impressions"]):
        return []
    out = ["## Step 1: total impression", ""]
    if c["preliminary_themes"]:
        out += ["### Preliminary themes", ""] + [f"- {esc(p)}" for p in c["preliminary_themes"]] + [""]
    if c["impressions"]:
        out += ["### Impressions per transcript", ""]
        for i in c["impressions"]:
            out += [f"**{esc(i['document'])}** ({i['status']}): {esc(i['summary'])}", ""]
    return out


def _unit_table(items: list[dict], title: str, note: str, with_theme: bool = False) -> list[str]:
    if not items:
        return []
    head = "| Unit | Theme | Text | Reason |" if with_theme else "| Unit | Text | Reason |"
    out = [f"## {title}", "", note, "", head, "|---" * (4 if with_theme else 3) + "|"]
    for x in items:
        ref = f"[{x['number']}]" if x["number"] else cell(x["id"])
        theme = f" {cell(x['theme'])} |" if with_theme else ""
        doc = f" ({cell(x['document'])})" if x["document"] else ""
        text = cell(x["text"]) if x["found"] else "*unit not in this analysis*"
        out.append(f"| {ref}{doc} |{theme} {text} | {cell(x['reason'])} |")
    return out + [""]


def _memos(memos: list[dict]) -> list[str]:
    if not memos:
        return []
    out = ["## Memos", ""]
    for m in memos:
        who = "".join(f", {esc(v)}" for v in (m["author"], m["created"]) if v)
        on = f" (on {esc(m['target'])})" if m["target"] else ""
        out += [f"**{esc(m['kind']).capitalize()}**{who}{on}: {esc(m['text'])}", ""]
    return out


def _provenance(c: dict) -> list[str]:
    if not (c["runs"] or c["settings"]):
        return []
    out = ["## Provenance", ""]
    if c["settings"]:
        out += ["| Setting | Value |", "|---|---|"] + [f"| {cell(k)} | {cell(v)} |" for k, v in c["settings"]] + [""]
    if c["runs"]:
        out += ["| Step | Engine | Model | Parameters | Seconds |", "|---|---|---|---|---|"]
        out += [f"| {cell(r['step'])} | {cell(r['engine'])} | {cell(r['model'] or '–')} | {cell(r['params'])} "
                f"| {r['seconds']} |" for r in c["runs"]]
        out.append("")
    return out


def render_markdown(analysis: dict) -> str:
    """Render an analysis dict (condense.analysis/1) as a Markdown results draft."""
    c = build_context(analysis)
    lines = (_header(c) + _table1(c["table1"]) + _box(c["box"]) + _results(c["results"])
             + _references(c["appendix"]) + _impressions(c)
             + _unit_table(c["unassigned"], "Unassigned meaning units", "Relevant units that were placed in no theme.")
             + _unit_table(c["disagreements"], "Passages to re-read",
                           "Units that fit their theme poorly: re-read them, they may contradict the synthesis.",
                           with_theme=True)
             + _unverified(c["unverified"]) + _memos(c["memos"]) + _provenance(c))
    return "\n".join(lines).rstrip("\n") + "\n"
