"""The report's copy of an analysis: every text a reader sees passes through the accepted
mapping, and in untraceable mode participant ids, pseudonyms, speaker labels and document
names are gone as well. analysis.json itself keeps the verbatim transcripts (it is the
researcher's working file); only its quotes are de-identified (analysis_json.py)."""

from __future__ import annotations

import copy
import re

from condense.deid.state import DeidState
from condense.deid.transform import Replacer, label_replacer

# Speaker labels that name nobody: kept in untraceable reports.
GENERIC_LABELS = {"i", "ip", "r", "a", "b", "q", "informant", "interviewer", "intervjuare", "interviewee",
                  "respondent", "participant", "deltagare", "deltager", "deltaker", "intervjuperson",
                  "interviewperson", "moderator", "speaker", "talare", "taler"}
PARTICIPANT = "[participant]"


def _scrub_words(analysis: dict) -> dict[str, str]:
    """Everything that points at a participant, for untraceable mode."""
    words: dict[str, str] = {}
    for p in analysis.get("participants") or []:
        for value in (p.get("id"), p.get("pseudonym")):
            if value and len(value) >= 2 and re.search(r"[^\W\d_]", value):
                words[value] = PARTICIPANT
    for d in analysis.get("documents") or []:
        for turn in d.get("turns") or []:
            label = (turn.get("speaker") or "").strip()
            if label and len(label) >= 2 and label.lower() not in GENERIC_LABELS and turn.get("role") != "interviewer":
                words.setdefault(label, PARTICIPANT)
    return words


def _rewrite_document(doc: dict, replace: Replacer, units: list[dict]) -> None:
    """Replace identifiers in a document's text and move its units' offsets with it, so the
    report can still show each unit in its context."""
    text = doc.get("text") or ""
    if not replace or not text:
        return
    pieces, shifts, last = [], [], 0  # shifts: (old_start, old_end, new_start, new_end)
    new_len = 0
    for start, end, repl in replace.spans(text):
        pieces.append(text[last:start])
        new_len += start - last
        shifts.append((start, end, new_len, new_len + len(repl)))
        pieces.append(repl)
        new_len += len(repl)
        last = end
    pieces.append(text[last:])
    new_text = "".join(pieces)

    def move(pos: int, is_end: bool) -> int:
        delta = 0
        for s, e, ns, ne in shifts:
            if pos <= s:
                break
            if pos < e:  # inside a replaced word: take the whole replacement
                return ne if is_end else ns
            delta = ne - e
        return pos + delta

    doc["text"] = new_text
    for u in units:
        u["start"], u["end"] = move(u["start"], False), move(u["end"], True)
        u["text"] = new_text[u["start"]:u["end"]]
    for turn in doc.get("turns") or []:
        turn["start"], turn["end"] = move(turn["start"], False), move(turn["end"], True)


def for_report(analysis: dict, state: DeidState) -> dict:
    """A de-identified deep copy of ``analysis`` for the HTML/Markdown reports."""
    a = copy.deepcopy(analysis)
    mapping = dict(state.mapping)
    untraceable = state.quote_mode == "untraceable"
    if untraceable:
        for word, repl in _scrub_words(a).items():
            mapping.setdefault(word, repl)
    replace = Replacer(mapping)
    relabel = label_replacer(mapping)  # keyphrase labels are lower case
    units_of: dict[str, list] = {}
    for u in a.get("units") or []:
        units_of.setdefault(u.get("document_id"), []).append(u)
    for d in a.get("documents") or []:
        _rewrite_document(d, replace, units_of.get(d["id"], []))
        d["name"] = "" if untraceable else replace(d.get("name"))
        if untraceable:
            for turn in d.get("turns") or []:
                turn["speaker"] = None
    for u in a.get("units") or []:
        u["reason"] = replace(u.get("reason"))
        if untraceable:
            u["participant_id"] = None
    a["project"] = {**(a.get("project") or {}), "name": replace((a.get("project") or {}).get("name")),
                    "question": replace((a.get("project") or {}).get("question"))}
    for th in a.get("themes") or []:
        th["label"], th["description"] = relabel(th.get("label")), relabel(th.get("description"))
        for sg in th.get("subgroups") or []:
            sg["label"] = relabel(sg.get("label"))
            if sg.get("condensate"):  # verbatim sentences: the case-exact mapping
                sg["condensate"]["text"] = replace(sg["condensate"].get("text"))
        if untraceable:
            th["participant_ids"] = []
    for c in a.get("categories") or []:
        for key in ("label", "description"):
            c[key] = relabel(c.get(key))
        c["analytic_text"] = replace(c.get("analytic_text"))
    for q in a.get("quotes") or []:
        q["display_text"] = replace(q.get("display_text"))
        if q.get("translation"):
            q["translation"] = replace(q["translation"])
        q["text"] = replace(q.get("text"))
        if untraceable:
            q["attribution"] = None
    for i in a.get("impressions") or []:
        i["summary"] = replace(i.get("summary"))
        i["preliminary_themes"] = [relabel(x) for x in i.get("preliminary_themes") or []]
    for m in a.get("memos") or []:
        m["text"] = replace(m.get("text"))
        if untraceable and m.get("target_id") in mapping:
            m["target_id"] = None
    for x in (a.get("unassigned") or []) + (a.get("disagreements") or []):
        x["reason"] = replace(x.get("reason"))
    t1 = a.get("table1") or {}
    for row in t1.get("rows") or []:
        if isinstance(row.get("counts"), dict):
            row["counts"] = {replace(str(k)): v for k, v in row["counts"].items()}
    if untraceable:
        a["participants"] = []  # Table 1 keeps the aggregate; no list of who took part
    a["deidentification"] = state.summary()
    return a
