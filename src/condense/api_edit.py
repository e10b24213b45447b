"""The researcher's edits. Each one marks what it touches as ``source="human"`` (so no re-run
will replace it) and writes an event with the old and new values, plus snapshots of every row
it changed (``store.changes``), so it can be undone. ``expected`` is the version (latest event
id) of the object the editor saw: if the object changed since, the edit raises ``Conflict``."""

from __future__ import annotations

from sqlalchemy import select

from condense.errors import BadSettings
from condense.spans import check_span, strip_span
from condense.steps.base import unit_id
from condense.store import tables as t
from condense.store.changes import Tracker, check_version, edit_session


def _get(session, table, key, what):
    row = session.get(table, key)
    if row is None:
        raise BadSettings(f"no {what} {key!r} in this project")
    return row


def relabel(store, table, kind: str, object_id: str, label: str | None, description: str | None,
            actor: str, expected: int | None) -> None:
    """Rename and/or describe a theme or category: a human edit, one event, version-checked."""
    with edit_session(store) as s:
        check_version(s, kind, object_id, expected)
        ch = Tracker(s)
        row = ch.watch(_get(s, table, object_id, kind))
        before = {"label": row.label, "description": row.description}
        if label is not None:
            if not label.strip():
                raise BadSettings(f"a {kind} label cannot be empty")
            row.label = label.strip()
        if description is not None:
            row.description = description.strip()
        row.source = "human"
        ch.record(actor, "update", kind, object_id, before=before,
                  after={"label": row.label, "description": row.description})


def unit_span(session, doc, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` checked, stripped of white space, and inside one informant turn."""
    check_span(doc.text, start, end)
    start, end = strip_span(doc.text, start, end)
    check_span(doc.text, start, end)
    turns = session.scalars(select(t.TurnRow).where(t.TurnRow.document_id == doc.id,
                                                    t.TurnRow.start <= start, t.TurnRow.end >= end)).all()
    if not any(turn.role != "interviewer" for turn in turns):
        raise BadSettings(f"a meaning unit must lie inside one informant turn of {doc.name}; "
                          "select text within a single answer")
    return start, end


class Editing:
    store: object

    def rename_theme(self, theme_id: str, label: str | None = None, description: str | None = None,
                     actor: str = "researcher", expected: int | None = None) -> None:
        relabel(self.store, t.ThemeRow, "theme", theme_id, label, description, actor, expected)

    def edit_condensate(self, condensate_id: str, text: str | None = None, unit_ids: list[str] | None = None,
                        actor: str = "researcher", expected: int | None = None) -> None:
        with edit_session(self.store) as s:
            check_version(s, "condensate", condensate_id, expected)
            ch = Tracker(s)
            row = ch.watch(_get(s, t.CondensateRow, condensate_id, "condensate"))
            before = {"text": row.text, "unit_ids": list(row.unit_ids)}
            if text is not None:
                if not text.strip():
                    raise BadSettings("a condensate cannot be empty")
                row.text = text.strip()
            if unit_ids is not None:
                if not unit_ids:
                    raise BadSettings("a condensate must cite at least one meaning unit")
                for uid in unit_ids:
                    _get(s, t.UnitRow, uid, "unit")
                row.unit_ids = list(dict.fromkeys(unit_ids))
            row.source = "human"
            sub = ch.watch(s.get(t.SubgroupRow, row.subgroup_id))
            sub.source = "human"
            # the theme is kept with its edited condensate (a re-run may not remove what it hangs on)
            ch.watch(s.get(t.ThemeRow, sub.theme_id)).source = "human"
            missing = [u for u in row.unit_ids if u not in sub.unit_ids]
            if missing:  # a newly cited unit joins the subgroup the condensate speaks for
                sub.unit_ids = list(sub.unit_ids) + missing
            ch.record(actor, "update", "condensate", condensate_id, before=before,
                      after={"text": row.text, "unit_ids": list(row.unit_ids)})

    def add_unit(self, document_id: str, start: int, end: int, actor: str = "researcher",
                 theme_id: str | None = None) -> str:
        """A meaning unit the researcher marked, ``[start, end)`` in code points (stripped of
        surrounding white space); optionally coded to ``theme_id`` in the same edit."""
        with edit_session(self.store) as s:
            doc = _get(s, t.DocumentRow, document_id, "document")
            start, end = unit_span(s, doc, start, end)
            uid = unit_id(document_id, start, end)
            if s.get(t.UnitRow, uid) is not None:
                raise BadSettings(f"that span is already the unit {uid}")
            ch = Tracker(s)
            ch.add(t.UnitRow(id=uid, document_id=document_id, start=start, end=end, text=doc.text[start:end],
                             relevant=True, relevance=None, reason="chosen by the researcher", source="human"))
            also = []
            if theme_id:
                ch.watch(_get(s, t.ThemeRow, theme_id, "theme")).source = "human"
                ch.add(t.CodingRow(unit_id=uid, theme_id=theme_id, coder=actor, source="human"))
                also.append(("theme", theme_id))
            ch.record(actor, "create", "unit", uid, also=also, document_id=document_id, start=start, end=end,
                      theme_id=theme_id)
            return uid

    def code_unit(self, unit_id_: str, theme_id: str, coder: str = "researcher") -> None:
        with edit_session(self.store) as s:
            _get(s, t.UnitRow, unit_id_, "unit")
            ch = Tracker(s)
            ch.watch(_get(s, t.ThemeRow, theme_id, "theme")).source = "human"
            exists = s.scalars(select(t.CodingRow).where(t.CodingRow.unit_id == unit_id_,
                                                         t.CodingRow.theme_id == theme_id,
                                                         t.CodingRow.coder == coder)).first()
            if exists is None:
                ch.add(t.CodingRow(unit_id=unit_id_, theme_id=theme_id, coder=coder, source="human"))
            for row in s.scalars(select(t.UnassignedRow).where(t.UnassignedRow.unit_id == unit_id_)):
                ch.delete(row)
            ch.record(coder, "create", "coding", unit_id_, also=[("theme", theme_id)], theme_id=theme_id)
