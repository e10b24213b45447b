"""report.docx read back with python-docx: journal layout, Table 1, the box, quotations with
"I:" and "[...]", the generated methods paragraph, codebook and checklist appendices."""

from __future__ import annotations

import io
import struct
import zlib

import docx

from condense.report.plots import Figure
from condense.report.word import render_docx


def _png(width: int, height: int) -> bytes:
    """A valid white RGB PNG, built by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs
            if p.style.name.startswith("Heading") or p.style.name == "Title"]


def _quote_paragraphs(document) -> list:
    return [p for p in document.paragraphs if _cm(p.paragraph_format.left_indent) == 1.0]


def _cm(length) -> float | None:
    return None if length is None else round(length.cm, 2)  # Word stores twips: 1 cm reads back as 1.0001


def test_headings_follow_the_paper_and_the_categories(stc_analysis):
    heads = _headings(_open(render_docx(stc_analysis)))
    texts = [t for _, t in heads]
    assert heads[0] == ("Title", "Video in general practice")
    order = ["Methods", "Results", "Starting and examining", "Learning by doing", "Examination at a distance",
             "Who video serves", "Appendix 1. Codebook", "Appendix 2. Meaning units cited"]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    assert ("Heading 2", "Starting and examining") in heads and ("Heading 3", "Learning by doing") in heads
    assert any(t.startswith("Appendix 3.") and "COREQ" in t for t in texts)
    assert any(t.startswith("Appendix 4.") and "SRQR" in t for t in texts)


def test_table1_and_box(stc_analysis):
    document = _open(render_docx(stc_analysis))
    table1 = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table1[0] == ["Characteristic", "n (%) or value"]
    assert ["Sex", ""] in table1 and ["female", "1 (50%)"] in table1 and ["male", "1 (50%)"] in table1
    assert ["range", "45–52"] in table1 and ["mean (SD)", "48.5 (4.9)"] in table1
    caption = next(p.text for p in document.paragraphs if p.text.startswith("Table 1."))
    assert "(N = 2)" in caption
    box = document.tables[1].rows[0].cells[0]
    lines = [p.text for p in box.paragraphs]
    assert lines[0] == "Starting and examining"
    assert "– Learning by doing (1 / 1 ⚠)" in lines
    assert "– Who video serves (3 / 3)" in lines


def test_quotes_are_indented_with_interviewer_lines_and_cuts(stc_analysis):
    document = _open(render_docx(stc_analysis))
    quotes = _quote_paragraphs(document)
    texts = [p.text for p in quotes]
    assert texts[:2] == ["“I: How did you start with video?",
                         "[...] Nobody trained us, we learned by doing it.” (Nurse A)"]
    question, answer = quotes[0], quotes[1]
    assert not question.runs[0].italic, "the interviewer's words stay upright"
    assert answer.runs[0].italic
    assert all(_cm(p.paragraph_format.right_indent) == 1.0 for p in quotes)
    assert not any("Anna:" in t for t in texts), "an informant's speaker label (maybe a name) is dropped"
    # the de-identified display text is what is shown, never the verbatim span
    assert texts[2] == "“Older patients without a smartphone struggle. Their [relative] sets up the tablet in [city].”"
    assert not any("daughter" in t or "Malmö" in t for t in texts)


def test_results_carry_analytic_text_and_condensates(stc_analysis):
    body = "\n".join(p.text for p in _open(render_docx(stc_analysis)).paragraphs)
    assert "The clinicians taught themselves video and missed their hands." in body
    assert "No training. Nobody trained us; we learned with the patients. [1]" in body
    assert "Hands tied. I cannot examine on video and worry I miss something. [2] [3] (machine draft)" in body
    assert "⚠ This theme rests on only 1 participant." in body


def test_methods_paragraph_comes_from_the_run(stc_analysis):
    document = _open(render_docx(stc_analysis))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Methods")
    methods = " ".join(texts[start + 1:texts.index("Results")])
    assert "3 interview transcripts in English and Swedish from 2 participants" in methods
    assert "systematic text condensation" in methods
    for engine in ("texttiling", "embedding-relevance, threshold 0.1", "codebook", "centroid-agglomerative"):
        assert engine in methods
    assert "multilingual-e5-small-q4" in methods
    assert "given in advance as a codebook (codes.csv)" in methods and "/home/anna" not in methods
    assert "1 of 5 units, 1 of 3 condensates and 1 of 2 categories were made or changed by the researcher" \
        in methods
    assert "1 person coded meaning units (anna.researcher)" in methods
    assert "preconceptions before the machine's themes were shown" in methods


def test_codebook_and_checklist_appendices(stc_analysis):
    document = _open(render_docx(stc_analysis))
    codebook = next(t for t in document.tables if t.rows[0].cells[0].text == "Main category")
    rows = [[c.text for c in r.cells] for r in codebook.rows[1:]]
    assert rows == [["Starting and examining", "Learning by doing", "About learning by doing.", "1", "1"],
                    ["Starting and examining", "Examination at a distance", "About examination at a distance.",
                     "2", "1"],
                    ["Who video serves", "Who video serves", "About who video serves.", "3", "3"]]
    checklists = [t for t in document.tables if t.rows[0].cells[0].text == "No."]
    assert [len(t.rows) - 1 for t in checklists] == [32, 21]
    coreq = {r.cells[0].text: r.cells[2].text for r in checklists[0].rows[1:]}
    assert "codes.csv" in coreq["26"] and "[RESEARCHER: to complete]" in coreq["1"]
    highlighted = [run for r in checklists[0].rows[1:] for run in r.cells[2].paragraphs[0].runs
                   if run.font.highlight_color is not None]
    assert highlighted and all(run.text.strip() == "[RESEARCHER: to complete]" for run in highlighted)


def test_figures_are_embedded_as_pictures(stc_analysis):
    png = _png(40, 30)
    figs = [Figure("heatmap", "Units per theme.", b"<svg/>", png, 20.0),
            Figure("saturation", "New themes.", b"<svg/>", png, 12.0)]
    document = _open(render_docx(stc_analysis, figs))
    assert len(document.inline_shapes) == 2
    assert [round(s.width.cm, 1) for s in document.inline_shapes] == [15.5, 12.0]
    captions = [p.text for p in document.paragraphs if p.text.startswith("Figure ")]
    assert captions == ["Figure 1. Units per theme.", "Figure 2. New themes."]


def test_text_word_cannot_hold_is_dropped_not_fatal(stc_analysis):
    stc_analysis["themes"][0]["label"] = "Learning\x0b by\x00 doing"
    document = _open(render_docx(stc_analysis))
    assert ("Heading 3", "Learning by doing") in _headings(document)


def test_minimal_analysis_still_renders(stc_analysis):
    minimal = {k: stc_analysis[k] for k in ("schema", "project", "documents", "units", "themes", "categories")}
    document = _open(render_docx(minimal))
    texts = [p.text for p in document.paragraphs]
    assert "Methods" in texts and "Results" in texts
    assert not any(t.startswith("Table 1.") for t in texts)
    assert not _quote_paragraphs(document), "no quotes chosen, none shown"


def test_quote_lines_mark_only_known_interviewer_labels():
    from condense.report.quotes import quote_lines

    lines = quote_lines("**Intervjuare:** Hur var det?\nEva: Det var svårt.\nNote: not a speaker.\n\n[...] Sen gick det.",
                        frozenset({"intervjuare"}), frozenset({"eva"}))
    assert lines == [{"interviewer": True, "text": "I: Hur var det?"},
                     {"interviewer": False, "text": "Det var svårt."},
                     {"interviewer": False, "text": "Note: not a speaker."},
                     {"interviewer": False, "text": "[...] Sen gick det."}]
