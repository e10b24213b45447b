"""Every workbench action through the Python API: what it changes, the event it writes, that a
re-run keeps it, that it can be undone, and that a stale version is refused."""

from __future__ import annotations

import pytest

from condense.api import RunSettings
from condense.engines import HashingEmbedder
from condense.errors import BadSettings, Conflict, SpanError

FAST = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)


def _theme_of(project, unit_id):
    return [th.id for th in project.themes() if unit_id in th.unit_ids]


def _doc(project, name):
    return next(d for d in project.documents() if d.name == name)


def _state(p):
    """Everything an edit may change, to compare before and after an undo."""
    return (p.units(), p.themes(), p.subgroups(), p.categories(), p.quotes(), p.unassigned())


def _rerun(project, tmp_path):
    project.run(tmp_path / "again", FAST, embedder=HashingEmbedder(256))


def test_add_unit_with_emoji_offsets_and_theme(analysed):
    doc = _doc(analysed, "sv.txt")
    start = doc.text.index("på vårdcentralen")
    end = doc.text.index("och ingen")  # includes the emoji and a trailing space, which is stripped
    theme = analysed.themes()[0]
    uid = analysed.add_unit(doc.id, start, end, theme_id=theme.id)
    unit = next(u for u in analysed.units() if u.id == uid)
    assert (unit.start, unit.end) == (start, end - 1)
    assert doc.text[unit.start:unit.end] == unit.text == "på vårdcentralen i Västerås 😀"
    assert unit.source == "human" and uid in next(t for t in analysed.themes() if t.id == theme.id).unit_ids
    event = analysed.events(uid, 1)[0]
    assert event["action"] == "create" and event["data"]["start"] == start
    with pytest.raises(SpanError):
        analysed.add_unit(doc.id, 5, len(doc.text) + 3)


def test_resize_and_delete_unit_then_undo(analysed):
    before = _state(analysed)
    unit = next(u for u in analysed.units() if u.relevant and _theme_of(analysed, u.id))
    text = _doc_text(analysed, unit.document_id)
    analysed.resize_unit(unit.id, unit.start, unit.end - 5, expected=analysed.version(unit.id))
    resized = next(u for u in analysed.units() if u.id == unit.id)
    assert resized.end < unit.end and resized.text == text[resized.start:resized.end] and resized.source == "human"
    analysed.undo()
    assert _state(analysed) == before
    cited_alone = {c.condensate.unit_ids[0] for c in analysed.subgroups() if len(c.condensate.unit_ids) == 1}
    free = next(u for u in analysed.units() if u.id not in cited_alone)
    analysed.delete_unit(free.id)
    assert free.id not in {u.id for u in analysed.units()}
    assert all(free.id not in th.unit_ids for th in analysed.themes())
    analysed.undo()
    assert _state(analysed) == before
    if cited_alone:
        with pytest.raises(BadSettings, match="only citation"):
            analysed.delete_unit(next(iter(cited_alone)))


def _doc_text(project, doc_id):
    return next(d.text for d in project.documents() if d.id == doc_id)


def test_move_unit_between_themes_survives_a_rerun(analysed, tmp_path):
    a, b = analysed.themes()[:2]
    uid = a.unit_ids[0]
    analysed.move_unit(uid, a.id, b.id, expected=analysed.version(uid))
    assert _theme_of(analysed, uid) == [b.id]
    assert {th.source for th in analysed.themes() if th.id in (a.id, b.id)} == {"human"}
    _rerun(analysed, tmp_path)
    assert _theme_of(analysed, uid) == [b.id], "a re-run keeps the researcher's move"
    with pytest.raises(BadSettings):
        analysed.move_unit(uid, a.id, b.id)  # no longer in a


def test_rename_merge_and_undo(analysed, tmp_path):
    a, b = analysed.themes()[:2]
    analysed.rename_theme(a.id, "Learning by doing", "How they started", expected=analysed.version(a.id))
    stale = analysed.version(b.id)
    analysed.merge_themes(a.id, b.id, expected={a.id: analysed.version(a.id), b.id: stale})
    merged = next(th for th in analysed.themes() if th.id == a.id)
    assert b.id not in {th.id for th in analysed.themes()}
    assert set(merged.unit_ids) == set(a.unit_ids) | set(b.unit_ids) and merged.label == "Learning by doing"
    assert {s.theme_id for s in analysed.subgroups()} <= {th.id for th in analysed.themes()}
    with pytest.raises(Conflict):  # b's version moved with the merge
        analysed.rename_theme(b.id, "x", expected=stale)
    _rerun(analysed, tmp_path)
    assert set(next(th for th in analysed.themes() if th.id == a.id).unit_ids) >= set(a.unit_ids) | set(b.unit_ids)
    with pytest.raises(Conflict, match="changed again"):  # the re-run replaced rows the merge touched
        analysed.undo()


def test_undo_twice_reverses_in_order(analysed):
    before = _state(analysed)
    a, b = analysed.themes()[:2]
    analysed.rename_theme(a.id, "First")
    analysed.merge_themes(a.id, b.id)
    target = analysed.undo_target()
    assert target["action"] == "merge"
    with pytest.raises(Conflict):
        analysed.undo(expected=target["id"] - 100)
    assert analysed.undo(expected=target["id"])["action"] == "merge"
    assert next(th for th in analysed.themes() if th.id == a.id).label == "First"
    analysed.undo()
    assert _state(analysed) == before
    assert [e["action"] for e in analysed.events(a.id, 4)][:2] == ["undo", "undo"]


def test_split_theme_and_move_between_categories(analysed, tmp_path):
    theme = max(analysed.themes(), key=lambda th: len(th.unit_ids))
    moving = list(theme.unit_ids[:1])
    new_id = analysed.split_theme(theme.id, moving, "Split off", expected=analysed.version(theme.id))
    new = next(th for th in analysed.themes() if th.id == new_id)
    assert new.unit_ids == tuple(moving) and new.source == "human" and new.category_id == theme.category_id
    assert not set(moving) & set(next(th for th in analysed.themes() if th.id == theme.id).unit_ids)
    with pytest.raises(BadSettings):
        analysed.split_theme(theme.id, list(next(th for th in analysed.themes() if th.id == theme.id).unit_ids), "All")
    categories = analysed.categories()
    target = analysed.add_category("Technology at a distance")
    analysed.move_theme(new_id, target, expected=analysed.version(new_id))
    assert next(c for c in analysed.categories() if c.id == target).theme_ids == (new_id,)
    analysed.rename_category(categories[0].id, "Renamed category")
    _rerun(analysed, tmp_path)
    after = {th.id: th for th in analysed.themes()}
    assert after[new_id].category_id == target
    assert any(c.label == "Renamed category" for c in analysed.categories())


def test_set_quote_and_relevance(analysed, tmp_path):
    theme = max(analysed.themes(), key=lambda th: len(th.unit_ids))
    uid = theme.unit_ids[-1]
    analysed.set_quote(theme.id, uid)
    assert [q.unit_id for q in analysed.quotes() if q.theme_id == theme.id] == [uid]
    other = next(u for u in analysed.units() if u.id not in theme.unit_ids)
    with pytest.raises(BadSettings, match="not in theme"):
        analysed.set_quote(theme.id, other.id)
    analysed.set_relevance(uid, False)
    assert not next(u for u in analysed.units() if u.id == uid).relevant
    _rerun(analysed, tmp_path)
    assert [q.unit_id for q in analysed.quotes() if q.theme_id == theme.id] == [uid]


def test_condensate_edit_citations_accept_reject(analysed, tmp_path):
    subs = analysed.subgroups()
    first, second = subs[0], subs[1]
    theme = next(th for th in analysed.themes() if th.id == first.theme_id)
    extra = next((u for u in theme.unit_ids if u not in first.condensate.unit_ids), None)
    cited = list(first.condensate.unit_ids) + ([extra] if extra else [])
    analysed.edit_condensate(first.condensate.id, "We taught ourselves.", cited,
                             expected=analysed.version(first.condensate.id))
    edited = next(s for s in analysed.subgroups() if s.id == first.id)
    assert edited.condensate.text == "We taught ourselves." and list(edited.condensate.unit_ids) == cited
    assert set(cited) <= set(edited.unit_ids) and edited.condensate.source == "human"
    with pytest.raises(BadSettings):
        analysed.edit_condensate(first.condensate.id, unit_ids=[])
    with pytest.raises(Conflict):
        analysed.edit_condensate(first.condensate.id, "Stale", expected=0)
    analysed.accept_condensate(second.condensate.id)
    assert next(s for s in analysed.subgroups() if s.id == second.id).condensate.source == "human"
    machine = [s for s in analysed.subgroups() if s.condensate.source == "machine"]
    if machine:
        analysed.reject_condensate(machine[0].condensate.id)
        assert machine[0].id not in {s.id for s in analysed.subgroups()}
        analysed.undo()
        assert machine[0].id in {s.id for s in analysed.subgroups()}
    _rerun(analysed, tmp_path)
    kept = {s.condensate.id: s.condensate for s in analysed.subgroups()}
    assert kept[first.condensate.id].text == "We taught ourselves." and second.condensate.id in kept


def test_background_run_reports_progress_and_result(analysed, tmp_path):
    import time

    state = analysed.start_run(tmp_path / "bg", FAST, embedder=HashingEmbedder(256))
    assert state.running
    with pytest.raises(BadSettings, match="already in progress"):
        analysed.start_run(tmp_path / "bg", FAST, embedder=HashingEmbedder(256))
    for _ in range(600):  # bounded wait, not a timing assertion
        if not analysed.run_state().running:
            break
        time.sleep(0.05)
    final = analysed.run_state()
    assert final.error is None and final.label == "finished"
    assert any(f.endswith("report.html") for f in final.files) and (tmp_path / "bg" / "analysis.json").is_file()


def test_nothing_to_undo_in_a_fresh_project(project):
    with pytest.raises(BadSettings, match="nothing to undo"):
        project.undo()
    assert project.undo_target() is None
