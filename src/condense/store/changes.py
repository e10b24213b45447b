"""Reversible edits: every row an edit touches is snapshotted before and after, and the
snapshots go into the edit's event. Undo writes the "before" rows back (itself one more event;
the log stays append-only) and refuses if any of those rows changed since, so an undo never
overwrites somebody else's later work.

Versions for optimistic concurrency are event ids: an object's version is the id of the
latest event about it (0 if none). An editor sends the version it saw; ``check_version``
refuses the edit if the object has moved on."""

from __future__ import annotations

import contextlib
import copy
import threading
from typing import Iterable

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from condense.errors import Conflict
from condense.store import tables as t
from condense.store.events import record

_TABLES = {table.name: table for table in t.Base.metadata.sorted_tables}
_MAPPED = {m.class_.__tablename__: m.class_ for m in t.Base.registry.mappers}
_ORDER = {name: i for i, name in enumerate(_TABLES)}  # parents before children

Key = tuple[str, tuple]

# One editor at a time inside a process (the web server's threads): a version check and the
# write it guards must not interleave with another edit's.
WRITE_LOCK = threading.RLock()


@contextlib.contextmanager
def edit_session(store):
    """A write transaction for one edit, serialised with every other edit in this process."""
    with WRITE_LOCK, store.transaction() as session:
        yield session


def _key_of(row) -> Key:
    return row.__tablename__, tuple(inspect(row).identity or inspect(row).mapper.primary_key_from_instance(row))


def values(row) -> dict:
    # deep copies: JSON columns hold lists that an edit may replace while the snapshot lives
    return {a.key: copy.deepcopy(getattr(row, a.key)) for a in inspect(row).mapper.column_attrs}


def version(session: Session, object_id: str) -> int:
    return session.scalar(select(func.max(t.EventRow.id)).where(t.EventRow.object_id == str(object_id))) or 0


def check_version(session: Session, what: str, object_id: str, expected: int | None) -> None:
    """Refuse the edit when ``object_id`` has events newer than the version the editor saw."""
    if expected is None:
        return
    current = version(session, object_id)
    if current != int(expected):
        raise Conflict(f"{what} {object_id} was changed elsewhere since you loaded it (another tab or a run); "
                       "reload to see the current state, then make your change again")


class Tracker:
    """Collects the rows an edit touches: call ``watch`` before changing a row, ``add`` for a
    new one, ``delete`` to remove one; ``record`` then writes the event with both snapshots."""

    def __init__(self, session: Session):
        self.session = session
        self._before: dict[Key, dict | None] = {}
        self._rows: dict[Key, object] = {}

    def watch(self, row):
        key = _key_of(row)
        if key not in self._before:
            self._before[key] = values(row)
            self._rows[key] = row
        return row

    def watch_all(self, rows: Iterable) -> list:
        return [self.watch(r) for r in rows]

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        key = _key_of(row)
        self._before.setdefault(key, None)
        self._rows[key] = row
        return row

    def delete(self, row) -> None:
        self.watch(row)
        self.session.delete(row)

    def snapshots(self) -> list[dict]:
        self.session.flush()
        out = []
        for key in sorted(self._before, key=lambda k: (_ORDER[k[0]], repr(k[1]))):
            row = self._rows[key]
            state = inspect(row)
            after = None if (state.deleted or state.detached or state.transient) else values(row)
            if after != self._before[key]:
                out.append({"table": key[0], "key": list(key[1]), "before": self._before[key], "after": after})
        return out

    def record(self, actor: str, action: str, object_type: str, object_id: str, *,
               also: Iterable[tuple[str, str]] = (), **data) -> int:
        """Write the edit's event (with the row snapshots) on ``object_id`` and a short event on
        each other object it changed (``also``), so every affected object's version moves."""
        rows = self.snapshots()
        others = [(ty, str(oid)) for ty, oid in dict.fromkeys(also) if str(oid) != str(object_id)]
        record(self.session, actor, action, object_type, object_id, rows=rows,
               objects=[[ty, oid] for ty, oid in others], **data)
        self.session.flush()
        event_id = version(self.session, object_id)
        for ty, oid in others:
            record(self.session, actor, action, ty, oid, part_of=event_id)
        return event_id


def undoable(session: Session, limit: int = 500) -> list[t.EventRow]:
    """Edits that can still be undone, newest first: events with row snapshots that no later
    undo has reversed."""
    events = list(session.scalars(select(t.EventRow).order_by(t.EventRow.id.desc()).limit(limit)))
    undone = {e.data.get("undoes") for e in events if e.action == "undo"}
    return [e for e in events if e.action != "undo" and e.data.get("rows") and e.id not in undone]


def _restore(session: Session, table: str, key: list, vals: dict | None) -> None:
    cls = _MAPPED[table]
    row = session.get(cls, tuple(key) if len(key) > 1 else key[0])
    if vals is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(cls(**vals))
    else:
        for k, v in vals.items():
            setattr(row, k, v)


def undo(session: Session, event: t.EventRow, actor: str) -> int:
    """Put back the rows ``event`` changed, if nothing changed them since; record the undo."""
    rows = event.data["rows"]
    for snap in rows:
        cls = _MAPPED[snap["table"]]
        key = snap["key"]
        row = session.get(cls, tuple(key) if len(key) > 1 else key[0])
        now_vals = None if row is None else values(row)
        if now_vals != snap["after"]:
            raise Conflict(f"cannot undo '{event.action} {event.object_type} {event.object_id}': "
                           f"{snap['table']} {key[0]} was changed again since; undo the later change first")
    # Deletions children-first, then inserts and updates parents-first (foreign keys hold throughout).
    for snap in sorted(rows, key=lambda s: -_ORDER[s["table"]]):
        if snap["before"] is None:
            _restore(session, snap["table"], snap["key"], None)
    session.flush()
    for snap in sorted(rows, key=lambda s: _ORDER[s["table"]]):
        if snap["before"] is not None:
            _restore(session, snap["table"], snap["key"], snap["before"])
            session.flush()
    reverse = [{"table": s["table"], "key": s["key"], "before": s["after"], "after": s["before"]} for s in rows]
    record(session, actor, "undo", event.object_type, event.object_id, undoes=event.id,
           what=f"{event.action} {event.object_type}", rows=reverse)
    for ty, oid in event.data.get("objects", []):
        record(session, actor, "undo", ty, oid, undoes=event.id)
    session.flush()
    return version(session, event.object_id)
