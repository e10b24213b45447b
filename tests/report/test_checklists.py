"""COREQ and SRQR: every item present, answers filled from the analysis, the rest marked for the
researcher, in Markdown, HTML and Word alike."""

from __future__ import annotations

import copy

from condense.report import render_html
from condense.report.checklists import RESEARCHER, checklists_markdown, fill


def _by_code(analysis: dict) -> tuple[dict, dict]:
    coreq, srqr = fill(analysis)
    return {i.code: i for i in coreq.items}, {i.code: i for i in srqr.items}


def test_item_texts_are_complete_and_numbered():
    coreq, srqr = fill({"schema": "condense.analysis/1", "project": {}, "documents": [], "units": [],
                        "themes": [], "categories": []})
    assert [i.number for i in coreq.items] == list(range(1, 33))
    assert [i.code for i in srqr.items] == [f"S{n}" for n in range(1, 22)]
    assert coreq.items[23].topic == "Number of data coders" and srqr.items[13].topic == "Data analysis"
    assert len({i.domain for i in coreq.items}) == 3
    assert all(i.guide and i.topic for i in coreq.items + srqr.items)


def test_answers_come_from_the_project(stc_analysis):
    coreq, srqr = _by_code(stc_analysis)
    assert coreq["12"].text == "2 participants (3 transcripts)."
    assert coreq["24"].status == "filled" and "1 person coded meaning units (anna.researcher)" in coreq["24"].answer
    assert coreq["26"].answer.startswith("Identified in advance: a codebook (codes.csv)")
    assert "/home/anna" not in coreq["26"].answer
    assert coreq["27"].answer.startswith("Condense ") and "multilingual-e5-small-q4" in coreq["27"].answer
    assert "1 identified by pseudonym, the others without identifiers" in coreq["29"].answer
    # saturation: d1 brings t1, t2, t3; d2 and d3 bring nothing new
    assert coreq["22"].status == "filled" and "last 3 interviews: 3, 0, 0" in coreq["22"].answer
    assert "2 themes of 3 rest on two participants or fewer" in coreq["22"].answer
    assert coreq["16"].status == "partial" and "sex and age" in coreq["16"].answer
    assert "training; examination" in coreq["17"].answer
    assert srqr["S4"].text == "How do clinicians experience video?"
    assert "2 of 2 quotations differ from the verbatim transcript" in srqr["S13"].answer


def test_what_only_the_researcher_knows_is_marked(stc_analysis):
    coreq, srqr = _by_code(stc_analysis)
    for code in ("1", "2", "4", "10", "13", "14", "23", "28"):
        assert coreq[code].status == "open" and coreq[code].text == RESEARCHER
    for code in ("S1", "S2", "S9", "S20", "S21"):
        assert srqr[code].status == "open"
    assert coreq["30"].status == "partial" and coreq["30"].text.endswith(RESEARCHER)
    assert not coreq["9"].text.endswith(RESEARCHER)


def test_answers_follow_the_analysis(stc_analysis):
    inductive = copy.deepcopy(stc_analysis)
    inductive["settings"]["codebook"] = None
    inductive["coders"] = ["machine"]
    for q in inductive["quotes"]:
        q["attribution"] = None
    coreq, _ = _by_code(inductive)
    assert coreq["26"].answer.startswith("Derived from the data")
    assert coreq["24"].status == "partial"
    assert "without participant identifiers (untraceable by design)" in coreq["29"].answer
    for group in ("units", "themes", "categories"):
        for obj in inductive[group]:
            obj["source"] = "machine"
    for t in inductive["themes"]:
        for s in t["subgroups"]:
            s["condensate"]["source"] = "machine"
    coreq, _ = _by_code(inductive)
    assert "still the machine's draft" in coreq["24"].answer
    assert "the researcher has not yet revised them" in coreq["26"].answer
    timed = copy.deepcopy(stc_analysis)
    for doc in timed["documents"]:
        doc["turns"][-1]["time_end_ms"] = 30 * 60000
    coreq, _ = _by_code(timed)
    assert coreq["21"].status == "filled" and coreq["21"].answer.startswith("30 minutes")
    assert coreq["19"].status == "partial" and "3 of 3 transcripts carry time codes" in coreq["19"].answer


def test_rendered_in_markdown_and_html(stc_analysis):
    md = checklists_markdown(stc_analysis)
    assert md.count("\n| ") - md.count("\n| No. |") == 32 + 21
    assert "| 24 | Number of data coders |" in md and "| S21 | Funding |" in md
    assert md.count("\\[RESEARCHER: to complete\\]") >= 20
    html = render_html(stc_analysis)
    assert 'id="checklist-coreq"' in html and 'id="checklist-srqr"' in html
    assert html.count("<mark>[RESEARCHER: to complete]</mark>") >= 20
