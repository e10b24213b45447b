"""Two coders on the same meaning units: blind coding, agreement, and resolving disagreements.

A coder is a person's name, or ``machine`` for the draft's own codings (every relevant unit the
run handled: a unit it left unassigned counts as coded with no theme). A person's coding of a
unit is the set of themes they gave it; ``coded_unit`` records that they coded it at all, so a
unit read and left without a theme is "no theme", and a unit not yet read is missing.

Blind coding shows a coder the units and the theme list, never another coder's codings. A
resolved disagreement becomes a decision memo on the unit, and the agreed themes are saved
as the coder ``consensus``; both are events in the log."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from sqlalchemy import delete, select

from condense.agreement import AgreementReport, agreement
from condense.errors import BadFile, BadSettings
from condense.store import repository
from condense.store import tables as t
from condense.store.events import now, record

MACHINE = "machine"
CONSENSUS = "consensus"
NO_THEME = "-"          # in a coding sheet: read, and given no theme
SHEET_COLUMNS = ("unit_id", "document", "start", "end", "text", "themes")


@dataclass(frozen=True)
class DisagreementItem:
    unit_id: str
    document_id: str
    start: int
    text: str
    a: tuple[str, ...]        # theme labels
    b: tuple[str, ...]
    distance: float
    resolved: bool


class Agreeing:
    store: object

    # -- reading codings -----------------------------------------------------------------
    def coders(self) -> list[str]:
        with self.store.reading() as s:
            return repository.coders(s)

    def codings_of(self, coder: str) -> dict[str, frozenset]:
        """unit id -> theme ids, for every unit ``coder`` has coded."""
        with self.store.reading() as s:
            return repository.coded_by(s, coder)

    # -- blind coding ----------------------------------------------------------------------
    def coding_sheet(self, coder: str) -> list[dict]:
        """Every relevant unit with ``coder``'s own themes (labels) and nothing of anyone else's."""
        with self.store.reading() as s:
            mine = repository.coded_by(s, coder)
            labels = dict(s.execute(select(t.ThemeRow.id, t.ThemeRow.label)).all())
            units = s.scalars(select(t.UnitRow).where(t.UnitRow.relevant.is_(True))
                              .order_by(t.UnitRow.document_id, t.UnitRow.start)).all()
            return [{"unit_id": u.id, "document": u.document_id, "start": u.start, "end": u.end, "text": u.text,
                     "themes": (sorted(labels[x] for x in mine[u.id]) if u.id in mine else None)} for u in units]

    def export_sheet(self, coder: str, path: str | Path) -> int:
        """Write ``coder``'s coding sheet as CSV (themes as labels joined by ';'). Returns rows."""
        rows = self.coding_sheet(coder)
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(SHEET_COLUMNS)
        for r in rows:
            themes = "" if r["themes"] is None else ("; ".join(r["themes"]) or NO_THEME)
            w.writerow([r["unit_id"], r["document"], r["start"], r["end"], r["text"], themes])
        Path(path).write_text(buf.getvalue(), encoding="utf-8")
        return len(rows)

    def import_sheet(self, coder: str, path: str | Path) -> int:
        """Read a coding sheet: per row the unit id and its themes (labels or ids, ';'-separated;
        '-' for none; empty: not coded). All rows or none. Returns the units coded."""
        path = Path(path)
        if not path.is_file():
            raise BadFile(f"coding sheet {path} does not exist")
        from condense.ingest.readers import decode

        reader = csv.DictReader(io.StringIO(decode(path.name, path.read_bytes())))
        if not reader.fieldnames or not {"unit_id", "themes"} <= {f.strip() for f in reader.fieldnames}:
            raise BadFile(f"coding sheet {path.name} needs the columns unit_id and themes")
        wanted: dict[str, tuple[int, list[str]]] = {}  # unit id -> (row number, theme names)
        for n, row in enumerate(reader, start=2):
            cell = (row.get("themes") or "").strip()
            uid = (row.get("unit_id") or "").strip()
            if not cell or not uid:
                continue
            wanted[uid] = (n, [] if cell == NO_THEME else [x.strip() for x in cell.split(";") if x.strip()])
        with self.store.transaction() as s:
            themes = _theme_lookup(s)
            for uid, (n, names) in wanted.items():
                where = f"row {n}"
                if s.get(t.UnitRow, uid) is None:
                    raise BadFile(f"coding sheet {path.name}, {where}: no unit {uid!r} in this project")
                ids = []
                for name in names:
                    if name.casefold() not in themes:
                        raise BadFile(f"coding sheet {path.name}, {where}: no theme {name!r} in this project")
                    ids.append(themes[name.casefold()])
                _set_codings(s, uid, ids, coder)
        return len(wanted)

    def code_blind(self, unit_id: str, theme_ids: Sequence[str], coder: str) -> None:
        """Set ``coder``'s themes for one unit (an empty list: coded, no theme)."""
        if coder in (MACHINE, CONSENSUS):
            raise BadSettings(f"{coder!r} is reserved; code under your own name")
        with self.store.transaction() as s:
            if s.get(t.UnitRow, unit_id) is None:
                raise BadSettings(f"no unit {unit_id!r} in this project")
            themes = _theme_lookup(s)
            ids = [themes.get(x.casefold(), x) for x in theme_ids]
            for x in ids:
                if s.get(t.ThemeRow, x) is None:
                    raise BadSettings(f"no theme {x!r} in this project")
            _set_codings(s, unit_id, ids, coder)

    # -- agreement ---------------------------------------------------------------------------
    def agreement(self, a: str, b: str, themes: Sequence[str] | None = None) -> AgreementReport:
        with self.store.reading() as s:
            known = set(repository.coders(s))
            for c in (a, b):
                if c != MACHINE and c not in known:
                    raise BadSettings(f"no codings by {c!r} in this project; coders: {', '.join(sorted(known)) or 'none'}")
            ids = None
            if themes:
                lookup = _theme_lookup(s)
                ids = []
                for x in themes:
                    if x.casefold() not in lookup:
                        raise BadSettings(f"no theme {x!r} in this project")
                    ids.append(lookup[x.casefold()])
            return agreement({a: repository.coded_by(s, a), b: repository.coded_by(s, b)}, a, b, ids)

    def theme_labels(self) -> dict[str, str]:
        with self.store.reading() as s:
            return dict(s.execute(select(t.ThemeRow.id, t.ThemeRow.label)).all())

    def disagreements(self, a: str, b: str, themes: Sequence[str] | None = None) -> list[DisagreementItem]:
        """Units the two code differently, for discussion: unresolved first, then the widest
        disagreements (no theme in common) first, then in transcript order."""
        report = self.agreement(a, b, themes)
        with self.store.reading() as s:
            labels = dict(s.execute(select(t.ThemeRow.id, t.ThemeRow.label)).all())
            resolved = set(s.scalars(select(t.MemoRow.target_id).where(t.MemoRow.kind == "decision")))
            items = []
            for d in report.disagreements:
                u = s.get(t.UnitRow, d.unit_id)
                items.append(DisagreementItem(d.unit_id, u.document_id, u.start, u.text,
                                              tuple(sorted(labels[x] for x in d.a)),
                                              tuple(sorted(labels[x] for x in d.b)),
                                              round(d.distance, 4), d.unit_id in resolved))
        return sorted(items, key=lambda i: (i.resolved, -i.distance, i.document_id, i.start))

    def resolve(self, unit_id: str, theme_ids: Sequence[str], note: str = "", coders: Sequence[str] = (),
                actor: str = "researcher") -> int:
        """Record the consensus for a unit: the agreed themes (coder ``consensus``) and a decision
        memo on the unit saying what each coder had and what was agreed. Returns the memo id."""
        with self.store.transaction() as s:
            if s.get(t.UnitRow, unit_id) is None:
                raise BadSettings(f"no unit {unit_id!r} in this project")
            lookup = _theme_lookup(s)
            ids = []
            for x in theme_ids:
                if x.casefold() not in lookup:
                    raise BadSettings(f"no theme {x!r} in this project")
                ids.append(lookup[x.casefold()])
            labels = dict(s.execute(select(t.ThemeRow.id, t.ThemeRow.label)).all())
            had = "; ".join(f"{c}: {', '.join(sorted(labels[x] for x in repository.coded_by(s, c).get(unit_id, ()))) or 'no theme'}"
                            for c in coders)
            agreed = ", ".join(sorted(labels[x] for x in ids)) or "no theme"
            text = f"Consensus on unit {unit_id}: {agreed}." + (f" Before: {had}." if had else "") + \
                (f" {note.strip()}" if note.strip() else "")
            _set_codings(s, unit_id, ids, CONSENSUS, actor=actor)
            memo = t.MemoRow(kind="decision", text=text, author=actor, created=now(), target_id=unit_id)
            s.add(memo)
            s.flush()
            record(s, actor, "create", "memo", str(memo.id), kind="decision", text=text, target_id=unit_id,
                   themes=sorted(ids))
            return memo.id


def _theme_lookup(session) -> dict[str, str]:
    """Theme id or label (case-insensitive) -> theme id."""
    out = {}
    for tid, label in session.execute(select(t.ThemeRow.id, t.ThemeRow.label)).all():
        out.setdefault(label.casefold(), tid)
        out[tid.casefold()] = tid
    return out


def _set_codings(session, unit_id: str, theme_ids: Sequence[str], coder: str, actor: str | None = None) -> None:
    """Replace ``coder``'s themes on one unit; the themes become human (a re-run keeps them)."""
    before = sorted(session.scalars(select(t.CodingRow.theme_id).where(
        t.CodingRow.unit_id == unit_id, t.CodingRow.coder == coder)))
    after = sorted(set(theme_ids))
    session.execute(delete(t.CodingRow).where(t.CodingRow.unit_id == unit_id, t.CodingRow.coder == coder))
    for tid in after:
        session.add(t.CodingRow(unit_id=unit_id, theme_id=tid, coder=coder, source="human"))
        session.get(t.ThemeRow, tid).source = "human"
    if session.scalars(select(t.CodedUnitRow).where(t.CodedUnitRow.unit_id == unit_id,
                                                    t.CodedUnitRow.coder == coder)).first() is None:
        session.add(t.CodedUnitRow(unit_id=unit_id, coder=coder, at=now()))
    if before != after or not before:
        record(session, actor or coder, "code", "coding", unit_id, coder=coder, before=before, after=after)
