"""The project as ``analysis.json`` (contract: shared/contracts/analysis.schema.json, id
``condense.analysis/1``), with extra fields the reports use (table1, saturation flags,
unassigned units, passages to re-read, settings). Every span is checked against its document
before it is written."""

from __future__ import annotations

from sqlalchemy.orm import Session

from condense.deid.state import attribution, load_state
from condense.spans import check_span
from condense.steps.synthesis import table1
from condense.store import repository
from condense.store import tables as t

SCHEMA_ID = "condense.analysis/1"
THIN = 2  # a theme resting on this many participants or fewer is flagged


def build_analysis(session: Session, extra: dict | None = None) -> dict:
    project = session.get(t.ProjectRow, 1)
    study = repository.study(session)
    docs = repository.documents(session)
    doc_by_id = {d.id: d for d in docs}
    people = repository.participants(session)
    units = repository.units(session)
    unit_by_id = {u.id: u for u in units}
    participant_of = {d.id: d.participant_id or f"doc:{d.id}" for d in docs}
    for u in units:
        check_span(doc_by_id[u.document_id].text, u.start, u.end, u.text)
    for d in docs:
        for turn in d.turns:
            check_span(d.text, turn.start, turn.end)
    generated = repository.generations(session)
    kept = {(g.object_type, g.object_id, g.field): g for g in generated if g.status == "kept"}
    subgroups: dict[str, list] = {}
    for sub in repository.subgroups(session):
        subgroups.setdefault(sub.theme_id, []).append(sub)
    themes_out, quotes = [], []
    person = {p.id: p for p in people}
    deid = load_state(session)
    for th in repository.themes(session):
        pids = sorted({participant_of[unit_by_id[u].document_id] for u in th.unit_ids if u in unit_by_id})
        themes_out.append({
            "id": th.id, "label": th.label, "description": th.description, "unit_ids": list(th.unit_ids),
            "participant_count": len(pids), "participant_ids": pids, "saturation_flag": len(pids) <= THIN,
            "quote_unit_ids": list(th.quote_unit_ids), "category_id": th.category_id, "source": th.source,
            "subgroups": [{
                "id": s.id, "label": s.label, "unit_ids": list(s.unit_ids), "source": s.source,
                "condensate": {"id": s.condensate.id, "text": s.condensate.text,
                               "unit_ids": list(s.condensate.unit_ids), "language": s.condensate.language,
                               "voice": s.condensate.voice, "source": s.condensate.source,
                               **_provenance(kept.get(("condensate", s.condensate.id, "text")))},
            } for s in subgroups.get(th.id, [])],
        })
    for q in repository.quotes(session):
        quotes.append(_quote(q, unit_by_id[q.unit_id], doc_by_id, person, deid))
        translation = kept.get(("quote", q.unit_id, "translation"))
        if translation is not None:  # only a translation that passed the guard, beside the verbatim quote
            quotes[-1]["translation"] = translation.text
    return {
        "schema": SCHEMA_ID,
        "project": {"name": study.name, "question": study.question, "focus_areas": list(study.focus_areas),
                    "researcher_language": study.researcher_language, "created": project.created},
        "participants": [{"id": p.id, **({"pseudonym": p.pseudonym} if p.pseudonym else {}),
                          "attributes": p.attributes} for p in people],
        "table1": table1(people),
        "documents": [{
            "id": d.id, "name": d.name, "participant_id": d.participant_id, "language": d.language,
            "text": d.text, "sha256": d.sha256, "format": d.format,
            "turns": [{"start": x.start, "end": x.end, "speaker": x.speaker, "role": x.role,
                       "time_start_ms": x.time_start_ms, "time_end_ms": x.time_end_ms} for x in d.turns],
        } for d in docs],
        "impressions": [{"document_id": i.document_id, "summary": i.summary,
                         "preliminary_themes": list(i.preliminary_themes), "source": i.source}
                        for i in repository.impressions(session)],
        "units": [{"id": u.id, "document_id": u.document_id, "start": u.start, "end": u.end, "text": u.text,
                   "relevant": u.relevant, "relevance": u.relevance, "reason": u.reason, "source": u.source,
                   "participant_id": doc_by_id[u.document_id].participant_id,
                   "language": doc_by_id[u.document_id].language} for u in units],
        "themes": themes_out,
        "categories": [{"id": c.id, "label": c.label, "description": c.description,
                        "analytic_text": c.analytic_text, "theme_ids": list(c.theme_ids), "source": c.source}
                       for c in repository.categories(session)],
        "quotes": quotes,
        "unassigned": [{"unit_id": u.unit_id, "reason": u.reason} for u in repository.unassigned(session)],
        "memos": [{"kind": m.kind, "text": m.text, "author": m.author, "created": m.created,
                   "target_id": m.target_id} for m in repository.memos(session)],
        "coders": sorted({c.coder for c in repository.codings(session)}),
        "runs": [{"step": r.step, "engine": r.engine, "model": r.model, "params": r.params,
                  "started": r.started, "seconds": r.seconds}
                 for r in repository.runs(session, repository.latest_batch(session))],
        "deidentification": deid.summary(),
        "agreement": agreement_summary(session),
        "generated": [{"step": g.step, "object_type": g.object_type, "object_id": g.object_id, "field": g.field,
                       "text": g.text, "unit_ids": list(g.unit_ids), "status": g.status, "score": g.score,
                       "reasons": list(g.reasons), "provenance": g.provenance} for g in generated],
        **(extra or {}),
    }


def agreement_summary(session: Session) -> dict:
    """The coders (COREQ item 9: number of data coders) and, for each pair of coders who coded
    the same units, the agreement measures (``condense.agreement``)."""
    from condense.agreement import agreement

    coders = [c for c in repository.coders(session) if c != "consensus"]
    coded = {c: repository.coded_by(session, c) for c in coders}
    labels = {th.id: th.label for th in repository.themes(session)}
    pairs = []
    for i, a in enumerate(coders):
        for b in coders[i + 1:]:
            if set(coded[a]) & set(coded[b]):
                pairs.append(agreement(coded, a, b).to_dict(labels))
    return {"coders": coders, "human_coders": [c for c in coders if c != "machine"], "pairs": pairs}


def _provenance(generation) -> dict:
    """Where a generated text was kept: the engine, model, template and parameters behind it."""
    return {"generated_by": generation.provenance} if generation is not None else {}


def _quote(quote, unit, doc_by_id, person, deid) -> dict:
    """A quote as published: display text through the accepted mapping, attribution by the
    project's quote mode (none at all when untraceable)."""
    doc = doc_by_id[unit.document_id]
    return {"unit_id": unit.id, "theme_id": quote.theme_id, "text": unit.text,
            "display_text": deid.replacer(quote.display_text), "document_id": doc.id, "start": unit.start,
            "end": unit.end, "attribution": attribution(person.get(doc.participant_id), deid),
            "deidentified": bool(deid.mapping)}
