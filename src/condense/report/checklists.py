"""COREQ (32 items) and SRQR (21 items), filled with what the project knows.

The item texts are package data (``checklist_items/*.json``); this module only answers them.
Each answer has a status: ``filled`` (the project knows it), ``partial`` (the project knows part;
the researcher must complete it) or ``open`` (only the researcher can say). Anything the
researcher must write is marked with RESEARCHER, so it is easy to find in every format."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .markdown import cell
from .methods import Facts, facts, join, plural, who_coded

RESEARCHER = "[RESEARCHER: to complete]"


@dataclass(frozen=True)
class Item:
    number: int
    code: str          # "1".."32" for COREQ, "S1".."S21" for SRQR
    domain: str
    section: str
    topic: str
    guide: str
    status: str        # filled | partial | open
    answer: str        # what the project knows ("" when open)

    @property
    def heading(self) -> str:
        return self.section if self.section == self.domain else f"{self.domain} – {self.section}"

    @property
    def text(self) -> str:
        """The answer as printed: known part, then the marker where the researcher must add."""
        if self.status == "filled":
            return self.answer
        return f"{self.answer} {RESEARCHER}".strip()


@dataclass(frozen=True)
class Checklist:
    id: str
    name: str
    title: str
    reference: str
    items: tuple[Item, ...]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


@lru_cache(maxsize=None)
def _items(name: str) -> dict:
    return json.loads(resources.files("condense.report").joinpath("checklist_items", f"{name}.json")
                      .read_text("utf-8"))


def _stc(f: Facts) -> str:
    return ("Systematic text condensation (Malterud 2012): a descriptive, explorative cross-case analysis "
            "inspired by phenomenology (total impression, meaning units, code groups, condensation, synthesis).")


def _saturation(f: Facts) -> str:
    if not f.new_in_last:
        return ""
    last = ", ".join(str(n) for n in f.new_in_last)
    return (f"Saturation curve (figure): new themes added by the last {plural(len(f.new_in_last), 'interview')}: "
            f"{last}; {plural(f.thin_themes, 'theme')} of {f.n_themes} "
            f"{'rests' if f.thin_themes == 1 else 'rest'} on two participants or fewer (flagged in the results).")


def _quotes(f: Facts) -> str:
    if not f.n_quotes:
        return "No quotations have been chosen yet."
    ids = ("each identified by participant pseudonym or number" if f.attributed_quotes == f.n_quotes
           else "without participant identifiers (untraceable by design)" if not f.attributed_quotes
           else f"{f.attributed_quotes} identified by pseudonym, the others without identifiers")
    return f"Yes: {plural(f.n_quotes, 'quotation')} illustrate the themes, {ids}."


def _coders(f: Facts) -> tuple[str, str]:
    humans = [c for c in f.coders if c != "machine"]
    text = f"The machine ({f.software}) drafted the coding. {who_coded(f)}"
    if humans:
        return "filled", text
    return "partial", text + " Name the researchers who reviewed the codes."


def _timed(f: Facts) -> tuple[str, str]:
    if not f.timed_documents:
        return "open", ""
    return "partial", (f"{f.timed_documents} of {plural(f.n_documents, 'transcript')} carry time codes, "
                       "i.e. were transcribed from recordings.")


def _duration(f: Facts) -> tuple[str, str]:
    if not f.durations_min:
        return "open", ""
    lo, hi = min(f.durations_min), max(f.durations_min)
    span = f"{lo:g} minutes" if lo == hi else f"{lo:g}–{hi:g} minutes"
    return ("filled" if f.timed_documents == f.n_documents else "partial",
            f"{span}, from the time codes of {plural(f.timed_documents, 'transcript')}.")


def _coreq(a: dict, f: Facts) -> dict[int, tuple[str, str]]:
    focus = (a.get("project") or {}).get("focus_areas") or []
    t1 = a.get("table1") or {}
    attrs = [r.get("attribute") for r in t1.get("rows") or []]
    reflex = (f"{plural(f.preconception_memos, 'preconception memo')} and "
              f"{plural(f.reflexive_memos, 'reflexive memo')} "
              "were written during the analysis.")
    return {
        8: ("partial", reflex) if f.preconception_memos or f.reflexive_memos else ("open", ""),
        9: ("filled", _stc(f)),
        12: ("filled", f"{plural(f.n_participants, 'participant')} ({plural(f.n_documents, 'transcript')}).")
        if f.n_participants else ("open", ""),
        16: ("partial", f"Table 1 gives {join([str(x) for x in attrs])} of the participants.") if attrs
        else ("open", ""),
        17: ("partial", "The interview guide's focus areas: " + "; ".join(focus) + ". Say whether it was piloted.")
        if focus else ("open", ""),
        18: ("filled", f"Yes: {plural(f.repeat_participants, 'participant')} gave more than one interview.")
        if f.repeat_participants else ("partial", "One transcript per participant in the material."),
        19: _timed(f),
        21: _duration(f),
        22: ("filled", _saturation(f)) if f.new_in_last else ("open", ""),
        24: _coders(f),
        25: ("filled", f"Yes: the codebook (appendix of the report) lists {plural(f.n_themes, 'theme')} in "
                       f"{plural(f.n_categories, 'main category', 'main categories')} with descriptions and counts."),
        26: ("filled", f"Identified in advance: a codebook ({f.codebook}) to which meaning units were assigned."
             if f.codebook else "Derived from the data: meaning units were grouped inductively into code groups"
                                + (", then revised by the researcher." if any(f.human.values())
                                   else "; the researcher has not yet revised them.")),
        27: ("filled", f"{f.software} (local, open source)" + (f"; embedding model {f.model}." if f.model else ".")),
        29: ("filled", _quotes(f)),
        30: ("partial", "Each condensate cites the meaning units it condenses; the appendix shows every cited "
                        "unit in its transcript context."),
        31: ("partial", f"{plural(f.n_categories, 'main category', 'main categories')}, each with its own results "
                        f"section, analytic text, condensates and quotations."),
        32: ("partial", f"{plural(f.thin_themes, 'theme')} resting on few participants "
                        f"{'is' if f.thin_themes == 1 else 'are'} "
                        f"flagged; {plural(f.reread, 'passage')} that fit their theme poorly and "
                        f"{plural(f.unassigned, 'unassigned meaning unit')} are listed for re-reading."),
    }


def _srqr(a: dict, f: Facts) -> dict[int, tuple[str, str]]:
    question = (a.get("project") or {}).get("question") or ""
    coded = _coders(f)[1]
    changed = (f"{f.changed_quotes} of {plural(f.n_quotes, 'quotation')} differ from the verbatim transcript "
               "(cut with [...] or de-identified)." if f.n_quotes else "")
    return {
        4: ("filled", question) if question else ("open", ""),
        5: ("partial", _stc(f) + " State the research paradigm."),
        6: ("partial", f"{plural(f.preconception_memos, 'preconception memo')} recorded before the machine's "
                       "themes were shown.") if f.preconception_memos else ("open", ""),
        8: ("partial", _saturation(f)) if f.new_in_last else ("open", ""),
        10: ("partial", f"{plural(f.n_documents, 'interview transcript')}"
                        + (f" in {join(list(f.languages))}" if f.languages else "") + "."),
        11: _timed(f),
        12: ("partial", f"{plural(f.n_participants, 'participant')}, {plural(f.n_documents, 'transcript')}"
                        + ("; characteristics in Table 1." if (a.get("table1") or {}).get("rows") else ".")),
        13: ("partial", "Transcripts were normalised once (Unicode NFC, LF line endings) and never changed; every "
                        f"meaning unit is an exact span of its transcript. {changed}".strip()),
        14: ("partial", f"{_stc(f)} {coded}"),
        15: ("partial", "Audit trail: an append-only event log of every change and the provenance (step, engine, "
                        "model, parameters) of every machine draft; passages that fit their theme poorly are listed "
                        "for re-reading."),
        16: ("partial", f"{plural(f.n_categories, 'main category', 'main categories')} and "
                        f"{plural(f.n_themes, 'theme')} (box and results)."),
        17: ("filled", _quotes(f) + " Condensates cite their meaning units, shown in context in the appendix."),
    }


def fill(analysis: dict) -> list[Checklist]:
    """Both checklists, answered from the analysis dict."""
    f = facts(analysis)
    out = []
    for name, answers in (("coreq", _coreq(analysis, f)), ("srqr", _srqr(analysis, f))):
        data = _items(name)
        items = []
        for raw in data["items"]:
            status, answer = answers.get(raw["number"], ("open", ""))
            if not answer:
                status = "open"
            items.append(Item(raw["number"], raw.get("code") or str(raw["number"]), raw["domain"], raw["section"],
                              raw["topic"], raw["guide"], status, answer))
        out.append(Checklist(data["id"], data["name"], data["title"], data["reference"], tuple(items)))
    return out


def checklists_markdown(analysis: dict) -> str:
    """checklists.md: both checklists as Markdown tables."""
    lines = ["# Reporting checklists", "",
             f"Answers filled in by Condense from the analysis; every {RESEARCHER} marks what only the "
             "researcher can say. Check every answer before submission.", ""]
    for cl in fill(analysis):
        lines += [f"## {cl.title}", "", f"*{cl.reference}*", "",
                  f"{cl.count('filled')} filled, {cl.count('partial')} partly filled, "
                  f"{cl.count('open')} for the researcher.", ""]
        section = None
        for item in cl.items:
            if item.heading != section:
                section = item.heading
                lines += ["", f"### {cell(section)}", "", "| No. | Item | Guide question | Answer |",
                          "|---|---|---|---|"]
            lines.append(f"| {item.code} | {cell(item.topic)} | {cell(item.guide)} | {cell(item.text)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
