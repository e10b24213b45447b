"""The workbench in a real browser: Playwright driving Debian's headless Chromium against the app
served in-process on a free port. Screenshots of the main views go to test-artifacts/workbench/.

Chromium comes from `make install` (scripts/system-packages.sh chromium); these tests try that
script once more if it is missing and skip, saying why, only if it still cannot be had."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from condense.api import RunSettings
from condense.engines import HashingEmbedder

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "workbench"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _chromium() -> str | None:
    found = shutil.which("chromium") or (Path("/usr/bin/chromium").is_file() and "/usr/bin/chromium") or None
    if found:
        return found
    subprocess.run(["bash", str(ROOT / "scripts" / "system-packages.sh"), "chromium"], check=False, timeout=600)
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    executable = _chromium()
    if executable is None:
        pytest.skip("Debian's chromium is not installed and scripts/system-packages.sh could not install it "
                    "(needs apt-get and root or password-less sudo)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def app_url(analysed, tmp_path):
    from condense.web import serve_in_thread
    from condense.web.app import create_app

    settings = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)
    server = serve_in_thread(create_app(analysed, tmp_path / "report", settings, embedder=HashingEmbedder(256)))
    yield server.url
    server.stop()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    p = context.new_page()
    p.set_default_timeout(10_000)
    p.base = app_url
    yield p
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


SELECT_JS = """([needle]) => {
  for (const el of document.querySelectorAll('.turn-text')) {
    const at = el.textContent.indexOf(needle);
    if (at < 0) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let seen = 0, node, range = document.createRange(), started = false;
    while ((node = walker.nextNode())) {
      const len = node.nodeValue.length;
      if (!started && at < seen + len) { range.setStart(node, at - seen); started = true; }
      if (started && at + needle.length <= seen + len) { range.setEnd(node, at + needle.length - seen); break; }
      seen += len;
    }
    const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    return true;
  }
  return false;
}"""


def _select(page, needle: str) -> None:
    assert page.evaluate(SELECT_JS, [needle]), f"{needle!r} is not in the transcript"
    page.wait_for_function("document.querySelector('#create-unit button').disabled === false")


def test_create_a_unit_by_selecting_text_with_a_ring_and_an_emoji(page, analysed):
    doc = next(d for d in analysed.documents() if d.name == "sv.txt")
    theme = analysed.themes()[0]
    page.goto(f"{page.base}/transcripts/{doc.id}")
    needle = "på vårdcentralen i Västerås 😀"
    _select(page, needle)
    assert page.text_content("#create-unit .selection-preview") == needle
    page.select_option("#create-unit select[name=theme_id]", theme.id)
    page.click("#create-unit button")
    page.wait_for_selector("#flash-notice")
    made = [u for u in analysed.units() if u.source == "human"]
    start = doc.text.index(needle)
    assert [(u.start, u.end) for u in made] == [(start, start + len(needle))]  # code points, not UTF-16
    assert made[0].text == needle and made[0].id in next(t for t in analysed.themes() if t.id == theme.id).unit_ids
    page.click(f".unit[data-units^='{made[0].id}']")  # the innermost unit of a piece comes first
    page.wait_for_selector("#unit-panel")
    _shot(page, "transcript")
    # Drag the unit's end edge back to just after "Västerås": the unit loses " 😀".
    end_box = page.locator(".handle-end").bounding_box()
    target = page.evaluate("""() => {
      const span = document.querySelector('.unit.selected'); const t = span.firstChild;
      const i = t.nodeValue.indexOf('Västerås') + 'Västerås'.length;
      const r = document.createRange(); r.setStart(t, i - 1); r.setEnd(t, i);
      const b = r.getBoundingClientRect(); return {x: b.right - 1, y: b.top + b.height / 2};
    }""")
    page.mouse.move(end_box["x"] + 2, end_box["y"] + end_box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"], target["y"], steps=4)
    page.mouse.up()
    page.wait_for_selector("#flash-notice")
    resized = next(u for u in analysed.units() if u.id == made[0].id)
    assert resized.text == "på vårdcentralen i Västerås" and resized.start == start


def test_rename_move_merge_and_undo(page, analysed):
    a, b = analysed.themes()[:2]
    page.goto(f"{page.base}/themes")
    _shot(page, "themes-board")
    card = page.locator(f"#card-{a.id}")
    card.locator("input[name=label]").fill("Learning video by doing")
    card.locator("form.rename button").click()
    page.wait_for_selector("#flash-notice")
    assert next(t for t in analysed.themes() if t.id == a.id).label == "Learning video by doing"
    # Move a unit from a to b on a's page.
    uid = a.unit_ids[0]
    page.goto(f"{page.base}/themes/{a.id}")
    _shot(page, "theme")
    form = page.locator("form.move").filter(has_text=uid)
    form.locator("select").select_option(b.id)
    form.locator("button").click()
    page.wait_for_selector("#flash-notice")
    assert uid in next(t for t in analysed.themes() if t.id == b.id).unit_ids
    assert uid not in next(t for t in analysed.themes() if t.id == a.id).unit_ids
    # Merge b into a on the board.
    page.goto(f"{page.base}/themes")
    card = page.locator(f"#card-{a.id}")
    card.locator("form.merge select").select_option(b.id)
    card.locator("form.merge button").click()
    page.wait_for_selector("#flash-notice")
    merged = next(t for t in analysed.themes() if t.id == a.id)
    assert b.id not in {t.id for t in analysed.themes()} and set(a.unit_ids) | set(b.unit_ids) == set(merged.unit_ids)
    # Undo the merge, then the move: both themes are as after the rename.
    page.click("#undo")
    page.wait_for_selector("#flash-notice")
    assert uid in next(t for t in analysed.themes() if t.id == b.id).unit_ids
    page.click("#undo")
    page.wait_for_selector("#flash-notice")
    after = {t.id: t for t in analysed.themes()}
    assert set(after[a.id].unit_ids) == set(a.unit_ids) and set(after[b.id].unit_ids) == set(b.unit_ids)
    assert after[a.id].label == "Learning video by doing"
    page.goto(f"{page.base}/history")
    assert page.locator("table.events td", has_text="undo").count() >= 2
    _shot(page, "history")


def test_edit_a_condensate_and_its_citations(page, analysed):
    sub = next(s for s in analysed.subgroups()
               if len(next(t for t in analysed.themes() if t.id == s.theme_id).unit_ids) > len(s.condensate.unit_ids))
    theme = next(t for t in analysed.themes() if t.id == sub.theme_id)
    extra = next(u for u in theme.unit_ids if u not in sub.condensate.unit_ids)
    page.goto(f"{page.base}/condensates")
    box = page.locator(f"#cond-{sub.condensate.id}")
    box.locator("textarea").fill("We had to teach ourselves to use video.")
    box.locator(f"input[value='{extra}']").check()
    box.locator("form.cond-edit button").click()
    page.wait_for_selector("#flash-notice")
    edited = next(s for s in analysed.subgroups() if s.id == sub.id).condensate
    assert edited.text == "We had to teach ourselves to use video."
    assert set(edited.unit_ids) == set(sub.condensate.unit_ids) | {extra} and edited.source == "human"
    box = page.locator(f"#cond-{sub.condensate.id}")
    box.locator(f"input[value='{extra}']").uncheck()
    box.locator("form.cond-edit button").click()
    page.wait_for_selector("#flash-notice")
    assert extra not in next(s for s in analysed.subgroups() if s.id == sub.id).condensate.unit_ids
    _shot(page, "condensates")


def test_a_script_in_a_transcript_renders_as_text(page, analysed):
    doc = next(d for d in analysed.documents() if d.name == "xss.txt")
    page.goto(f"{page.base}/transcripts/{doc.id}")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.text_content("#transcript")
    assert page.locator("#transcript script").count() == 0


def test_two_tabs_never_overwrite_each_other(page, analysed):
    theme = analysed.themes()[0]
    other = page.context.new_page()
    page.goto(f"{page.base}/themes")
    other.goto(f"{page.base}/themes")  # both tabs show the same version of the theme
    page.locator(f"#card-{theme.id} input[name=label]").fill("Named in tab one")
    page.locator(f"#card-{theme.id} form.rename button").click()
    page.wait_for_selector("#flash-notice")
    other.locator(f"#card-{theme.id} input[name=label]").fill("Named in tab two")
    other.locator(f"#card-{theme.id} form.rename button").click()
    other.wait_for_selector("#flash-error")
    assert "Conflict" in other.text_content("#flash-error")
    assert other.locator(f"#card-{theme.id} input[name=label]").input_value() == "Named in tab one"
    assert next(t for t in analysed.themes() if t.id == theme.id).label == "Named in tab one"
    _shot(other, "conflict")


def test_run_from_the_browser_with_progress(page, analysed):
    page.goto(f"{page.base}/run")
    page.click("#run-form button")
    page.wait_for_function("document.getElementById('run-label').textContent.includes('finished')", timeout=60_000)
    _shot(page, "run")
    page.goto(f"{page.base}/report")
    with page.context.expect_page() as report:
        page.click("a[href='/report/report.html']")
    assert report.value.title() != ""
    _shot(report.value, "report")
