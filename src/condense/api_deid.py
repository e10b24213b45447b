"""``Project`` methods for de-identification: detect identifiers, review them into the
project's mapping, choose the quote mode. Every change is one event in the log. The mapping
stays in the project: outputs only ever show replacements."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import delete, func, select

from condense.deid.base import TYPES, normalise_type
from condense.deid.mapping import assign
from condense.deid.state import QUOTE_MODES, DeidState, load_state, settings_of
from condense.errors import BadSettings, Conflict
from condense.store import repository
from condense.store import tables as t
from condense.store.events import now, record

__all__ = ["Deidentifying", "ReviewItem"]


@dataclass(frozen=True)
class ReviewItem:
    """One surface form with its occurrences, as the review lists it."""

    id: int
    surface: str
    type: str
    status: str
    replacement: str | None
    source: str
    count: int
    documents: tuple[str, ...]
    detectors: tuple[str, ...]
    example: tuple[str, int, int] | None = None  # (document id, start, end) of the first occurrence


class Deidentifying:
    store: object

    # -- detection ----------------------------------------------------------------------
    def detect_identifiers(self, entity_pass=None, detectors_by_language=None, actor: str = "researcher") -> int:
        """(Re-)detect identifiers in every transcript. Machine findings are replaced; entries
        the researcher decided on, added or renamed are kept. Returns the number of findings."""
        from condense.deid.detect import detect, detectors_for

        with self.store.reading() as s:
            docs = repository.documents(s)
        cache: dict[str, list] = {}
        found = []
        for doc in docs:
            if detectors_by_language is not None:
                dets = detectors_by_language(doc.language)
            else:
                dets = cache.setdefault(doc.language, detectors_for(doc.language, entity_pass))
            found.extend((doc, f) for f in detect(doc.text, doc.language, dets))
        with self.store.transaction() as s:
            s.execute(delete(t.DeidFindingRow).where(t.DeidFindingRow.detector != "human"))
            entries = {e.surface: e for e in s.scalars(select(t.DeidEntryRow))}
            votes: dict[str, Counter] = {}
            for _, f in found:
                votes.setdefault(f.text, Counter())[f.type] += 1
            # Machine entries nobody has decided on are made afresh from this detection (gone when
            # no longer found, typed and labelled anew); decided and human entries stay as they are.
            for surface, e in list(entries.items()):
                if e.source == "machine" and e.status == "pending":
                    s.delete(e)
                    del entries[surface]
            s.flush()
            # One type per surface form: the type most of its occurrences were given.
            new = [(surface, c.most_common(1)[0][0]) for surface, c in votes.items() if surface not in entries]
            existing = {e.surface: (e.type, e.replacement) for e in entries.values()}
            for surface, repl in assign(new, existing).items():
                type_ = dict(new)[surface]
                row = t.DeidEntryRow(surface=surface, type=type_, status="pending", replacement=repl,
                                     source="machine", created=now())
                s.add(row)
                entries[surface] = row
            s.flush()
            for doc, f in found:
                s.add(t.DeidFindingRow(document_id=doc.id, start=f.start, end=f.end, text=f.text, type=f.type,
                                       detector=f.detector, score=f.score, entry_id=entries[f.text].id))
            self._deid_settings(s, detected=sorted(d.sha256 for d in docs))
            record(s, actor, "detect", "deid", None, findings=len(found), new_entries=len(set(new)),
                   model_pass=entity_pass is not None)
        return len(found)

    def detection_is_current(self) -> bool:
        with self.store.reading() as s:
            done = settings_of(s.get(t.ProjectRow, 1)).get("detected")
            return done == sorted(d.sha256 for d in s.scalars(select(t.DocumentRow)))

    # -- review -------------------------------------------------------------------------
    def deid_review(self, status: str | None = None) -> list[ReviewItem]:
        with self.store.reading() as s:
            occurrences: dict[int, list] = {}
            for f in s.scalars(select(t.DeidFindingRow).order_by(t.DeidFindingRow.document_id, t.DeidFindingRow.start)):
                occurrences.setdefault(f.entry_id, []).append(f)
            items = []
            for e in s.scalars(select(t.DeidEntryRow).order_by(t.DeidEntryRow.id)):
                if status and e.status != status:
                    continue
                occ = occurrences.get(e.id, [])
                items.append(ReviewItem(e.id, e.surface, e.type, e.status, e.replacement, e.source, len(occ),
                                        tuple(dict.fromkeys(f.document_id for f in occ)),
                                        tuple(sorted({f.detector for f in occ})),
                                        (occ[0].document_id, occ[0].start, occ[0].end) if occ else None))
            return items

    def deid_versions(self) -> dict[int, int]:
        """Each review entry's version, to send back as ``expected``: the latest event about it or
        the latest detection, whichever is newer (a detection remakes undecided entries, ids too)."""
        with self.store.reading() as s:
            detected = _detection_version(s)
            about = dict(s.execute(select(t.EventRow.object_id, func.max(t.EventRow.id))
                                   .where(t.EventRow.object_type == "deid_entry").group_by(t.EventRow.object_id)).all())
            return {e: max(detected, about.get(str(e), 0)) for e in s.scalars(select(t.DeidEntryRow.id))}

    def deid_version(self) -> int:
        """The review list's version for ``accept_all_identifiers``: the latest detection."""
        with self.store.reading() as s:
            return _detection_version(s)

    def decide_identifiers(self, keys: Iterable[str | int], decision: str, actor: str = "researcher",
                           expected: int | None = None) -> list[int]:
        """Accept or reject entries named by id or by surface form. With ``expected`` (a version
        from ``deid_versions``) an entry changed or re-detected since raises ``Conflict``."""
        if decision not in ("accepted", "rejected", "pending"):
            raise BadSettings(f"unknown decision {decision!r}")
        with self.store.transaction() as s:
            rows = [self._entry(s, k) for k in keys]
            for row in rows:
                _check_entry(s, row, expected)
                old, row.status = row.status, decision
                record(s, actor, decision.removesuffix("ed") if decision != "pending" else "reopen", "deid_entry",
                       str(row.id), type=row.type, replacement=row.replacement, previous=old)
            return [r.id for r in rows]

    def accept_all_identifiers(self, actor: str = "researcher", expected: int | None = None) -> int:
        """Accept every pending entry; with ``expected`` (``deid_version``) refuse when a detection
        since then may have added entries the researcher has not seen."""
        with self.store.transaction() as s:
            if expected is not None and _detection_version(s) != int(expected):
                raise Conflict("identifiers were detected again since you loaded the list; "
                               "reload to see the current findings, then accept them again")
            rows = list(s.scalars(select(t.DeidEntryRow).where(t.DeidEntryRow.status == "pending")))
            for row in rows:
                row.status = "accepted"
            record(s, actor, "accept-all", "deid", None, entries=[r.id for r in rows])
            return len(rows)

    def add_identifier(self, surface: str, type_: str, replacement: str | None = None,
                       actor: str = "researcher") -> ReviewItem:
        """A researcher's own identifier: accepted at once, every occurrence in the transcripts
        recorded as a finding."""
        surface = surface.strip()
        kind = normalise_type(type_)
        if not surface:
            raise BadSettings("--add needs the text of the identifier, e.g. --add \"Anna Berg=person\"")
        if kind is None:
            raise BadSettings(f"unknown identifier type {type_!r}; use one of {', '.join(TYPES)}")
        with self.store.transaction() as s:
            row = s.scalars(select(t.DeidEntryRow).where(t.DeidEntryRow.surface == surface)).first()
            existing = {e.surface: (e.type, e.replacement) for e in s.scalars(select(t.DeidEntryRow))}
            if row is None:
                repl = replacement or assign([(surface, kind)], existing)[surface]
                row = t.DeidEntryRow(surface=surface, type=kind, status="accepted", replacement=repl,
                                     source="human", created=now())
                s.add(row)
                s.flush()
                action = "add"
            else:
                if replacement:
                    row.replacement = replacement
                elif row.type != kind:  # a new type takes a label from that type's series
                    others = {k: v for k, v in existing.items() if k != surface}
                    row.replacement = assign([(surface, kind)], others)[surface]
                row.type, row.status, row.source = kind, "accepted", "human"
                action = "update"
            pattern = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")
            s.execute(delete(t.DeidFindingRow).where(t.DeidFindingRow.entry_id == row.id,
                                                     t.DeidFindingRow.detector == "human"))
            for doc in s.scalars(select(t.DocumentRow)):
                for m in pattern.finditer(doc.text):
                    s.add(t.DeidFindingRow(document_id=doc.id, start=m.start(), end=m.end(), text=surface,
                                           type=kind, detector="human", score=1.0, entry_id=row.id))
            record(s, actor, action, "deid_entry", str(row.id), type=kind, replacement=row.replacement)
            entry_id = row.id
        return next(i for i in self.deid_review() if i.id == entry_id)

    def set_replacement(self, key: str | int, replacement: str, actor: str = "researcher",
                        expected: int | None = None) -> None:
        if not replacement.strip():
            raise BadSettings("a replacement cannot be empty")
        with self.store.transaction() as s:
            row = self._entry(s, key)
            _check_entry(s, row, expected)
            old, row.replacement, row.source = row.replacement, replacement.strip(), "human"
            record(s, actor, "update", "deid_entry", str(row.id), replacement=row.replacement, previous=old)

    # -- quote mode -----------------------------------------------------------------------
    def set_quote_mode(self, mode: str | None = None, label_attributes: Sequence[str] | None = None,
                       small_population: bool | None = None, actor: str = "researcher") -> DeidState:
        if mode is not None and mode not in QUOTE_MODES:
            raise BadSettings(f"unknown quote mode {mode!r}; use untraceable or labelled")
        changes = {}
        if mode is not None:
            changes["quotes"] = mode
        if label_attributes is not None:
            changes["label_attributes"] = [a.strip() for a in label_attributes if a.strip()]
        if small_population is not None:
            changes["small_population"] = bool(small_population)
        if changes:
            with self.store.transaction() as s:
                self._deid_settings(s, **changes)
                record(s, actor, "update", "deid_settings", "1", **changes)
        return self.deid_state()

    def deid_state(self) -> DeidState:
        with self.store.reading() as s:
            return load_state(s)

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _deid_settings(session, **changes) -> None:
        row = session.get(t.ProjectRow, 1)
        settings = dict(row.settings or {})
        settings["deid"] = {**settings_of(row), **changes}
        row.settings = settings

    @staticmethod
    def _entry(session, key: str | int):
        key = str(key).strip()
        row = session.get(t.DeidEntryRow, int(key)) if key.isdigit() else None
        if row is None:
            row = session.scalars(select(t.DeidEntryRow).where(t.DeidEntryRow.surface == key)).first()
        if row is None:
            raise BadSettings(f"no identifier {key!r} in this project's review list; see 'condense deid PROJECT'")
        return row


def _detection_version(session) -> int:
    return session.scalar(select(func.max(t.EventRow.id)).where(t.EventRow.object_type == "deid",
                                                                t.EventRow.action == "detect")) or 0


def _check_entry(session, row, expected: int | None) -> None:
    """Refuse a decision on an entry that changed (or was re-detected) since the editor saw it."""
    if expected is None:
        return
    current = max(_detection_version(session),
                  session.scalar(select(func.max(t.EventRow.id)).where(t.EventRow.object_type == "deid_entry",
                                                                       t.EventRow.object_id == str(row.id))) or 0)
    if current != int(expected):
        raise Conflict(f"identifier {row.id} ({row.surface!r}) was changed or detected again since you loaded "
                       "the list; reload to see the current state, then make your change again")
