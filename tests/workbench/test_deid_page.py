"""The De-identification page: detect, list findings by surface form with a context snippet,
accept/reject/accept all, add an identifier, edit a replacement, set the quote mode; stale forms
get a conflict, transcript text is escaped; in a browser, an accepted identifier leaves the report.

Detection here uses the patterns and the gazetteer only (the app's ``deid_detectors``), so no
spaCy model is loaded: the one finding in the fixture is "vårdcentralen i Västerås" (sv.txt)."""

from __future__ import annotations

import re

import pytest
from test_browser import ARTIFACTS, browser  # noqa: F401  (the module's Chromium fixture)

from condense.api import RunSettings
from condense.deid.gazetteer import GazetteerDetector
from condense.deid.patterns import PatternDetector
from condense.engines import HashingEmbedder

CLINIC = "vårdcentralen i Västerås"
SCRIPT = "<script>window.__pwned = 1</script>"


def no_model(_language):
    return [PatternDetector(), GazetteerDetector()]


def _app(analysed, tmp_path):
    from condense.web.app import create_app

    return create_app(analysed, tmp_path / "report", RunSettings(embedder="hashing", relevance_threshold=-1.0,
                                                                 k_min=2, k_max=4),
                      embedder=HashingEmbedder(256), allowed_hosts=("testserver", "127.0.0.1"),
                      deid_detectors=no_model)


@pytest.fixture
def client(analysed, tmp_path):
    from fastapi.testclient import TestClient

    with TestClient(_app(analysed, tmp_path)) as c:
        yield c


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _row(html: str, entry_id: int) -> str:
    return re.search(rf'<tr id="entry-{entry_id}".*?</tr>', html, flags=re.S).group(0)


def _version(html: str, entry_id: int) -> str:
    return re.search(r'name="version" value="(\d+)"', _row(html, entry_id)).group(1)


def _detect(client) -> str:
    page = client.get("/deid").text
    return client.post("/deid/detect", data={"token": _token(page), "next": "/deid"}).text


def test_detect_lists_findings_with_context(client, analysed):
    page = client.get("/deid").text
    assert '<a href="/deid" class="active">De-identification</a>' in page
    assert "The mapping stays in this project." in page and "never" in page
    assert "Not detected yet" in page and 'id="entry-' not in page
    assert client.post("/deid/detect", data={"next": "/deid"}).status_code == 403
    page = _detect(client)
    assert "detected 1 possible identifiers in 3 transcripts" in page
    assert "Detection is up to date" in page
    (item,) = analysed.deid_review()
    assert (item.surface, item.type, item.status, item.count) == (CLINIC, "org", "pending", 1)
    row = _row(page, item.id)
    sv = next(d for d in analysed.documents() if d.name == "sv.txt")
    assert f'<td class="surface">{CLINIC}</td>' in row and "<td>org</td>" in row and ">pending<" in row
    assert f'<a href="/transcripts/{sv.id}">sv.txt</a>' in row and f'value="{item.replacement}"' in row
    # one occurrence in context: from its turn's start (not the speaker label), cut at a space
    assert (f'<td class="context"><small class="hint">sv.txt:</small> Vi började under pandemin på <mark>{CLINIC}</mark>'
            " 😀 och ingen utbildade oss. Programmet kraschade ofta och…</td>") in row


def test_accept_reject_replace_add_and_accept_all(client, analysed):
    page = _detect(client)
    token = _token(page)
    (item,) = analysed.deid_review()
    stale = _version(page, item.id)
    page = client.post(f"/deid/{item.id}/decide", data={"token": token, "decision": "accepted", "version": stale,
                                                         "next": "/deid"}).text
    assert f"identifier {item.id} accepted" in page and ">accepted<" in _row(page, item.id)
    assert analysed.deid_state().mapping == {CLINIC: item.replacement}
    # The same (now stale) form again, as from a second tab: refused, nothing changes.
    page = client.post(f"/deid/{item.id}/decide", data={"token": token, "decision": "rejected", "version": stale,
                                                         "next": "/deid"}).text
    assert "Conflict:" in page and analysed.deid_review()[0].status == "accepted"
    page = client.post(f"/deid/{item.id}/replacement", data={"token": token, "replacement": "[a health centre]",
                                                             "version": _version(page, item.id), "next": "/deid"}).text
    assert "replacement of identifier" in page and 'value="[a health centre]"' in _row(page, item.id)
    page = client.post(f"/deid/{item.id}/decide", data={"token": token, "decision": "rejected",
                                                         "version": _version(page, item.id), "next": "/deid"}).text
    assert ">rejected<" in _row(page, item.id) and analysed.deid_state().mapping == {}
    page = client.post("/deid/add", data={"token": token, "surface": "Dottern", "type": "person", "next": "/deid"}).text
    assert "added &#39;Dottern&#39; as person -&gt; [person A] (1 occurrences)" in page
    added = next(i for i in analysed.deid_review() if i.surface == "Dottern")
    assert added.status == "accepted" and added.source == "human"
    assert "<mark>Dottern</mark> får ofta" in _row(page, added.id)
    page = client.post("/deid/add", data={"token": token, "surface": "Rex", "type": "pet", "next": "/deid"}).text
    assert "unknown identifier type" in page
    # Accept all: only after the detection the page showed; a later detection makes the form stale.
    listed = re.search(r'id="deid-accept-all">.*?name="version" value="(\d+)"', page, flags=re.S)
    assert listed is None, "nothing pending, no accept-all button"
    client.post(f"/deid/{item.id}/decide", data={"token": token, "decision": "pending", "next": "/deid"})
    page = client.get("/deid").text
    version = re.search(r'id="deid-accept-all">.*?name="version" value="(\d+)"', page, flags=re.S).group(1)
    _detect(client)
    page = client.post("/deid/accept-all", data={"token": token, "version": version, "next": "/deid"}).text
    assert "Conflict:" in page and [i.status for i in analysed.deid_review() if i.surface == CLINIC] == ["pending"]
    page = client.post("/deid/accept-all", data={"token": token, "version": analysed.deid_version(),
                                                 "next": "/deid"}).text
    assert "accepted 1 pending identifiers" in page and {i.status for i in analysed.deid_review()} == {"accepted"}
    assert "0 pending, 2 accepted, 0 rejected" in page
    actions = [e["action"] for e in analysed.events(None, 50)]
    assert "accept-all" in actions and "detect" in actions


def test_quote_mode_and_population(client, analysed):
    page = client.get("/deid").text
    assert 'value="labelled" checked' in page and "available: profession" in page
    page = client.post("/deid/quotes", data={"token": _token(page), "quotes": "untraceable", "population": "small",
                                             "label_attributes": "", "next": "/deid"}).text
    assert "quotes are untraceable" in page and 'value="untraceable" checked' in page
    assert '<option value="small" selected>' in page
    state = analysed.deid_state()
    assert (state.quote_mode, state.small_population, state.label_attributes) == ("untraceable", True, ())
    page = client.post("/deid/quotes", data={"token": _token(page), "quotes": "labelled", "population": "large",
                                             "label_attributes": "profession, age_band", "next": "/deid"}).text
    state = analysed.deid_state()
    assert (state.quote_mode, state.small_population, state.label_attributes) == ("labelled", False,
                                                                                  ("profession", "age_band"))
    assert 'value="profession,age_band"' in page
    page = client.post("/deid/quotes", data={"token": _token(page), "quotes": "anonymous", "next": "/deid"}).text
    assert "unknown quote mode" in page and analysed.deid_state().quote_mode == "labelled"


def test_a_script_as_identifier_is_escaped(client, analysed):
    page = client.get("/deid").text
    page = client.post("/deid/add", data={"token": _token(page), "surface": SCRIPT, "type": "org",
                                          "replacement": "<b>x</b>", "next": "/deid"}).text
    (item,) = analysed.deid_review()
    assert item.surface == SCRIPT and item.count == 1
    assert "<script>window" not in page and "<b>x</b>" not in page
    escaped = "&lt;script&gt;window.__pwned = 1&lt;/script&gt;"
    row = _row(page, item.id)
    assert f'<td class="surface">{escaped} <span class="badge human">' in row
    assert f"<mark>{escaped}</mark> is what I typed" in row and 'value="&lt;b&gt;x&lt;/b&gt;"' in row


def test_accepting_in_the_browser_removes_the_identifier_from_the_report(browser, analysed, analysed_template,  # noqa: F811
                                                                           tmp_path):
    from condense.web import serve_in_thread

    before = analysed_template.parent / "out" / "report.html"  # the fixture's run, before any mapping
    server = serve_in_thread(_app(analysed, tmp_path))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{server.url}/run")
        page.click("text=De-identification")
        page.click("#deid-detect button")
        page.wait_for_selector("#flash-notice")
        row = page.locator("#deid-list tr", has_text=CLINIC)
        assert row.locator(".badge.status").text_content() == "pending"
        row.locator("form.decide button", has_text="Accept").click()
        page.wait_for_selector("#flash-notice")
        row = page.locator("#deid-list tr", has_text=CLINIC)
        assert row.locator(".badge.status").text_content() == "accepted"
        replacement = row.locator("input[name=replacement]").input_value()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "deid.png"), full_page=True)
        page.goto(f"{server.url}/run")
        page.click("#run-form button")
        page.wait_for_function("document.getElementById('run-label').textContent.includes('finished')",
                               timeout=60_000)
        report = page.request.get(f"{server.url}/report/report.html").text()
    finally:
        context.close()
        server.stop()
    assert analysed.deid_state().mapping == {CLINIC: replacement}
    assert "Västerås" in before.read_text("utf-8")
    assert "Västerås" not in report and replacement in report
