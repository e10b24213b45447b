"""The workbench's edits and reads: everything the web app can do, as methods of ``Project``.

Every edit runs in one transaction, marks what it touches ``source="human"`` (so no re-run
replaces it), and records an event whose row snapshots make it undoable (``store.changes``).
``expected`` is the version (latest event id) of the object the editor loaded; an edit against
an object that has changed since raises ``Conflict`` instead of overwriting the other change."""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select

from condense.api_edit import _get, relabel, unit_span
from condense.errors import BadSettings, CondenseError, Conflict
from condense.model import Category, Impression, Memo, Quote, Subgroup, Theme, Unassigned, Unit
from condense.steps.base import stable_id
from condense.store import repository
from condense.store import tables as t
from condense.store.changes import Tracker, check_version, edit_session, undoable, version
from condense.store.changes import undo as undo_event


@dataclass
class RunState:
    """A background run as the web app polls it."""

    running: bool = False
    label: str = ""
    done: int = 0
    total: int = 0
    error: str | None = None
    files: tuple[str, ...] = ()
    summary: list[str] = field(default_factory=list)


class Workbench:
    store: object

    # -- reading ----------------------------------------------------------------------
    def units(self) -> list[Unit]:
        with self.store.reading() as s:
            return repository.units(s)

    def themes(self) -> list[Theme]:
        with self.store.reading() as s:
            return repository.themes(s)

    def subgroups(self) -> list[Subgroup]:
        with self.store.reading() as s:
            return repository.subgroups(s)

    def categories(self) -> list[Category]:
        with self.store.reading() as s:
            return repository.categories(s)

    def quotes(self) -> list[Quote]:
        with self.store.reading() as s:
            return repository.quotes(s)

    def unassigned(self) -> list[Unassigned]:
        with self.store.reading() as s:
            return repository.unassigned(s)

    def impressions(self) -> list[Impression]:
        with self.store.reading() as s:
            return repository.impressions(s)

    def memos_about(self, target_id: str) -> list[Memo]:
        return [m for m in self.memos() if m.target_id == target_id]

    def version(self, object_id: str) -> int:
        """The id of the latest event about ``object_id`` (0 if none): send it back as ``expected``."""
        with self.store.reading() as s:
            return version(s, object_id)

    def versions(self, object_ids) -> dict[str, int]:
        with self.store.reading() as s:
            return {oid: version(s, oid) for oid in object_ids}

    def has_preconception(self) -> bool:
        return any(m.kind == "preconception" for m in self.memos())

    def undo_target(self) -> dict | None:
        """The edit that ``undo`` would reverse next, as an event dict, or None."""
        with self.store.reading() as s:
            events = undoable(s, limit=500)
            if not events:
                return None
            e = events[0]
            return dict(id=e.id, at=e.at, actor=e.actor, action=e.action, object_type=e.object_type,
                        object_id=e.object_id)

    # -- units ------------------------------------------------------------------------
    def resize_unit(self, unit_id: str, start: int, end: int, actor: str = "researcher",
                    expected: int | None = None) -> None:
        """Move a unit's edges to ``[start, end)`` (code points); its id stays, so its codings and
        citations follow it."""
        with edit_session(self.store) as s:
            check_version(s, "unit", unit_id, expected)
            ch = Tracker(s)
            row = ch.watch(_get(s, t.UnitRow, unit_id, "unit"))
            doc = s.get(t.DocumentRow, row.document_id)
            start, end = unit_span(s, doc, start, end)
            before = {"start": row.start, "end": row.end}
            row.start, row.end, row.text, row.source = start, end, doc.text[start:end], "human"
            for q in s.scalars(select(t.QuoteRow).where(t.QuoteRow.unit_id == unit_id)):
                ch.watch(q).display_text = row.text
            ch.record(actor, "resize", "unit", unit_id, before=before, after={"start": start, "end": end})

    def delete_unit(self, unit_id: str, actor: str = "researcher", expected: int | None = None) -> None:
        """Remove a unit with its codings and quotes. Refused while a condensate cites only it."""
        with edit_session(self.store) as s:
            check_version(s, "unit", unit_id, expected)
            ch = Tracker(s)
            row = _get(s, t.UnitRow, unit_id, "unit")
            also = []
            for c in s.scalars(select(t.CondensateRow)):
                if unit_id in c.unit_ids:
                    if len(c.unit_ids) == 1:
                        raise BadSettings(f"unit {unit_id} is the only citation of condensate {c.id}; "
                                          "cite another unit there first")
                    ch.watch(c).unit_ids = [u for u in c.unit_ids if u != unit_id]
                    c.source = "human"
                    also.append(("condensate", c.id))
            for sub in s.scalars(select(t.SubgroupRow)):
                if unit_id in sub.unit_ids:
                    ch.watch(sub).unit_ids = [u for u in sub.unit_ids if u != unit_id]
                    sub.source = "human"
                    ch.watch(s.get(t.ThemeRow, sub.theme_id)).source = "human"
            for table in (t.CodingRow, t.QuoteRow, t.UnassignedRow):
                for r in s.scalars(select(table).where(table.unit_id == unit_id)):
                    if table is not t.UnassignedRow:
                        also.append(("theme", r.theme_id))
                    ch.delete(r)
            s.flush()
            ch.delete(row)
            ch.record(actor, "delete", "unit", unit_id, also=also, document_id=row.document_id,
                      start=row.start, end=row.end, text=row.text)

    def set_relevance(self, unit_id: str, relevant: bool, actor: str = "researcher",
                      expected: int | None = None) -> None:
        with edit_session(self.store) as s:
            check_version(s, "unit", unit_id, expected)
            ch = Tracker(s)
            row = ch.watch(_get(s, t.UnitRow, unit_id, "unit"))
            before = row.relevant
            row.relevant, row.source = bool(relevant), "human"
            ch.record(actor, "update", "unit", unit_id, before={"relevant": before}, after={"relevant": row.relevant})

    def uncode_unit(self, unit_id: str, theme_id: str, actor: str = "researcher") -> None:
        """Take a unit out of a theme (every coder's coding of it there)."""
        with edit_session(self.store) as s:
            ch = Tracker(s)
            self._uncode(s, ch, unit_id, theme_id)
            ch.record(actor, "delete", "coding", unit_id, also=[("theme", theme_id)], theme_id=theme_id)

    def move_unit(self, unit_id: str, from_theme: str, to_theme: str, actor: str = "researcher",
                  expected: int | None = None) -> None:
        """Recode a unit from one theme to another (both become human-made)."""
        if from_theme == to_theme:
            raise BadSettings("the unit is already in that theme")
        with edit_session(self.store) as s:
            check_version(s, "unit", unit_id, expected)
            ch = Tracker(s)
            self._uncode(s, ch, unit_id, from_theme)
            ch.watch(_get(s, t.ThemeRow, to_theme, "theme")).source = "human"
            ch.add(t.CodingRow(unit_id=unit_id, theme_id=to_theme, coder=actor, source="human"))
            ch.record(actor, "move", "unit", unit_id, also=[("theme", from_theme), ("theme", to_theme)],
                      before={"theme_id": from_theme}, after={"theme_id": to_theme})

    @staticmethod
    def _uncode(s, ch: Tracker, unit_id: str, theme_id: str) -> None:
        _get(s, t.UnitRow, unit_id, "unit")
        ch.watch(_get(s, t.ThemeRow, theme_id, "theme")).source = "human"
        rows = list(s.scalars(select(t.CodingRow).where(t.CodingRow.unit_id == unit_id,
                                                        t.CodingRow.theme_id == theme_id)))
        if not rows:
            raise BadSettings(f"unit {unit_id} is not in theme {theme_id}")
        for r in rows:
            ch.delete(r)
        for q in s.scalars(select(t.QuoteRow).where(t.QuoteRow.unit_id == unit_id, t.QuoteRow.theme_id == theme_id)):
            ch.delete(q)
        for sub in s.scalars(select(t.SubgroupRow).where(t.SubgroupRow.theme_id == theme_id)):
            if unit_id in sub.unit_ids:
                ch.watch(sub).unit_ids = [u for u in sub.unit_ids if u != unit_id]
                sub.source = "human"

    # -- themes and categories --------------------------------------------------------
    def merge_themes(self, keep_id: str, other_id: str, actor: str = "researcher",
                     expected: dict[str, int] | None = None) -> None:
        """Fold theme ``other_id`` into ``keep_id``: its units, subgroups and quotes move over and
        it is removed. ``expected`` maps each theme id to the version the editor saw."""
        if keep_id == other_id:
            raise BadSettings("choose two different themes to merge")
        with edit_session(self.store) as s:
            for tid, ver in (expected or {}).items():
                check_version(s, "theme", tid, ver)
            ch = Tracker(s)
            keep = ch.watch(_get(s, t.ThemeRow, keep_id, "theme"))
            other = _get(s, t.ThemeRow, other_id, "theme")
            keep.source = "human"
            have = {(c.unit_id, c.coder) for c in s.scalars(select(t.CodingRow).where(t.CodingRow.theme_id == keep_id))}
            for c in list(s.scalars(select(t.CodingRow).where(t.CodingRow.theme_id == other_id))):
                if (c.unit_id, c.coder) in have:
                    ch.delete(c)
                else:
                    ch.watch(c).theme_id = keep_id
                    c.source = "human"
            quoted = set(s.scalars(select(t.QuoteRow.unit_id).where(t.QuoteRow.theme_id == keep_id)))
            for q in list(s.scalars(select(t.QuoteRow).where(t.QuoteRow.theme_id == other_id))):
                if q.unit_id in quoted:
                    ch.delete(q)
                else:
                    ch.watch(q).theme_id = keep_id
            position = len(list(s.scalars(select(t.SubgroupRow.id).where(t.SubgroupRow.theme_id == keep_id))))
            for sub in list(s.scalars(select(t.SubgroupRow).where(t.SubgroupRow.theme_id == other_id))):
                ch.watch(sub)
                sub.theme_id, sub.position, sub.source = keep_id, position, "human"
                position += 1
            s.flush()
            before = {"label": keep.label, "merged": {"id": other.id, "label": other.label}}
            ch.delete(other)
            ch.record(actor, "merge", "theme", keep_id, also=[("theme", other_id)], before=before,
                      after={"label": keep.label})

    def split_theme(self, theme_id: str, unit_ids: list[str], label: str, actor: str = "researcher",
                    expected: int | None = None) -> str:
        """Move ``unit_ids`` out of a theme into a new human theme ``label`` (same category).
        Subgroups whose units all move go with them. Returns the new theme's id."""
        if not label.strip():
            raise BadSettings("the new theme needs a label")
        moving = list(dict.fromkeys(unit_ids))
        with edit_session(self.store) as s:
            check_version(s, "theme", theme_id, expected)
            ch = Tracker(s)
            old = ch.watch(_get(s, t.ThemeRow, theme_id, "theme"))
            codings = list(s.scalars(select(t.CodingRow).where(t.CodingRow.theme_id == theme_id)))
            members = {c.unit_id for c in codings}
            if not moving or not set(moving) <= members:
                raise BadSettings(f"choose one or more units of theme {theme_id} to split off")
            if set(moving) == members:
                raise BadSettings("a split must leave at least one unit in the original theme; rename it instead")
            new_id = stable_id("t", "split", *sorted(moving))
            if s.get(t.ThemeRow, new_id) is not None:
                raise BadSettings(f"those units already form theme {new_id}")
            old.source = "human"
            ch.add(t.ThemeRow(id=new_id, label=label.strip(), description="", category_id=old.category_id,
                              position=old.position, source="human"))
            for c in codings:
                if c.unit_id in moving:
                    ch.watch(c).theme_id = new_id
                    c.source = "human"
            for q in list(s.scalars(select(t.QuoteRow).where(t.QuoteRow.theme_id == theme_id))):
                if q.unit_id in moving:
                    ch.watch(q).theme_id = new_id
            for sub in list(s.scalars(select(t.SubgroupRow).where(t.SubgroupRow.theme_id == theme_id))):
                if sub.unit_ids and set(sub.unit_ids) <= set(moving):
                    ch.watch(sub).theme_id = new_id
                    sub.source = "human"
            ch.record(actor, "split", "theme", theme_id, also=[("theme", new_id)], new_theme=new_id,
                      label=label.strip(), unit_ids=moving)
            return new_id

    def move_theme(self, theme_id: str, category_id: str | None, actor: str = "researcher",
                   expected: int | None = None) -> None:
        """Place a theme under a main category (None: no category). Both become human-made, so
        the placement survives a re-run."""
        with edit_session(self.store) as s:
            check_version(s, "theme", theme_id, expected)
            ch = Tracker(s)
            row = ch.watch(_get(s, t.ThemeRow, theme_id, "theme"))
            also = []
            if category_id:
                ch.watch(_get(s, t.CategoryRow, category_id, "category")).source = "human"
                also.append(("category", category_id))
            if row.category_id:
                also.append(("category", row.category_id))
            before = row.category_id
            row.category_id, row.source = category_id or None, "human"
            ch.record(actor, "move", "theme", theme_id, also=also, before={"category_id": before},
                      after={"category_id": row.category_id})

    def add_category(self, label: str, description: str = "", actor: str = "researcher") -> str:
        """A new, empty main category made by the researcher; returns its id."""
        if not label.strip():
            raise BadSettings("a category needs a label")
        with edit_session(self.store) as s:
            cid = stable_id("cat", "human", label.strip())
            if s.get(t.CategoryRow, cid) is not None:
                raise BadSettings(f"there is already a category called {label.strip()!r}")
            ch = Tracker(s)
            position = len(list(s.scalars(select(t.CategoryRow.id))))
            ch.add(t.CategoryRow(id=cid, label=label.strip(), description=description.strip(), analytic_text="",
                                 position=position, source="human"))
            ch.record(actor, "create", "category", cid, label=label.strip())
            return cid

    def rename_category(self, category_id: str, label: str | None = None, description: str | None = None,
                        actor: str = "researcher", expected: int | None = None) -> None:
        relabel(self.store, t.CategoryRow, "category", category_id, label, description, actor, expected)

    def set_quote(self, theme_id: str, unit_id: str, display_text: str | None = None,
                  actor: str = "researcher", expected: int | None = None) -> None:
        """Make ``unit_id`` the theme's illustrative quote (replacing any other)."""
        with edit_session(self.store) as s:
            check_version(s, "theme", theme_id, expected)
            ch = Tracker(s)
            theme = ch.watch(_get(s, t.ThemeRow, theme_id, "theme"))
            unit = _get(s, t.UnitRow, unit_id, "unit")
            coded = s.scalars(select(t.CodingRow).where(t.CodingRow.theme_id == theme_id,
                                                        t.CodingRow.unit_id == unit_id)).first()
            if coded is None:
                raise BadSettings(f"unit {unit_id} is not in theme {theme_id}; a quote must come from the theme")
            for q in list(s.scalars(select(t.QuoteRow).where(t.QuoteRow.theme_id == theme_id))):
                ch.delete(q)
            s.flush()
            theme.source = "human"
            ch.add(t.QuoteRow(theme_id=theme_id, unit_id=unit_id, display_text=(display_text or unit.text).strip(),
                              source="human"))
            ch.record(actor, "quote", "theme", theme_id, also=[("unit", unit_id)], unit_id=unit_id)

    # -- condensates ------------------------------------------------------------------
    def accept_condensate(self, condensate_id: str, actor: str = "researcher", expected: int | None = None) -> None:
        """Take a machine draft as it stands: it becomes human-made and a re-run keeps it."""
        with edit_session(self.store) as s:
            check_version(s, "condensate", condensate_id, expected)
            ch = Tracker(s)
            row = ch.watch(_get(s, t.CondensateRow, condensate_id, "condensate"))
            row.source = "human"
            sub = ch.watch(s.get(t.SubgroupRow, row.subgroup_id))
            sub.source = "human"
            ch.watch(s.get(t.ThemeRow, sub.theme_id)).source = "human"
            ch.record(actor, "accept", "condensate", condensate_id, text=row.text)

    def reject_condensate(self, condensate_id: str, actor: str = "researcher", expected: int | None = None) -> None:
        """Discard a machine draft with its subgroup; the units stay in the theme."""
        with edit_session(self.store) as s:
            check_version(s, "condensate", condensate_id, expected)
            ch = Tracker(s)
            row = _get(s, t.CondensateRow, condensate_id, "condensate")
            sub = s.get(t.SubgroupRow, row.subgroup_id)
            text = row.text
            ch.delete(row)
            s.flush()
            ch.delete(sub)
            ch.record(actor, "reject", "condensate", condensate_id, also=[("theme", sub.theme_id)], text=text)

    # -- undo -------------------------------------------------------------------------
    def undo(self, actor: str = "researcher", expected: int | None = None) -> dict:
        """Reverse the latest edit not yet undone (recorded as an 'undo' event). ``expected`` is
        the id of the edit the user meant to undo: if another edit came since, ``Conflict``."""
        with edit_session(self.store) as s:
            events = undoable(s)
            if not events:
                raise BadSettings("there is nothing to undo")
            target = events[0]
            if expected is not None and target.id != int(expected):
                raise Conflict("another change was made since you loaded this page; "
                               "reload to see which change an undo would reverse")
            undo_event(s, target, actor)
            return dict(id=target.id, action=target.action, object_type=target.object_type,
                        object_id=target.object_id)

    # -- running in the background ----------------------------------------------------
    def start_run(self, out_dir: str | Path, settings=None, embedder=None) -> RunState:
        """Start ``run`` in a background thread; poll ``run_state()``. Refused while one runs."""
        state = getattr(self, "_run_state", None)
        if state is not None and state.running:
            raise BadSettings("a run is already in progress; wait for it to finish")
        self._run_state = RunState(running=True, label="starting")

        def progress(label: str, done: int, total: int) -> None:
            self._run_state = replace(self._run_state, label=label, done=done, total=total)

        def work() -> None:
            try:
                result = self.run(out_dir, settings, embedder=embedder, progress=progress)
                self._run_state = replace(self._run_state, running=False, label="finished",
                                          files=tuple(str(f) for f in result.files),
                                          summary=result.summary_lines())
            except CondenseError as exc:
                self._run_state = replace(self._run_state, running=False, label="failed", error=exc.message)
            except Exception as exc:  # a bug: show it rather than leave the page polling forever
                traceback.print_exc()
                self._run_state = replace(self._run_state, running=False, label="failed",
                                          error=f"internal error: {exc!r}")

        threading.Thread(target=work, name="condense-run", daemon=True).start()
        return self._run_state

    def run_state(self) -> RunState:
        return getattr(self, "_run_state", None) or RunState()

