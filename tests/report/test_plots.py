"""The figures: the counts behind them, the SVG/PNG files matplotlib draws, and how the HTML
report embeds them (self-contained, no script)."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

from condense.report import render_html
from condense.report.matrix import saturation_curve, theme_matrix
from condense.report.plots import figures

SVG = "{http://www.w3.org/2000/svg}"


def test_matrix_counts_units_per_theme_and_participant(stc_analysis):
    m = theme_matrix(stc_analysis)
    assert m.theme_ids == ("t1", "t2", "t3")
    assert m.participant_ids == ("P1", "P2", "doc:d3")
    assert m.participant_labels == ("Nurse A", "P2", "cleo.txt")  # pseudonym, id, transcript name
    assert m.counts == ((1, 0, 0), (2, 0, 0), (1, 1, 1))


def test_saturation_curve_counts_new_themes_in_document_order(stc_analysis):
    points = saturation_curve(stc_analysis)
    assert [(p.document_id, p.new_themes, p.cumulative) for p in points] == [
        ("d1", ("t1", "t2", "t3"), 3), ("d2", (), 3), ("d3", (), 3)]
    stc_analysis["documents"].reverse()  # interviews added the other way round
    points = saturation_curve(stc_analysis)
    assert [(p.document_id, len(p.new_themes), p.cumulative) for p in points] == [
        ("d3", 1, 1), ("d2", 0, 1), ("d1", 2, 3)]
    assert [p.number for p in points] == [1, 2, 3]


def test_figures_are_drawn_as_svg_and_png(stc_analysis):
    stc_analysis["themes"][1]["label"] = "Examination <script>alert(1)</script> å"
    heat, sat = figures(stc_analysis)
    assert (heat.name, sat.name) == ("heatmap", "saturation")
    for fig in (heat, sat):
        assert fig.png.startswith(b"\x89PNG\r\n\x1a\n") and len(fig.png) > 2000
        root = ET.fromstring(fig.svg)
        assert root.tag == SVG + "svg"
        assert fig.caption
    heat_text = [t.text or "" for t in ET.fromstring(heat.svg).iter(SVG + "text")]
    assert "Learning by doing" in heat_text and "Nurse A" in heat_text and "cleo.txt" in heat_text
    assert any("<script>" in t for t in heat_text), "the label is text in the SVG, escaped by the XML writer"
    assert b"<script" not in heat.svg
    assert "3 themes x 3 participants" in heat.caption
    assert "The last interview added 0." in sat.caption
    again = figures(stc_analysis)
    assert again[0].svg == heat.svg and again[1].png == sat.png, "no dates or random ids in the files"


def test_no_figures_without_themes(stc_analysis):
    stc_analysis["themes"] = []
    assert figures(stc_analysis) == []


def test_html_embeds_figures_self_contained(stc_analysis):
    figs = figures(stc_analysis)
    html = render_html(stc_analysis, figs)
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 2
    for src, fig in zip(sources, figs):
        assert src.startswith("data:image/svg+xml;base64,")
        assert base64.b64decode(src.split(",", 1)[1]) == fig.svg
    assert "<figcaption><strong>Figure 1.</strong>" in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing is fetched from outside"
    assert "<img" not in render_html(stc_analysis), "figures only when given"
