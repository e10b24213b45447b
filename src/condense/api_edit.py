"""The researcher's edits. Each one marks what it touches as ``source="human"`` (so no re-run
will replace it) and writes an event with the old and new values."""

from __future__ import annotations

from sqlalchemy import select

from condense.errors import BadSettings
from condense.spans import check_span, strip_span
from condense.steps.base import unit_id
from condense.store import tables as t
from condense.store.events import record


def _get(session, table, key, what):
    row = session.get(table, key)
    if row is None:
        raise BadSettings(f"no {what} {key!r} in this project")
    return row


class Editing:
    store: object

    def rename_theme(self, theme_id: str, label: str | None = None, description: str | None = None,
                     actor: str = "researcher") -> None:
        with self.store.transaction() as s:
            row = _get(s, t.ThemeRow, theme_id, "theme")
            before = {"label": row.label, "description": row.description}
            if label is not None:
                if not label.strip():
                    raise BadSettings("a theme label cannot be empty")
                row.label = label.strip()
            if description is not None:
                row.description = description.strip()
            row.source = "human"
            record(s, actor, "update", "theme", theme_id, before=before,
                   after={"label": row.label, "description": row.description})

    def edit_condensate(self, condensate_id: str, text: str | None = None, unit_ids: list[str] | None = None,
                        actor: str = "researcher") -> None:
        with self.store.transaction() as s:
            row = _get(s, t.CondensateRow, condensate_id, "condensate")
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
                row.unit_ids = list(unit_ids)
            row.source = "human"
            sub = s.get(t.SubgroupRow, row.subgroup_id)
            sub.source = "human"
            record(s, actor, "update", "condensate", condensate_id, before=before,
                   after={"text": row.text, "unit_ids": list(row.unit_ids)})

    def add_unit(self, document_id: str, start: int, end: int, actor: str = "researcher") -> str:
        with self.store.transaction() as s:
            doc = _get(s, t.DocumentRow, document_id, "document")
            start, end = strip_span(doc.text, start, end)
            check_span(doc.text, start, end)
            uid = unit_id(document_id, start, end)
            if s.get(t.UnitRow, uid) is not None:
                raise BadSettings(f"that span is already the unit {uid}")
            s.add(t.UnitRow(id=uid, document_id=document_id, start=start, end=end, text=doc.text[start:end],
                            relevant=True, relevance=None, reason="chosen by the researcher", source="human"))
            record(s, actor, "create", "unit", uid, document_id=document_id, start=start, end=end)
            return uid

    def code_unit(self, unit_id_: str, theme_id: str, coder: str = "researcher") -> None:
        with self.store.transaction() as s:
            _get(s, t.UnitRow, unit_id_, "unit")
            _get(s, t.ThemeRow, theme_id, "theme").source = "human"
            exists = s.scalars(select(t.CodingRow).where(t.CodingRow.unit_id == unit_id_,
                                                         t.CodingRow.theme_id == theme_id,
                                                         t.CodingRow.coder == coder)).first()
            if exists is None:
                s.add(t.CodingRow(unit_id=unit_id_, theme_id=theme_id, coder=coder, source="human"))
            s.execute(t.UnassignedRow.__table__.delete().where(t.UnassignedRow.unit_id == unit_id_))
            record(s, coder, "create", "coding", unit_id_, theme_id=theme_id)
