"""Human edits win: what a re-run may replace, and how its draft is written.

A machine run replaces only machine objects nobody touched. Anything with
``source == "human"`` (made or edited by a person) stays, with everything it depends on:
the units coded to a human theme, the units a human condensate cites, the subgroups of a
theme whose condensate a person edited. The whole write is one transaction and one event
per object type created or removed."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from condense.model import Unit
from condense.pipeline import Draft, Locked
from condense.store import repository
from condense.store import tables as t
from condense.store.events import record


def locked(session: Session) -> Locked:
    units = {u.id: u for u in repository.units(session)}
    keep_units = {u for u, x in units.items() if x.source == "human"}
    condensed = set()
    for sub in repository.subgroups(session):
        if sub.source == "human" or sub.condensate.source == "human":
            condensed.add(sub.theme_id)
            keep_units |= set(sub.condensate.unit_ids) | set(sub.unit_ids)
    # A theme whose condensate a person wrote stays with it, even if the theme itself is the machine's.
    themes = [th for th in repository.themes(session) if th.source == "human" or th.id in condensed]
    claimed = {u for th in themes for u in th.unit_ids}
    human_codings = {c.unit_id for c in repository.codings(session) if c.source == "human"}
    keep_units |= claimed | human_codings | {u for th in themes for u in th.quote_unit_ids}
    keep_units |= set(session.scalars(select(t.CodedUnitRow.unit_id)))  # a coder's record of a unit stays
    categories = [c for c in repository.categories(session) if c.source == "human"]
    return Locked(units=tuple(units[u] for u in sorted(keep_units) if u in units),
                  claimed_unit_ids=frozenset(claimed), themes=tuple(themes),
                  condensed_theme_ids=frozenset(condensed), categories=tuple(categories))


def _unit_row(u: Unit, run_id: int | None) -> t.UnitRow:
    return t.UnitRow(id=u.id, document_id=u.document_id, start=u.start, end=u.end, text=u.text,
                     relevant=u.relevant, relevance=u.relevance, reason=u.reason, source=u.source, run_id=run_id)


def save_draft(session: Session, draft: Draft, lock: Locked, batch: str, settings: dict) -> dict[str, int]:
    """Replace the machine's previous draft by ``draft``; return the run id of each step."""
    run_ids = {}
    for r in draft.runs:
        row = t.RunRow(batch=batch, step=r.step, engine=r.engine, model=r.model, params=r.params,
                       started=r.started, seconds=r.seconds)
        session.add(row)
        session.flush()
        run_ids[r.step] = row.id
    record(session, "machine", "run", "analysis", batch, settings=settings,
           steps={r.step: r.engine for r in draft.runs})

    locked_themes = {th.id for th in lock.themes}
    kept_subgroup_themes = set(lock.condensed_theme_ids)
    removed = {}

    # Remove the previous machine draft, children first.
    old_subgroups = list(session.scalars(select(t.SubgroupRow).where(t.SubgroupRow.theme_id.not_in(kept_subgroup_themes))))
    old_ids = [s.id for s in old_subgroups]
    removed["condensate"] = session.execute(delete(t.CondensateRow).where(t.CondensateRow.subgroup_id.in_(old_ids))).rowcount
    removed["subgroup"] = session.execute(delete(t.SubgroupRow).where(t.SubgroupRow.id.in_(old_ids))).rowcount
    removed["coding"] = session.execute(delete(t.CodingRow).where(
        t.CodingRow.source == "machine", t.CodingRow.theme_id.not_in(locked_themes))).rowcount
    removed["unassigned"] = session.execute(delete(t.UnassignedRow)).rowcount
    removed["quote"] = session.execute(delete(t.QuoteRow).where(t.QuoteRow.source == "machine")).rowcount
    replaced_themes = select(t.ThemeRow.id).where(t.ThemeRow.source == "machine", t.ThemeRow.id.not_in(locked_themes))
    session.execute(delete(t.CodingRow).where(t.CodingRow.theme_id.in_(replaced_themes)))
    removed["theme"] = session.execute(delete(t.ThemeRow).where(
        t.ThemeRow.source == "machine", t.ThemeRow.id.not_in(locked_themes))).rowcount
    for row in session.scalars(select(t.ThemeRow)):
        if row.category_id and session.get(t.CategoryRow, row.category_id).source == "machine":
            row.category_id = None
    removed["category"] = session.execute(delete(t.CategoryRow).where(t.CategoryRow.source == "machine")).rowcount
    removed["impression"] = session.execute(delete(t.ImpressionRow).where(t.ImpressionRow.source == "machine")).rowcount
    keep_units = {u.id for u in lock.units}
    removed["unit"] = session.execute(delete(t.UnitRow).where(
        t.UnitRow.source == "machine", t.UnitRow.id.not_in(keep_units))).rowcount
    session.flush()

    # Write the new draft.
    existing = set(session.scalars(select(t.UnitRow.id)))
    for u in draft.units:
        if u.id not in existing:
            session.add(_unit_row(u, run_ids.get("units")))
    for imp in draft.impressions:
        session.add(t.ImpressionRow(document_id=imp.document_id, summary=imp.summary,
                                    preliminary_themes=list(imp.preliminary_themes), source="machine",
                                    run_id=run_ids.get("impression")))
    session.flush()
    condensed = {c.theme_id: c for c in draft.condensed}
    for pos, th in enumerate(draft.grouping.themes):
        session.add(t.ThemeRow(id=th.id, label=th.label, description=th.description,
                               position=len(lock.themes) + pos, source="machine", run_id=run_ids.get("themes")))
    session.flush()
    human_quoted = set(session.scalars(select(t.QuoteRow.theme_id).where(t.QuoteRow.source == "human")))
    for ct in draft.condensed:  # a theme whose quote a person chose keeps only that quote
        if ct.theme_id in human_quoted:
            continue
        for uid in ct.quote_unit_ids:
            session.add(t.QuoteRow(theme_id=ct.theme_id, unit_id=uid, display_text=ct.quotes[uid],
                                   source="machine", run_id=run_ids.get("condensation")))
    for c in draft.grouping.codings:
        session.add(t.CodingRow(unit_id=c.unit_id, theme_id=c.theme_id, score=c.score, coder=c.coder,
                                source="machine", run_id=run_ids.get("themes")))
    for un in draft.grouping.unassigned:
        session.add(t.UnassignedRow(unit_id=un.unit_id, reason=un.reason, run_id=run_ids.get("themes")))
    for ct in draft.condensed:
        for pos, sub in enumerate(ct.subgroups):
            session.add(t.SubgroupRow(id=sub.id, theme_id=sub.theme_id, label=sub.label, unit_ids=list(sub.unit_ids),
                                      position=pos, source="machine", run_id=run_ids.get("condensation")))
            session.flush()
            cd = sub.condensate
            session.add(t.CondensateRow(id=cd.id, subgroup_id=sub.id, text=cd.text, unit_ids=list(cd.unit_ids),
                                        language=cd.language, voice=cd.voice, source="machine",
                                        run_id=run_ids.get("condensation")))
    for pos, cat in enumerate(draft.synthesis.categories):
        session.add(t.CategoryRow(id=cat.id, label=cat.label, description=cat.description,
                                  analytic_text=cat.analytic_text, position=len(lock.categories) + pos,
                                  source="machine", run_id=run_ids.get("synthesis")))
        session.flush()
        for tid in cat.theme_ids:
            row = session.get(t.ThemeRow, tid)
            if row is not None and row.category_id is None:
                row.category_id = cat.id
    removed["generation"] = session.execute(delete(t.GenerationRow)).rowcount
    for g in draft.generations:  # kept, dropped and unverified drafts, with provenance
        session.add(t.GenerationRow(step=g.step, object_type=g.object_type, object_id=g.object_id, field=g.field,
                                    text=g.text, unit_ids=list(g.unit_ids), status=g.status, score=g.score,
                                    reasons=list(g.reasons), provenance=g.provenance, run_id=run_ids.get(g.step)))
    created = {"generation": len(draft.generations), "unit": len([u for u in draft.units if u.id not in existing]),
               "theme": len(draft.grouping.themes), "coding": len(draft.grouping.codings),
               "subgroup": sum(len(c.subgroups) for c in draft.condensed),
               "category": len(draft.synthesis.categories), "impression": len(draft.impressions)}
    for kind in sorted(set(created) | set(removed)):
        if created.get(kind) or removed.get(kind):
            record(session, "machine", "replace", kind, batch, created=created.get(kind, 0),
                   removed=removed.get(kind, 0))
    return run_ids
