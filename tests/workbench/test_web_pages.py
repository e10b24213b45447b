"""The web layer without a browser (Starlette's TestClient): every page renders, transcript
text is escaped, forms need the app's token, offsets are converted from UTF-16, a stale form
gets a conflict message, and the web package holds no SQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from condense.api import RunSettings
from condense.engines import HashingEmbedder
from condense.spans import cp_to_utf16

WEB = Path(__file__).resolve().parents[2] / "src" / "condense" / "web"


@pytest.fixture
def client(analysed, tmp_path):
    from fastapi.testclient import TestClient

    from condense.web.app import create_app

    app = create_app(analysed, tmp_path / "report", RunSettings(embedder="hashing", relevance_threshold=-1.0,
                                                                k_min=2, k_max=4), embedder=HashingEmbedder(256),
                     allowed_hosts=("testserver", "127.0.0.1"))
    with TestClient(app) as c:
        yield c


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_every_page_renders(client, analysed):
    theme = analysed.themes()[0]
    doc = analysed.documents()[0]
    for url in ("/", "/transcripts", f"/transcripts/{doc.id}", f"/transcripts/{doc.id}?unit={theme.unit_ids[0]}",
                f"/transcripts/{doc.id}?theme={theme.id}&relevance=relevant", "/themes", f"/themes/{theme.id}",
                "/condensates", "/memos", "/history", f"/history?object={theme.id}", "/run", "/report",
                "/static/workbench.js", "/run/state"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/transcripts/nope").status_code == 404
    assert client.get("/report/secret.txt").status_code == 404


def test_script_in_a_transcript_is_escaped(client, analysed):
    doc = next(d for d in analysed.documents() if d.name == "xss.txt")
    html = client.get(f"/transcripts/{doc.id}").text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_turn_markup_reproduces_the_document_text(client, analysed):
    """The text inside each turn element is exactly the turn's span, so browser offsets line up."""
    import html as html_lib

    doc = next(d for d in analysed.documents() if d.name == "sv.txt")
    page = client.get(f"/transcripts/{doc.id}").text
    found = re.findall(r'<div class="turn-text" data-start16="(\d+)">(.*?)</div>', page, flags=re.S)
    assert len(found) == len(doc.turns)
    for (start16, inner), turn in zip(found, doc.turns):
        assert int(start16) == cp_to_utf16(doc.text, turn.start)
        assert html_lib.unescape(re.sub(r"<[^>]+>", "", inner)) == doc.text[turn.start:turn.end]


def test_forms_need_the_token_and_convert_utf16_offsets(client, analysed):
    doc = next(d for d in analysed.documents() if d.name == "sv.txt")
    page = client.get(f"/transcripts/{doc.id}").text
    start = doc.text.index("Västerås")
    end = doc.text.index("😀") + 1
    form = {"document_id": doc.id, "start16": cp_to_utf16(doc.text, start), "end16": cp_to_utf16(doc.text, end),
            "next": f"/transcripts/{doc.id}"}
    assert client.post("/units", data=form).status_code == 403
    response = client.post("/units", data={**form, "token": _token(page)}, follow_redirects=False)
    assert response.status_code == 303 and "created+unit" in response.headers["location"]
    made = [u for u in analysed.units() if u.source == "human"]
    assert [(u.start, u.end, u.text) for u in made] == [(start, end, "Västerås 😀")]


def test_a_stale_form_shows_a_conflict(client, analysed):
    theme = analysed.themes()[0]
    token = _token(client.get("/themes").text)
    version = analysed.version(theme.id)
    first = client.post(f"/themes/{theme.id}", data={"token": token, "label": "Tab one", "description": "",
                                                     "version": version, "next": "/themes"})
    assert "Tab one" in first.text and "saved" in first.text
    second = client.post(f"/themes/{theme.id}", data={"token": token, "label": "Tab two", "description": "",
                                                      "version": version, "next": "/themes"})
    assert "Conflict:" in second.text and "changed elsewhere" in second.text
    assert next(th for th in analysed.themes() if th.id == theme.id).label == "Tab one"


def test_bracketing_gate_and_run_from_the_browser(client, analysed, tmp_path):
    import time

    token = _token(client.get("/run").text)
    client.post("/run", data={"token": token})
    for _ in range(600):  # bounded wait for the background run
        state = client.get("/run/state").json()
        if not state["running"]:
            break
        time.sleep(0.05)
    assert state["error"] is None and state["label"] == "finished"
    assert "report.html" in client.get("/report").text
    assert client.get("/report/report.html").text.startswith("<!")


def test_host_header_must_be_local(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_the_web_layer_holds_no_sql():
    code = "\n".join(p.read_text("utf-8") for p in WEB.rglob("*.py"))
    assert not re.search(r"\b(sqlalchemy|select\(|session|store\.|tables)\b", code)


def test_themes_wait_for_a_preconception_memo(project, tmp_path):
    from fastapi.testclient import TestClient

    from condense.web.app import create_app

    with TestClient(create_app(project, tmp_path / "r", allowed_hosts=("testserver",))) as c:
        page = c.get("/themes").text
        assert "Your preconceptions first" in page and 'id="preconception-form"' in page
        c.post("/memos", data={"token": _token(page), "kind": "preconception", "text": "I expect doubts."})
        assert "Themes and main categories" in c.get("/themes").text
    assert [m.kind for m in project.memos()] == ["preconception"]


def test_serve_binds_localhost_and_prints_the_address(analysed):
    import subprocess
    import sys
    import urllib.request

    analysed.close()
    proc = subprocess.Popen([sys.executable, "-m", "condense", "serve", str(analysed.path), "--port", "0",
                             "--embedder", "hashing"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        for _ in range(100):  # bounded: the server needs a moment after printing
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200 and "Video" in response.read().decode("utf-8")
                break
            except OSError:
                import time

                time.sleep(0.1)
        else:
            pytest.fail(f"nothing answered at {url}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
