"""Rows <-> the plain data model. Reading only; writes live in the API and in merge.py."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from condense.model import (Category, Coding, Condensate, Document, Generation, Impression, Memo, Participant,
                            Quote, RunRecord, Study, Subgroup, Theme, Turn, Unassigned, Unit)
from condense.store import tables as t


def study(session: Session) -> Study:
    row = session.get(t.ProjectRow, 1)
    return Study(name=row.name, question=row.question, focus_areas=tuple(row.focus_areas or ()),
                 researcher_language=row.researcher_language)


def participants(session: Session) -> list[Participant]:
    rows = session.scalars(select(t.ParticipantRow).order_by(t.ParticipantRow.id))
    return [Participant(r.id, r.pseudonym, dict(r.attributes or {})) for r in rows]


def documents(session: Session) -> list[Document]:
    turns: dict[str, list[Turn]] = {}
    for r in session.scalars(select(t.TurnRow).order_by(t.TurnRow.document_id, t.TurnRow.position)):
        turns.setdefault(r.document_id, []).append(
            Turn(r.start, r.end, r.speaker, r.role, r.time_start_ms, r.time_end_ms))
    rows = session.scalars(select(t.DocumentRow).order_by(t.DocumentRow.position))
    return [Document(id=r.id, name=r.name, text=r.text, language=r.language,
                     turns=tuple(turns.get(r.id, ())), sha256=r.sha256,
                     participant_id=r.participant_id, format=r.format) for r in rows]


def units(session: Session) -> list[Unit]:
    rows = session.scalars(select(t.UnitRow).order_by(t.UnitRow.document_id, t.UnitRow.start, t.UnitRow.end))
    return [Unit(r.id, r.document_id, r.start, r.end, r.text, r.relevant, r.relevance, r.reason, r.source)
            for r in rows]


def codings(session: Session, coder: str | None = None) -> list[Coding]:
    q = select(t.CodingRow).order_by(t.CodingRow.id)
    if coder is not None:
        q = q.where(t.CodingRow.coder == coder)
    return [Coding(r.unit_id, r.theme_id, r.score, r.coder, r.source) for r in session.scalars(q)]


def coded_by(session: Session, coder: str) -> dict[str, frozenset]:
    """unit id -> theme ids for every unit ``coder`` has coded (an empty set: coded, no theme).
    The coder ``machine`` has coded every unit its run placed, in a theme or unassigned."""
    out: dict[str, set] = {}
    if coder == "machine":
        for uid in session.scalars(select(t.UnassignedRow.unit_id)):
            out.setdefault(uid, set())
    for uid in session.scalars(select(t.CodedUnitRow.unit_id).where(t.CodedUnitRow.coder == coder)):
        out.setdefault(uid, set())
    for uid, tid in session.execute(select(t.CodingRow.unit_id, t.CodingRow.theme_id)
                                    .where(t.CodingRow.coder == coder)).all():
        out.setdefault(uid, set()).add(tid)
    return {u: frozenset(x) for u, x in out.items()}


def coders(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(t.CodingRow.coder))) | set(session.scalars(select(t.CodedUnitRow.coder))))


def themes(session: Session) -> list[Theme]:
    members: dict[str, list[str]] = {}
    for c in session.scalars(select(t.CodingRow).order_by(t.CodingRow.id)):
        if c.unit_id not in members.setdefault(c.theme_id, []):
            members[c.theme_id].append(c.unit_id)
    quotes: dict[str, list[str]] = {}
    for q in session.scalars(select(t.QuoteRow).order_by(t.QuoteRow.id)):
        quotes.setdefault(q.theme_id, []).append(q.unit_id)
    rows = session.scalars(select(t.ThemeRow).order_by(t.ThemeRow.position, t.ThemeRow.id))
    return [Theme(r.id, r.label, r.description, tuple(members.get(r.id, ())), tuple(quotes.get(r.id, ())),
                  r.category_id, r.source) for r in rows]


def quotes(session: Session) -> list[Quote]:
    units = {u.id: u for u in session.scalars(select(t.UnitRow))}
    return [Quote(q.unit_id, q.theme_id, units[q.unit_id].text, q.display_text)
            for q in session.scalars(select(t.QuoteRow).order_by(t.QuoteRow.id))]


def subgroups(session: Session) -> list[Subgroup]:
    cond = {c.subgroup_id: c for c in session.scalars(select(t.CondensateRow))}
    out = []
    for r in session.scalars(select(t.SubgroupRow).order_by(t.SubgroupRow.theme_id, t.SubgroupRow.position)):
        c = cond.get(r.id)
        condensate = Condensate(c.id, c.text, tuple(c.unit_ids), c.language, c.voice, c.source) if c else \
            Condensate(f"{r.id}-c", "", tuple(r.unit_ids[:1]), "und", "first-person", "machine")
        out.append(Subgroup(r.id, r.theme_id, r.label, tuple(r.unit_ids), condensate, r.source))
    return out


def categories(session: Session) -> list[Category]:
    members: dict[str, list[str]] = {}
    for th in session.scalars(select(t.ThemeRow).order_by(t.ThemeRow.position, t.ThemeRow.id)):
        if th.category_id:
            members.setdefault(th.category_id, []).append(th.id)
    rows = session.scalars(select(t.CategoryRow).order_by(t.CategoryRow.position, t.CategoryRow.id))
    return [Category(r.id, r.label, tuple(members.get(r.id, ())), r.description, r.analytic_text, r.source)
            for r in rows]


def impressions(session: Session) -> list[Impression]:
    rows = session.scalars(select(t.ImpressionRow).order_by(t.ImpressionRow.id))
    return [Impression(r.document_id, r.summary, tuple(r.preliminary_themes or ()), r.source) for r in rows]


def memos(session: Session) -> list[Memo]:
    rows = session.scalars(select(t.MemoRow).order_by(t.MemoRow.id))
    return [Memo(r.kind, r.text, r.author, r.created, r.target_id, r.id) for r in rows]


def unassigned(session: Session) -> list[Unassigned]:
    rows = session.scalars(select(t.UnassignedRow).order_by(t.UnassignedRow.unit_id))
    return [Unassigned(r.unit_id, r.reason) for r in rows]


def runs(session: Session, batch: str | None = None) -> list[RunRecord]:
    q = select(t.RunRow).order_by(t.RunRow.id)
    if batch is not None:
        q = q.where(t.RunRow.batch == batch)
    return [RunRecord(r.step, r.engine, r.model, dict(r.params or {}), r.started, r.seconds, r.id)
            for r in session.scalars(q)]


def latest_batch(session: Session) -> str | None:
    row = session.scalars(select(t.RunRow).order_by(t.RunRow.id.desc()).limit(1)).first()
    return row.batch if row else None


def generations(session: Session) -> list[Generation]:
    rows = session.scalars(select(t.GenerationRow).order_by(t.GenerationRow.id))
    return [Generation(r.step, r.object_type, r.object_id, r.field, r.text, tuple(r.unit_ids), r.status, r.score,
                       tuple(r.reasons), dict(r.provenance)) for r in rows]
