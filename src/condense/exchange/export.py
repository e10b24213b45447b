"""A Condense project -> REFI-QDA: ``project.qde`` (+ ``sources/<guid>.txt``) and ``.qdc``.

Valid against Project.xsd / Codebook.xsd 1.0 and deterministic: GUIDs are uuid5 of our ids,
dates come from the project, the ZIP has fixed timestamps and order, so exporting twice gives
identical bytes. Sources are the normalised text as UTF-8 with LF and no BOM, and every
offset is a code point into exactly that text (the standard's count). Empty containers are
left out (the XSD refuses them) and no path is absolute.

Mapping: category -> Code isCodable=false; theme -> Code (under its category); subgroup ->
child Code of its theme; relevant unit -> PlainTextSelection coded with its themes (and its
subgroup); condensate, analytic text and memo -> Note with author and date, linked by NoteRef
(a condensate also from the selections it cites); participant -> Case with Variables."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from decimal import Decimal
from typing import Callable
from xml.etree import ElementTree as ET

from sqlalchemy import select

from condense import __version__
from condense.exchange.refi import CODEBOOK_NS, ORIGIN, PROJECT_NS, guid
from condense.store import tables as t

Redact = Callable[[str], str]
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _identity(text: str) -> str:
    return text


@dataclass
class _Tree:
    """The code tree every writer shares: categories, themes, subgroups, in project order."""

    categories: list = field(default_factory=list)
    themes_of: dict = field(default_factory=dict)       # category id | None -> [theme rows]
    subgroups_of: dict = field(default_factory=dict)    # theme id -> [subgroup rows]


def _tree(s) -> _Tree:
    tree = _Tree()
    tree.categories = list(s.scalars(select(t.CategoryRow).order_by(t.CategoryRow.position, t.CategoryRow.id)))
    known = {c.id for c in tree.categories}
    for th in s.scalars(select(t.ThemeRow).order_by(t.ThemeRow.position, t.ThemeRow.id)):
        tree.themes_of.setdefault(th.category_id if th.category_id in known else None, []).append(th)
    for sg in s.scalars(select(t.SubgroupRow).order_by(t.SubgroupRow.theme_id, t.SubgroupRow.position,
                                                         t.SubgroupRow.id)):
        tree.subgroups_of.setdefault(sg.theme_id, []).append(sg)
    return tree


def _sub(parent: ET.Element, tag: str, ns: str, **attrs) -> ET.Element:
    # Plain tags; the root carries the default namespace (ElementTree's default_namespace
    # option refuses unqualified attributes).
    return ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items() if v is not None})


def _text(parent: ET.Element, tag: str, ns: str, text: str) -> None:
    if text:
        _sub(parent, tag, ns).text = text


class Guids:
    """GUID of an object: the one an imported file gave it, else uuid5 of our id."""

    def __init__(self, s):
        rows = list(s.scalars(select(t.RefiGuidRow)))
        self.known = {(r.kind, r.key): r.guid for r in rows}
        self.meta = {(r.kind, r.key): (r.created, r.creator) for r in rows}

    def __call__(self, kind: str, key: object) -> str:
        return self.known.get((kind, str(key))) or guid(kind, key)

    def created(self, kind: str, key: object, default: str | None) -> str | None:
        return self.meta.get((kind, str(key)), (None, None))[0] or default

    def creator(self, kind: str, key: object, default: str) -> str:
        return self.meta.get((kind, str(key)), (None, None))[1] or default


def _code(parent, ns, g: Guids, code_id: str, name: str, codable: bool, description: str,
          note_refs=()) -> ET.Element:
    el = _sub(parent, "Code", ns, guid=g("code", code_id), name=name, isCodable="true" if codable else "false")
    _text(el, "Description", ns, description)
    for n in note_refs:
        _sub(el, "NoteRef", ns, targetGUID=n)
    return el


def _codes(parent, ns: str, g: Guids, tree: _Tree, redact: Redact, with_subgroups: bool,
           notes: dict) -> ET.Element | None:
    if not tree.categories and not tree.themes_of:
        return None
    codes = _sub(parent, "Codes", ns)

    def themes(under, themes_):
        for th in themes_:
            el = _code(under, ns, g, th.id, redact(th.label), True, redact(th.description or ""), notes.get(th.id, ()))
            if with_subgroups:
                for sg in tree.subgroups_of.get(th.id, ()):
                    _code(el, ns, g, sg.id, redact(sg.label), True, "", notes.get(sg.id, ()))

    for cat in tree.categories:
        el = _code(codes, ns, g, cat.id, redact(cat.label), False, redact(cat.description or ""), notes.get(cat.id, ()))
        themes(el, tree.themes_of.get(cat.id, ()))
    themes(codes, tree.themes_of.get(None, ()))
    return codes


def duplicate_names(s) -> list[str]:
    """One line per code name that repeats among siblings of the exported code tree."""
    from collections import Counter

    tree = _tree(s)
    out = []
    groups = [("the top level", [c.label for c in tree.categories] + [th.label for th in tree.themes_of.get(None, ())])]
    groups += [(f"category {c.label!r}", [th.label for th in tree.themes_of.get(c.id, ())]) for c in tree.categories]
    groups += [(f"theme {th.label!r}", [sg.label for sg in tree.subgroups_of.get(th.id, ())])
               for ths in tree.themes_of.values() for th in ths]
    for where, names in groups:
        out += [f"the code name {n!r} appears {k} times in {where}" for n, k in Counter(names).items() if k > 1]
    return out


def _xml_bytes(root: ET.Element, ns: str) -> bytes:
    ET.indent(root, space=" ")
    root.set("xmlns", ns)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def codebook_xml(s) -> bytes:
    """The .qdc: main categories and themes with their descriptions (subgroups and units are
    analysis, not codebook)."""
    root = ET.Element("CodeBook", {"origin": f"{ORIGIN} {__version__}"})
    if _codes(root, CODEBOOK_NS, Guids(s), _tree(s), _identity, False, {}) is None:
        _sub(root, "Codes", CODEBOOK_NS)  # validated by the caller: a codebook needs a code
    return _xml_bytes(root, CODEBOOK_NS)


def _redact_pieces(text: str, cuts: set[int], redact: Redact) -> tuple[str, dict[int, int]]:
    """Apply ``redact`` piece by piece between the selection boundaries, so offsets into the
    redacted text stay exact whatever the transform does to lengths."""
    bounds = sorted({0, len(text), *cuts})
    out, where, pos = [], {0: 0}, 0
    for a, b in zip(bounds, bounds[1:]):
        piece = redact(text[a:b])
        out.append(piece)
        pos += len(piece)
        where[b] = pos
    return "".join(out), where


def project_files(s, redact: Redact | None = None) -> dict[str, bytes]:
    """Member name -> bytes of the .qdpx (``project.qde`` and ``sources/<guid>.txt``)."""
    redact = redact or _identity
    P = PROJECT_NS
    proj = s.get(t.ProjectRow, 1)
    runs = {r.id: r.started for r in s.scalars(select(t.RunRow))}
    docs = list(s.scalars(select(t.DocumentRow).order_by(t.DocumentRow.position, t.DocumentRow.id)))
    units = list(s.scalars(select(t.UnitRow).where(t.UnitRow.relevant.is_(True))
                           .order_by(t.UnitRow.document_id, t.UnitRow.start, t.UnitRow.end)))
    codings = list(s.scalars(select(t.CodingRow).order_by(t.CodingRow.unit_id, t.CodingRow.theme_id,
                                                          t.CodingRow.coder)))

    condensates = {c.subgroup_id: c for c in s.scalars(select(t.CondensateRow))}
    memos = list(s.scalars(select(t.MemoRow).order_by(t.MemoRow.id)))
    people = list(s.scalars(select(t.ParticipantRow).order_by(t.ParticipantRow.id)))
    tree = _tree(s)
    ids = Guids(s)
    themes_in_order = [th for cat in [c.id for c in tree.categories] + [None] for th in tree.themes_of.get(cat, ())]
    subgroups = [sg for th in themes_in_order for sg in tree.subgroups_of.get(th.id, ())]

    users: dict[str, str] = {}

    def user(name: str | None) -> str:
        name = name or "researcher"
        users.setdefault(name, ids("user", name))
        return users[name]

    # Notes first: the codes, selections and project refer to them.
    notes: list[tuple[str, str, str, str | None, str]] = []  # guid, name, text, created, author
    refs: dict[str, list[str]] = {}

    def drafted_note(key: str, name: str, text: str, row) -> str:
        """A note for text a step drafted (or a person rewrote): condensates, analytic texts."""
        g = ids("note", key)
        notes.append((g, name, redact(text), ids.created("note", key, runs.get(row.run_id) or proj.created),
                      ids.creator("note", key, "machine" if row.source == "machine" else "researcher")))
        return g

    for sg in subgroups:
        c = condensates.get(sg.id)
        if c is not None and c.text:
            g = drafted_note(f"condensate:{c.id}", f"Condensate: {redact(sg.label)}", c.text, c)
            for target in (sg.id, *c.unit_ids):
                refs.setdefault(target, []).append(g)
    for cat in tree.categories:
        if cat.analytic_text:
            g = drafted_note(f"analytic:{cat.id}", f"Analytic text: {redact(cat.label)}", cat.analytic_text, cat)
            refs.setdefault(cat.id, []).append(g)
    project_refs = []
    for m in memos:
        g = ids("note", f"memo:{m.id}")
        notes.append((g, f"Memo ({m.kind})", redact(m.text), m.created, m.author))
        if m.target_id:
            refs.setdefault(m.target_id, []).append(g)
        else:
            project_refs.append(g)
    known_targets = ({d.id for d in docs} | {u.id for u in units} | {sg.id for sg in subgroups}
                     | {c.id for c in tree.categories} | {th.id for ths in tree.themes_of.values() for th in ths})
    for target in [k for k in refs if k not in known_targets]:  # a memo about something not exported
        project_refs += refs.pop(target)

    root = ET.Element("Project", {"name": redact(proj.name), "origin": f"{ORIGIN} {__version__}",
                                           "creatingUserGUID": user("researcher"),
                                           "creationDateTime": proj.created})
    users_el = _sub(root, "Users", P)
    codebook = _sub(root, "CodeBook", P)
    if _codes(codebook, P, ids, tree, redact, True, refs) is None:
        root.remove(codebook)

    # Participants: Variables (one per attribute, typed when every value agrees) and Cases.
    attrs: dict[str, set[type]] = {}
    for person in people:
        values = dict(person.attributes or {})
        if person.pseudonym is not None:
            values["pseudonym"] = person.pseudonym
        for k, v in values.items():
            attrs.setdefault(k, set()).add(type(v))
    kinds = {k: ("Boolean" if ts == {bool} else "Integer" if ts == {int} else
                 "Float" if ts <= {int, float} else "Text") for k, ts in attrs.items()}
    if kinds:
        var_el = _sub(root, "Variables", P)
        for k in sorted(kinds):
            _sub(var_el, "Variable", P, guid=ids("variable", k), name=k, typeOfVariable=kinds[k])
    if people:
        cases = _sub(root, "Cases", P)
        for person in people:
            case = _sub(cases, "Case", P, guid=ids("case", person.id), name=person.id)
            values = dict(person.attributes or {})
            if person.pseudonym is not None:
                values["pseudonym"] = person.pseudonym
            for k in sorted(values):
                vv = _sub(case, "VariableValue", P)
                _sub(vv, "VariableRef", P, targetGUID=ids("variable", k))
                v, kind = values[k], kinds[k]
                tag = f"{kind}Value"
                _sub(vv, tag, P).text = (str(v).lower() if kind == "Boolean" else _decimal(v) if kind == "Float"
                                         else redact(str(v)) if kind == "Text" else str(v))
            for d in docs:
                if d.participant_id == person.id:
                    _sub(case, "SourceRef", P, targetGUID=ids("source", d.id))

    files: dict[str, bytes] = {}
    subs_of: dict[str, list] = {}
    for sg in subgroups:
        for u in sg.unit_ids:
            subs_of.setdefault(u, []).append(sg)
    coded: dict[str, list] = {}
    for c in codings:
        coded.setdefault(c.unit_id, []).append(c)
    by_doc: dict[str, list] = {}
    for u in units:
        by_doc.setdefault(u.document_id, []).append(u)
    if docs:
        sources = _sub(root, "Sources", P)
        for d in docs:
            g = ids("source", d.id)
            its_units = by_doc.get(d.id, [])
            text, where = _redact_pieces(d.text, {x for u in its_units for x in (u.start, u.end)}, redact)
            files[f"sources/{g}.txt"] = text.encode("utf-8")
            src = _sub(sources, "TextSource", P, guid=g, name=redact(d.name), plainTextPath=f"internal://{g}.txt",
                       creatingUser=user("researcher"), creationDateTime=d.created)
            for u in its_units:
                sel = _sub(src, "PlainTextSelection", P, guid=ids("selection", u.id), name=u.id,
                           startPosition=where[u.start], endPosition=where[u.end],
                           creatingUser=user(ids.creator("selection", u.id,
                                                          "machine" if u.source == "machine" else "researcher")),
                           creationDateTime=ids.created("selection", u.id, runs.get(u.run_id)))
                by_theme = {}
                for c in coded.get(u.id, []):
                    _coding(sel, P, ids, f"{u.id}:{c.theme_id}:{c.coder}", c.theme_id, user(c.coder),
                            runs.get(c.run_id))
                    by_theme.setdefault(c.theme_id, c)
                for sg in subs_of.get(u.id, ()):  # a subgroup code on the units of its theme
                    if sg.theme_id in by_theme:
                        c = by_theme[sg.theme_id]
                        _coding(sel, P, ids, f"{u.id}:{sg.id}", sg.id, user(c.coder), runs.get(c.run_id))
                for n in refs.get(u.id, ()):
                    _sub(sel, "NoteRef", P, targetGUID=n)
            for n in refs.get(d.id, ()):
                _sub(src, "NoteRef", P, targetGUID=n)
    if notes:
        notes_el = _sub(root, "Notes", P)
        for g, name, text, created, author in notes:
            note = _sub(notes_el, "Note", P, guid=g, name=name, creatingUser=user(author), creationDateTime=created)
            _sub(note, "PlainTextContent", P).text = text
    question = f"Research question: {redact(proj.question)}"
    if proj.focus_areas:
        question += "\nFocus areas:\n" + "\n".join(f"- {redact(f)}" for f in proj.focus_areas)
    _text(root, "Description", P, question)
    for n in project_refs:
        _sub(root, "NoteRef", P, targetGUID=n)
    for name, g in sorted(users.items()):
        _sub(users_el, "User", P, guid=g, name=name)
    files["project.qde"] = _xml_bytes(root, P)
    return files


def _decimal(v) -> str:
    text = format(Decimal(repr(float(v))), "f")
    return text if "." in text else text + ".0"


def _coding(sel, ns, g: Guids, key: str, code_id: str, user_guid: str, created: str | None) -> None:
    c = _sub(sel, "Coding", ns, guid=g("coding", key), creatingUser=user_guid,
             creationDateTime=g.created("coding", key, created))
    _sub(c, "CodeRef", ns, targetGUID=g("code", code_id))


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A ZIP with fixed dates, modes and order, so the same files give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ["project.qde"] + sorted(n for n in files if n != "project.qde"):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, files[name], compresslevel=6)
    return buf.getvalue()

