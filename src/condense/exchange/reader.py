"""A lenient REFI-QDA reader: .qdpx/.qdc bytes -> plain parsed data, nothing written.

Lenient where real tools differ (PITFALLS.md): any one root ``*.qde``, ``sources/`` or
``Sources/``, BOM and CRLF in sources, namespace variants, empty containers, missing optional
parts, memos as ``Description`` / ``Note`` + ``NoteRef`` / ``Link``. Strict where safety is at
stake (see ``safety.py``). Offsets are mapped to code points of the normalised text here, so
the writer only ever sees Condense spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from condense.errors import BadFile, CondenseError
from condense.exchange.offsets import OffsetMap, counting
from condense.exchange.refi import Code, child, children, local, norm_guid, read_codes, text_of
from condense.exchange.safety import open_qdpx, parse_xml
from condense.ingest import Parsed, parse_transcript
from condense.ingest.readers import decode
from condense.spans import strip_span


@dataclass
class Selection:
    guid: str
    start: int          # code points into the normalised text
    end: int
    codings: list[tuple[str, str, str | None, str]]  # (code guid, coder name, date, coding guid)
    note_refs: list[str]
    description: str
    user: str | None
    created: str | None


@dataclass
class Source:
    guid: str
    name: str             # document name, with a suffix ingest understands
    raw: bytes
    parsed: Parsed
    selections: list[Selection]
    description: str
    note_refs: list[str]
    created: str | None


@dataclass
class Note:
    guid: str
    name: str
    text: str
    author: str | None
    created: str | None


@dataclass
class Case:
    guid: str
    name: str
    description: str
    values: dict                     # variable name -> value (typed)
    source_guids: list[str]


@dataclass
class RefiFile:
    file: str
    origin: str
    name: str
    description: str = ""
    created: str | None = None
    users: dict[str, str] = field(default_factory=dict)      # user name -> guid
    variables: dict[str, str] = field(default_factory=dict)  # variable name -> guid
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
    project_note_refs: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (origin guid, target guid)
    skipped: list[str] = field(default_factory=list)


def read_file(name: str, data: bytes) -> RefiFile:
    """Parse a .qdpx project or a .qdc codebook (chosen by suffix, then by content)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".qdc" or (suffix != ".qdpx" and data.lstrip()[:1] == b"<"):
        return read_qdc(name, data)
    return read_qdpx(name, data)


def read_qdc(name: str, data: bytes) -> RefiFile:
    root = parse_xml(name, data)
    if local(root.tag) != "CodeBook":
        raise BadFile(f"{name} is not a REFI-QDA codebook: its root element is {local(root.tag)!r}, not 'CodeBook'")
    refi = RefiFile(name, root.get("origin") or "", PurePath(name).stem)
    refi.codes = read_codes(child(root, "Codes"))
    return refi


def read_qdpx(name: str, data: bytes) -> RefiFile:
    archive = open_qdpx(name, data)
    root = parse_xml(f"{name} ({archive.qde})", archive.read(archive.qde))
    if local(root.tag) != "Project":
        raise BadFile(f"{name} is not a REFI-QDA project: its .qde root element is {local(root.tag)!r}")
    origin = root.get("origin") or ""
    refi = RefiFile(name, origin, (root.get("name") or "").strip() or PurePath(name).stem,
                    text_of(root, "Description"), root.get("creationDateTime"))
    users = {norm_guid(u.get("guid")): (u.get("name") or "").strip() or norm_guid(u.get("guid"))
             for u in children(child(root, "Users"), "User")}
    refi.users = {name: g for g, name in users.items()}
    refi.codes = read_codes(child(child(root, "CodeBook"), "Codes"))
    refi.project_note_refs = [norm_guid(r.get("targetGUID")) for r in children(root, "NoteRef")]
    for el in children(child(root, "Notes"), "Note"):
        text = _note_text(archive, el)
        refi.notes[norm_guid(el.get("guid"))] = Note(norm_guid(el.get("guid")), (el.get("name") or "").strip(), text,
                                                    users.get(norm_guid(el.get("creatingUser"))),
                                                    el.get("creationDateTime"))
    for el in children(child(root, "Links"), "Link"):
        refi.links.append((norm_guid(el.get("originGUID")), norm_guid(el.get("targetGUID"))))
    variables = {norm_guid(v.get("guid")): (v.get("name") or "").strip()
                 for v in children(child(root, "Variables"), "Variable")}
    refi.variables = {name: g for g, name in variables.items()}
    for el in children(child(root, "Cases"), "Case"):
        refs = [norm_guid(r.get("targetGUID")) for r in children(el, "SourceRef")]
        refi.cases.append(Case(norm_guid(el.get("guid")), (el.get("name") or "").strip(), text_of(el, "Description"),
                               _values(el, variables), refs))
    how = counting(origin)
    names: set[str] = set()
    sources = child(root, "Sources")
    for el in children(sources, "TextSource"):
        src = _source(refi, archive, el, users, how, names)
        if src is not None:
            refi.sources.append(src)
    others = [c for c in (sources if sources is not None else []) if local(c.tag) != "TextSource"]
    for el in others:
        refi.skipped.append(f"{local(el.tag)} {el.get('name') or el.get('guid')}: only text sources are imported")
    return refi


def _note_text(archive, el) -> str:
    inline = child(el, "PlainTextContent")
    if inline is not None and (inline.text or "").strip():
        return inline.text.strip()
    raw = archive.source(el.get("plainTextPath"))
    if raw:
        try:
            return decode("note", raw).strip()
        except CondenseError:
            return ""
    return ""


def _values(el, variables: dict[str, str]) -> dict:
    out = {}
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        key = variables.get(norm_guid(ref.get("targetGUID")) if ref is not None else "", "")
        if not key:
            continue
        for kind, cast in (("IntegerValue", int), ("FloatValue", float), ("BooleanValue", None),
                           ("TextValue", str), ("DateValue", str), ("DateTimeValue", str)):
            v = child(vv, kind)
            if v is not None:
                raw = (v.text or "").strip()
                try:
                    out[key] = (raw.lower() in ("true", "1")) if cast is None else cast(raw)
                except ValueError:
                    out[key] = raw
                break
    return out


def _unique_name(name: str, suffix: str, taken: set[str]) -> str:
    base = name if PurePath(name).suffix.lower() == suffix else f"{name}{suffix}"
    out, n = base, 2
    while out in taken:
        out = f"{PurePath(base).stem} ({n}){suffix}"
        n += 1
    taken.add(out)
    return out


def _source(refi: RefiFile, archive, el, users, how: str, names: set[str]) -> Source | None:
    label = (el.get("name") or "").strip() or norm_guid(el.get("guid"))
    raw = archive.source(el.get("plainTextPath"))
    inline = child(el, "PlainTextContent")
    if (raw is None or not raw.strip()) and inline is not None and (inline.text or "").strip():
        raw = inline.text.encode("utf-8")
    suffix = ".txt"
    if raw is None or not raw.strip():
        rich = el.get("richTextPath") or ""
        rich_raw = archive.source(rich) if rich.lower().endswith(".docx") else None
        if rich_raw is None:
            refi.skipped.append(f"text source {label!r} has no text in the file; skipped")
            return None
        raw, suffix = rich_raw, ".docx"
    doc_name = _unique_name(label, suffix, names)
    try:
        parsed = parse_transcript(doc_name, raw, unlabelled="informant")
    except CondenseError as exc:
        if "contains no text" in exc.message or "is empty" in exc.message:
            refi.skipped.append(f"text source {label!r} has no text in the file; skipped")
            return None
        raise BadFile(f"{refi.file}: text source {label!r} cannot be read: {exc.message}") from None
    omap = None
    if suffix == ".txt":
        omap = OffsetMap(decode(doc_name, raw))
        if not omap.check(parsed.text):  # pragma: no cover - the map re-implements spans.normalise
            raise BadFile(f"{refi.file}: the text of {label!r} could not be aligned with its selections")
    selections = [s for s in (_selection(refi, sel, users, label, parsed.text, omap, how)
                              for sel in children(el, "PlainTextSelection")) if s is not None]
    return Source(norm_guid(el.get("guid")), doc_name, raw, parsed, selections, text_of(el, "Description"),
                  [norm_guid(r.get("targetGUID")) for r in children(el, "NoteRef")], el.get("creationDateTime"))


def _selection(refi, el, users, label, text, omap: OffsetMap | None, how) -> Selection | None:
    try:
        start, end = int(el.get("startPosition")), int(el.get("endPosition"))
    except (TypeError, ValueError):
        refi.skipped.append(f"a selection in {label!r} has no valid start/end position; skipped")
        return None
    if omap is None:
        refi.skipped.append(f"a selection in {label!r} refers to rich text only; skipped")
        return None
    s, e = omap.span(start, end, how)
    s, e = strip_span(text, s, e)
    if not (0 <= s < e <= len(text)):
        refi.skipped.append(f"selection [{start}, {end}) in {label!r} is empty or outside the text; skipped")
        return None
    sel_user = users.get(norm_guid(el.get("creatingUser")))
    codings = []
    for c in children(el, "Coding"):
        ref = child(c, "CodeRef")
        if ref is None:
            continue
        coder = users.get(norm_guid(c.get("creatingUser"))) or sel_user or refi.origin or "imported"
        codings.append((norm_guid(ref.get("targetGUID")), coder, c.get("creationDateTime"), norm_guid(c.get("guid"))))
    return Selection(norm_guid(el.get("guid")), s, e, codings,
                     [norm_guid(r.get("targetGUID")) for r in children(el, "NoteRef")],
                     text_of(el, "Description"), sel_user, el.get("creationDateTime"))
