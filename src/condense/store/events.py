"""The append-only event log: every change to a project is one row here."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from condense.store.tables import EventRow


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(session: Session, actor: str, action: str, object_type: str,
           object_id: str | None = None, **data) -> None:
    session.add(EventRow(at=now(), actor=actor, action=action, object_type=object_type,
                         object_id=None if object_id is None else str(object_id), data=data))


def history(session: Session, object_id: str | None = None, limit: int | None = None) -> list[EventRow]:
    q = session.query(EventRow)
    if object_id is not None:
        q = q.filter(EventRow.object_id == str(object_id))
    q = q.order_by(EventRow.id.desc())
    if limit:
        q = q.limit(limit)
    return list(q)
