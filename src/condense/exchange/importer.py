"""Parsed REFI-QDA data -> rows of a Condense project, inside the caller's transaction.

Mapping (the inverse of ``export.py``, and general enough for other tools' files):
- a top-level code with ``isCodable="false"`` -> a main category; every other code -> a theme
  (a nested theme's label is its path, ``Parent / Child``, since names repeat: PITFALLS.md 7),
  except that a leaf code under a theme whose every coded selection is also coded with that
  theme is one of its subgroups (how Condense writes subgroups);
- a text source -> a document through the ordinary ingest (normalised, turns, language);
- a selection -> a human meaning unit; each coding -> a coding by the file's user;
- notes: "Condensate ..." on a subgroup -> its condensate, "Analytic text ..." on a category ->
  its analytic text, any other note or description -> a memo on the object it belongs to;
- cases -> participants with their variables.
Codes are keyed by GUID, never by name."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from condense.errors import BadSettings, DuplicateFile
from condense.exchange.reader import RefiFile
from condense.exchange.refi import Code, walk
from condense.model import MEMO_KINDS
from condense.steps.base import stable_id, unit_id
from condense.store import tables as t
from condense.store.events import now, record

_MEMO_NAME = re.compile(r"^memo \((\w+)\)", re.IGNORECASE)


@dataclass
class ImportReport:
    file: str
    origin: str
    counts: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        order = ("document", "participant", "category", "theme", "subgroup", "unit", "coding", "memo")
        plural = {"category": "categories"}
        parts = [f"{self.counts[k]} {k if self.counts[k] == 1 else plural.get(k, k + 's')}" for k in order]
        out = [f"imported {self.file} ({self.origin or 'unknown tool'}): {', '.join(parts)}"]
        return out + [f"  note: {s}" for s in self.skipped]


@dataclass
class _Plan:
    categories: dict[str, Code] = field(default_factory=dict)   # guid -> code
    themes: dict[str, tuple[Code, str, str | None]] = field(default_factory=dict)  # guid -> (code, label, category)
    subgroups: dict[str, str] = field(default_factory=dict)     # guid -> theme guid


def _plan(codes: list[Code], coded: dict[str, set[str]]) -> _Plan:
    plan = _Plan()

    def place(code: Code, category: str | None, theme: Code | None, prefix: str) -> None:
        if (theme is not None and not code.children and coded.get(code.guid)
                and coded[code.guid] <= coded.get(theme.guid, set())):
            plan.subgroups[code.guid] = theme.guid
            return
        label = f"{prefix} / {code.name}" if prefix else code.name
        plan.themes[code.guid] = (code, label, category)
        for c in code.children:
            place(c, category, code, label)

    for top in codes:
        if not top.codable:
            plan.categories[top.guid] = top
            for c in top.children:
                place(c, top.guid, None, "")
        else:
            place(top, None, None, "")
    return plan


def _slug(name: str) -> str:
    from condense.api import _slug as slug

    return slug(name)


def write_refi(s, refi: RefiFile, actor: str = "researcher") -> ImportReport:
    """Add ``refi`` to the project open in session ``s``; raise before the caller commits
    anything when it clashes with what the project already holds."""
    report = ImportReport(refi.file, refi.origin, skipped=list(refi.skipped))
    c = report.counts
    at = now()
    guids: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}

    def remember(kind: str, key: str, refi_guid: str | None, created: str | None = None,
                 creator: str | None = None) -> None:
        if refi_guid:
            guids.setdefault((kind, key), (refi_guid, created, creator))

    for name, g in refi.users.items():
        remember("user", name, g)
    for name, g in refi.variables.items():
        remember("variable", name, g)
    # -- documents ------------------------------------------------------------------
    known_sha = dict(s.execute(select(t.DocumentRow.sha256, t.DocumentRow.name)).all())
    names = set(s.scalars(select(t.DocumentRow.name)))
    ids = set(s.scalars(select(t.DocumentRow.id)))
    position = len(ids)
    doc_of: dict[str, str] = {}       # source guid -> document id
    lang_of: dict[str, str] = {}
    obj_of: dict[str, str] = {}       # any REFI guid -> the Condense id it became
    for src in refi.sources:
        p = src.parsed
        if p.sha256 in known_sha:
            report.skipped.append(f"text source {src.name!r} has the same text as document {known_sha[p.sha256]!r}; "
                                  "skipped with its selections")
            continue
        if src.name in names:
            raise DuplicateFile(f"{refi.file}: the project already has a document named {src.name!r}")
        doc_id, n = _slug(src.name.rsplit(".", 1)[0]), 2
        base = doc_id
        while doc_id in ids:
            doc_id, n = f"{base}-{n}", n + 1
        ids.add(doc_id)
        names.add(src.name)
        known_sha[p.sha256] = src.name
        s.add(t.OriginalFileRow(sha256=p.sha256, filename=src.name, size=len(src.raw), content=src.raw))
        s.flush()
        s.add(t.DocumentRow(id=doc_id, name=src.name, sha256=p.sha256, text=p.text, language=p.language,
                            participant_id=None, format=p.format, position=position,
                            created=src.created or at))
        s.flush()
        position += 1
        if p.turns:  # one statement: a source of comments can have thousands of "turns"
            s.execute(insert(t.TurnRow), [dict(document_id=doc_id, position=k, start=x.start, end=x.end,
                                               speaker=x.speaker, role=x.role, time_start_ms=x.time_start_ms,
                                               time_end_ms=x.time_end_ms) for k, x in enumerate(p.turns)])
        record(s, actor, "create", "document", doc_id, name=src.name, sha256=p.sha256, language=p.language,
               turns=len(p.turns), format=p.format, imported_from=refi.file)
        doc_of[src.guid] = obj_of[src.guid] = doc_id
        remember("source", doc_id, src.guid)
        lang_of[doc_id] = p.language
        c["document"] += 1

    # -- units: one per distinct span; selections on the same span share it -----------
    texts = {doc_of[src.guid]: src.parsed.text for src in refi.sources if src.guid in doc_of}
    unit_sel: dict[str, list] = {}
    coded: dict[str, set[str]] = {}
    for src in refi.sources:
        doc_id = doc_of.get(src.guid)
        if doc_id is None:
            continue
        for sel in src.selections:
            uid = unit_id(doc_id, sel.start, sel.end)
            obj_of[sel.guid] = uid
            remember("selection", uid, sel.guid, sel.created, sel.user)
            unit_sel.setdefault(uid, []).append((doc_id, sel))
            for code_guid, *_ in sel.codings:
                coded.setdefault(code_guid, set()).add(uid)

    # -- codes ----------------------------------------------------------------------
    plan = _plan(refi.codes, coded)
    theme_id = {g: stable_id("t", "refi", g) for g in plan.themes}
    cat_id = {g: stable_id("cat", "refi", g) for g in plan.categories}
    sub_id = {g: stable_id("s", "refi", g) for g in plan.subgroups}
    existing = set(s.scalars(select(t.ThemeRow.id)))
    clash = [i for i in theme_id.values() if i in existing]
    if clash:
        raise BadSettings(f"{refi.file}: its codes are already in this project (theme {clash[0]}); "
                          "a file is imported once")
    notes_used: set[str] = set()
    base_pos = len(s.scalars(select(t.CategoryRow.id)).all())
    for k, (g, code) in enumerate(plan.categories.items()):
        analytic, note_guid = _claim_note(refi, code.note_refs, "analytic text", notes_used)
        if note_guid:
            note = refi.notes[note_guid]
            remember("note", f"analytic:{cat_id[g]}", note_guid, note.created, note.author)
        s.add(t.CategoryRow(id=cat_id[g], label=code.name, description=code.description, analytic_text=analytic,
                            position=base_pos + k, source="human"))
        record(s, actor, "create", "category", cat_id[g], label=code.name, imported_from=refi.file)
        obj_of[g] = cat_id[g]
        remember("code", cat_id[g], g)
        c["category"] += 1
    s.flush()
    base_pos = len(s.scalars(select(t.ThemeRow.id)).all())
    for k, (g, (code, label, cat)) in enumerate(plan.themes.items()):
        s.add(t.ThemeRow(id=theme_id[g], label=label, description=code.description,
                         category_id=cat_id.get(cat) if cat else None, position=base_pos + k, source="human"))
        record(s, actor, "create", "theme", theme_id[g], label=label, imported_from=refi.file)
        obj_of[g] = theme_id[g]
        remember("code", theme_id[g], g)
        c["theme"] += 1
    s.flush()

    for uid, sels in unit_sel.items():
        doc_id, first = sels[0]
        s.add(t.UnitRow(id=uid, document_id=doc_id, start=first.start, end=first.end,
                        text=texts[doc_id][first.start:first.end], relevant=True, relevance=None,
                        reason=f"imported from {refi.file}", source="human"))
        c["unit"] += 1
    s.flush()
    seen: set[tuple[str, str, str]] = set()
    for uid, sels in unit_sel.items():
        for _doc, sel in sels:
            for code_guid, coder, date, coding_guid in sel.codings:
                target = plan.subgroups.get(code_guid, code_guid)
                if target not in theme_id:
                    what = "a category" if target in cat_id else "an unknown code"
                    report.skipped.append(f"a coding of {uid} refers to {what} ({code_guid}); skipped")
                    continue
                key = (uid, theme_id[target], coder)
                if code_guid in plan.subgroups:  # the subgroup's own coding, kept for its GUID
                    remember("coding", f"{uid}:{sub_id[code_guid]}", coding_guid, date)
                    key = (uid, theme_id[target], coder, "subgroup")
                if key in seen:
                    continue
                seen.add(key)
                if len(key) == 4:
                    continue
                remember("coding", f"{uid}:{theme_id[target]}:{coder}", coding_guid, date)
                s.add(t.CodingRow(unit_id=uid, theme_id=theme_id[target], score=None, coder=coder, source="human"))
                c["coding"] += 1
        record(s, actor, "create", "unit", uid, document_id=sels[0][0], start=sels[0][1].start, end=sels[0][1].end,
               themes=sorted({theme_id[x] for _d, sel in sels for g, *_ in sel.codings
                              for x in [plan.subgroups.get(g, g)] if x in theme_id}),
               imported_from=refi.file)
    s.flush()

    # -- subgroups and their condensates --------------------------------------------
    by_note: dict[str, list[str]] = {}
    for uid, sels in unit_sel.items():
        for _doc, sel in sels:
            for n in sel.note_refs:
                by_note.setdefault(n, []).append(uid)
    for k, (g, parent) in enumerate(plan.subgroups.items()):
        code = next(x for x in walk(refi.codes) if x.guid == g)
        members = sorted(coded.get(g, ()), key=lambda u: (unit_sel[u][0][0], unit_sel[u][0][1].start))
        s.add(t.SubgroupRow(id=sub_id[g], theme_id=theme_id[parent], label=code.name, unit_ids=members,
                            position=k, source="human"))
        s.flush()
        note_guid = next((n for n in code.note_refs if n in refi.notes
                          and refi.notes[n].name.lower().startswith("condensate")), None)
        if note_guid is not None:
            notes_used.add(note_guid)
            cited = [u for u in dict.fromkeys(by_note.get(note_guid, ())) if u in members] or members[:1]
            note = refi.notes[note_guid]
            remember("note", f"condensate:{'c' + sub_id[g][1:]}", note_guid, note.created, note.author)
            s.add(t.CondensateRow(id="c" + sub_id[g][1:], subgroup_id=sub_id[g], text=refi.notes[note_guid].text,
                                  unit_ids=cited, language=lang_of.get(unit_sel[cited[0]][0][0], "und"),
                                  voice="first-person", source="human"))
        record(s, actor, "create", "subgroup", sub_id[g], theme_id=theme_id[parent], label=code.name,
               imported_from=refi.file)
        obj_of[g] = sub_id[g]
        remember("code", sub_id[g], g)
        c["subgroup"] += 1

    # -- participants -----------------------------------------------------------------
    for case in refi.cases:
        pid = case.name or case.guid
        values = dict(case.values)
        pseudonym = values.pop("pseudonym", None)
        if s.get(t.ParticipantRow, pid) is None:
            s.add(t.ParticipantRow(id=pid, pseudonym=None if pseudonym is None else str(pseudonym), attributes=values))
            record(s, actor, "create", "participant", pid, pseudonym=pseudonym, attributes=values,
                   imported_from=refi.file)
            c["participant"] += 1
        else:
            report.skipped.append(f"case {pid!r} is already a participant of this project; kept as it was")
        s.flush()
        for g in case.source_guids:
            if g in doc_of:
                s.get(t.DocumentRow, doc_of[g]).participant_id = pid
                record(s, actor, "update", "document", doc_of[g], participant_id=pid)
        obj_of[case.guid] = pid
        remember("case", pid, case.guid)

    # -- memos: notes, links and descriptions -------------------------------------------
    targets: list[tuple[str, str | None]] = [(n, None) for n in refi.project_note_refs]
    for code in walk(refi.codes):
        targets += [(n, obj_of.get(code.guid)) for n in code.note_refs]
    for src in refi.sources:
        targets += [(n, obj_of.get(src.guid)) for n in src.note_refs]
        for sel in src.selections:
            targets += [(n, obj_of.get(sel.guid)) for n in sel.note_refs]
    for a, b in refi.links:
        if b in refi.notes:
            targets.append((b, obj_of.get(a)))
        elif a in refi.notes:
            targets.append((a, obj_of.get(b)))
    memos: list[tuple] = []  # kind, text, author, created, target, note guid
    for note_guid, target in targets:
        note = refi.notes.get(note_guid)
        if note is None or note_guid in notes_used or not note.text:
            continue
        notes_used.add(note_guid)
        memos.append((_memo_kind(note.name), note.text, note.author, note.created, target, note_guid))
    for note_guid, note in refi.notes.items():
        if note_guid not in notes_used and note.text and not _is_condense_note(note):
            memos.append((_memo_kind(note.name), note.text, note.author, note.created, None, note_guid))
    for src in refi.sources:
        if src.description and src.guid in doc_of:
            memos.append(("note", src.description, None, None, doc_of[src.guid], None))
        for sel in src.selections:
            if sel.description and sel.guid in obj_of:
                memos.append(("note", sel.description, sel.user, sel.created, obj_of[sel.guid], None))
    order = {g: i for i, g in enumerate(refi.notes)}  # the file's order, whatever refers to the notes
    memos.sort(key=lambda m: order.get(m[5], len(order)))
    for kind, text, author, created, target, note_guid in memos:
        row = t.MemoRow(kind=kind, text=text, author=author or "imported", created=created or at, target_id=target)
        s.add(row)
        s.flush()
        record(s, row.author, "create", "memo", str(row.id), kind=kind, text=text, target_id=target,
               imported_from=refi.file)
        c["memo"] += 1
        remember("note", f"memo:{row.id}", note_guid)
    known = {tuple(r) for r in s.execute(select(t.RefiGuidRow.kind, t.RefiGuidRow.key)).all()}
    rows = [dict(kind=k, key=key, guid=g, created=created, creator=creator)
            for (k, key), (g, created, creator) in guids.items() if (k, key) not in known]
    if rows:
        s.execute(insert(t.RefiGuidRow), rows)
    return report


def _is_condense_note(note) -> bool:
    return note.name.lower().startswith(("condensate", "analytic text"))


def _claim_note(refi: RefiFile, refs: list[str], prefix: str, used: set[str]) -> tuple[str, str | None]:
    for n in refs:
        note = refi.notes.get(n)
        if note is not None and note.name.lower().startswith(prefix):
            used.add(n)
            return note.text, n
    return "", None


def _memo_kind(name: str) -> str:
    m = _MEMO_NAME.match(name or "")
    return m.group(1).lower() if m and m.group(1).lower() in MEMO_KINDS else "note"
