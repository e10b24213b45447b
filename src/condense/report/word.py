"""The Word report (report.docx), laid out like the results of an STC paper: methods paragraph,
Table 1 of participants, the box of main categories and themes, figures, a results section
per main category (analytic text, condensates, indented quotations), and appendices (codebook,
meaning units cited, COREQ and SRQR). Built from the analysis dict through the same view model
as the HTML and Markdown reports, so all three say the same thing; a researcher edits it in Word."""

from __future__ import annotations

import io
import re
from typing import Sequence

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Cm, Pt, RGBColor

from .checklists import RESEARCHER, fill
from .context import build_context
from .matrix import theme_order
from .methods import methods_paragraphs
from .plots import Figure

GREY = RGBColor(0x55, 0x55, 0x55)
QUOTE_INDENT = Cm(1.0)
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def x(text: object) -> str:
    """Text Word can hold: XML 1.0 has no place for most control characters."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def _para(doc, text: str = "", style: str | None = None, *, italic=False, bold=False, size: float | None = None,
          color: RGBColor | None = None):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(x(text))
        run.italic, run.bold = italic or None, bold or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    return p


def _caption(doc, label: str, text: str):
    p = doc.add_paragraph()
    p.add_run(label + " ").bold = True
    p.add_run(x(text))
    p.paragraph_format.keep_with_next = True
    return p


def _table(doc, header: Sequence[str], widths: Sequence[float] | None = None):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    if widths:  # LibreOffice reads the grid columns, Word the cell widths: set both
        table.autofit = False
        for column, w in zip(table.columns, widths):
            column.width = Cm(w)
        for cell, w in zip(table.rows[0].cells, widths):
            cell.width = Cm(w)
    return table


def _row(table, values: Sequence[str], widths: Sequence[float] | None = None, bold_first=False):
    cells = table.add_row().cells
    for i, (cell, value) in enumerate(zip(cells, values)):
        cell.text = x(value)
        if bold_first and i == 0:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        if widths:
            cell.width = Cm(widths[i])
    return cells


class _Writer:
    def __init__(self, analysis: dict, figures: Sequence[Figure]):
        self.a = analysis
        self.c = build_context(analysis)
        self.figures = list(figures)
        self.doc = docx.Document()
        self._setup()

    def _setup(self):
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(11)
        props = self.doc.core_properties
        props.title = x(self.c["title"])[:250]
        props.author = "Condense"
        props.comments = "Results draft of a systematic text condensation; edit freely."

    # -- front matter ------------------------------------------------------------------
    def header(self):
        c = self.c
        self.doc.add_heading(x(c["title"]), level=0)
        if c["question"]:
            p = self.doc.add_paragraph()
            p.add_run("Research question: ").bold = True
            p.add_run(x(c["question"])).italic = True
        if c["focus_areas"]:
            p = self.doc.add_paragraph()
            p.add_run("Focus areas: ").bold = True
            p.add_run(x("; ".join(c["focus_areas"])))
        _para(self.doc, c["made_line"], italic=True, size=9, color=GREY)

    def methods(self):
        self.doc.add_heading("Methods", level=1)
        for text in methods_paragraphs(self.a):
            _para(self.doc, text)

    # -- results -----------------------------------------------------------------------
    def table1(self):
        t1 = self.c["table1"]
        if not t1:
            return
        n = f" (N = {t1['n']})" if t1["n"] is not None else ""
        _caption(self.doc, "Table 1.", f"Characteristics of the participants{n}.")
        widths = (9.0, 5.0)
        table = _table(self.doc, ("Characteristic", "n (%) or value"), widths)
        for row in t1["rows"]:
            _row(table, (row["label"], ""), widths, bold_first=True)
            for name, value in row["values"]:
                cells = _row(table, (name, value), widths)
                cells[0].paragraphs[0].paragraph_format.left_indent = Cm(0.5)
        for row in table.rows[:-1]:  # keep the table on one page where it fits
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
        self.doc.add_paragraph()

    def box(self):
        _caption(self.doc, "Box 1.", "Main categories and their themes (meaning units / participants; "
                                     "⚠ rests on two participants or fewer).")
        table = self.doc.add_table(rows=0, cols=1)
        table.style = "Table Grid"
        cell = table.add_row().cells[0]
        first = True
        for cat in self.c["box"]:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.add_run(x(cat["label"])).bold = True
            p.paragraph_format.space_before = Pt(4)
            for t in cat["themes"]:
                flag = " ⚠" if t["saturation_flag"] else ""
                q = cell.add_paragraph(x(f"– {t['label']} ({t['n_units']} / {t['participant_count']}{flag})"))
                q.paragraph_format.left_indent = Cm(0.6)
        self.doc.add_paragraph()

    def figure_blocks(self):
        for number, fig in enumerate(self.figures, start=1):
            self.doc.add_picture(io.BytesIO(fig.png), width=Cm(min(15.5, fig.width_cm)))
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
            _caption(self.doc, f"Figure {number}.", fig.caption)

    def quote(self, q: dict):
        lines = q["lines"] or [{"interviewer": False, "text": q["text"]}]
        for i, line in enumerate(lines):
            p = self.doc.add_paragraph()
            fmt = p.paragraph_format
            fmt.left_indent, fmt.right_indent = QUOTE_INDENT, QUOTE_INDENT
            fmt.space_after = Pt(0 if i < len(lines) - 1 else 8)
            opening = "“" if i == 0 else ""
            closing = "”" if i == len(lines) - 1 else ""
            run = p.add_run(x(opening + line["text"] + closing))
            run.italic = not line["interviewer"]  # the researcher's words stay upright
            if i == len(lines) - 1 and q.get("attribution"):
                p.add_run(x(f" ({q['attribution']})"))

    def theme(self, t: dict):
        self.doc.add_heading(x(t["label"]), level=3)
        if t["description"]:
            _para(self.doc, t["description"])
        meta = (f"{t['participant_count']} participant{'s' if t['participant_count'] != 1 else ''}, "
                f"{t['n_units']} meaning unit{'s' if t['n_units'] != 1 else ''}.")
        if t["saturation_flag"]:
            meta += f" ⚠ This theme rests on only {t['participant_count']} participant" \
                    f"{'s' if t['participant_count'] != 1 else ''}."
        _para(self.doc, meta, italic=True, size=9, color=GREY)
        for sg in t["subgroups"]:
            p = self.doc.add_paragraph()
            p.add_run(x(sg["label"]) + ". ").bold = True
            p.add_run(x(sg["text"]))
            cites = " ".join(f"[{r['number']}]" for r in sg["citations"])
            if cites:
                p.add_run(" " + cites).font.size = Pt(8)
            if sg["status"] != "edited":
                p.add_run(" (machine draft)").font.color.rgb = GREY
        for q in t["quotes"]:
            self.quote(q)

    def results(self):
        self.doc.add_heading("Results", level=1)
        t1 = self.c["table1"]
        intro = []
        if t1:
            intro.append("Table 1 describes the participants.")
        intro.append(f"The analysis gave {len(self.c['box'])} main "
                     f"categor{'ies' if len(self.c['box']) != 1 else 'y'} (Box 1).")
        if self.figures:
            intro.append("Figure 1 shows which participants contributed to each theme, and Figure 2 how many "
                         "new themes each interview added.")
        _para(self.doc, " ".join(intro))
        self.table1()
        self.box()
        self.figure_blocks()
        for cat in self.c["results"]:
            self.doc.add_heading(x(cat["label"]), level=2)
            if cat["description"]:
                _para(self.doc, cat["description"], italic=True, color=GREY)
            if cat["analytic_text"]:
                _para(self.doc, cat["analytic_text"])
            for t in cat["themes"]:
                self.theme(t)

    # -- appendices --------------------------------------------------------------------
    def codebook(self):
        self.doc.add_heading("Appendix 1. Codebook", level=1)
        category = {tid: cat["label"] for cat in self.a.get("categories") or [] for tid in cat.get("theme_ids") or []}
        summary = {t["id"]: t for cat in self.c["box"] for t in cat["themes"]}
        widths = (3.5, 4.0, 6.0, 1.3, 1.5)
        table = _table(self.doc, ("Main category", "Theme", "Description", "Units", "Participants"), widths)
        for theme in theme_order(self.a):
            s = summary.get(theme["id"], {})
            _row(table, (category.get(theme["id"], "–"), theme.get("label", theme["id"]),
                         theme.get("description") or "", str(s.get("n_units", len(theme.get("unit_ids") or []))),
                         str(s.get("participant_count", ""))), widths)

    def cited_units(self):
        if not self.c["appendix"]:
            return
        self.doc.add_heading("Appendix 2. Meaning units cited", level=1)
        for u in self.c["appendix"]:
            p = self.doc.add_paragraph()
            p.add_run(f"[{u['number']}] ").bold = True
            if not u["found"]:
                p.add_run(x(f"unit {u['id']} is not in this analysis."))
                continue
            where = u["document"] + (f", {u['speaker']}" if u["speaker"] else "")
            p.add_run(x(where) + ": ").italic = True
            p.add_run(x(u["text"]))

    def checklists(self):
        for number, cl in enumerate(fill(self.a), start=3):
            self.doc.add_heading(x(f"Appendix {number}. {cl.title}"), level=1)
            _para(self.doc, cl.reference, italic=True, size=9)
            _para(self.doc, f"Filled in by Condense from the analysis: {cl.count('filled')} items answered, "
                            f"{cl.count('partial')} partly, {cl.count('open')} left for the researcher "
                            f"(marked {RESEARCHER}, highlighted).", size=9)
            widths = (1.2, 6.3, 8.0)
            table = _table(self.doc, ("No.", "Item", "Answer"), widths)
            for item in cl.items:
                cells = _row(table, (item.code, "", ""), widths)
                p = cells[1].paragraphs[0]
                p.add_run(x(item.topic)).bold = True
                guide = cells[1].add_paragraph()
                run = guide.add_run(x(item.guide))
                run.font.size, run.font.color.rgb = Pt(8), GREY
                p = cells[2].paragraphs[0]
                if item.answer:
                    p.add_run(x(item.answer))
                if item.status != "filled":
                    run = p.add_run((" " if item.answer else "") + RESEARCHER)
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def build(self) -> bytes:
        self.header()
        self.methods()
        self.results()
        self.codebook()
        self.cited_units()
        self.checklists()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def render_docx(analysis: dict, figures: Sequence[Figure] = ()) -> bytes:
    """The Word report for an analysis dict (condense.analysis/1), as .docx bytes."""
    return _Writer(analysis, figures).build()
