"""The REFI-QDA vocabulary shared by the reader and the writers: namespaces, GUIDs and a
lenient XML walker that accepts the namespace variants real tools write."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Condense"

# Namespace of Condense's export GUIDs: uuid5(NAMESPACE, "<kind>:<our id>") is stable across exports.
NAMESPACE = uuid.UUID("6f1d7e8a-3c41-5b0e-9a57-2f4c8d1e0b93")
_NS_VARIANT = re.compile(r"^urn:QDA-XML:(project|codebook):(1\.0|1:0|0:4|1\.5|1:5)$", re.IGNORECASE)


def guid(kind: str, our_id: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{our_id}"))


def norm_guid(value: str | None) -> str:
    """GUIDs compare case-insensitively and may carry braces (PITFALLS.md 8)."""
    return (value or "").strip().strip("{}").lower()


def local(tag: str) -> str:
    """The element name without its namespace, for namespaces this reader accepts."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        if not _NS_VARIANT.match(ns):
            return f"{{{ns}}}{name}"  # a foreign namespace: never mistaken for a REFI element
        return name
    return tag


def children(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if local(c.tag) == name]


def child(el: Element | None, name: str) -> Element | None:
    found = children(el, name)
    return found[0] if found else None


def text_of(el: Element | None, name: str) -> str:
    c = child(el, name)
    return (c.text or "").strip() if c is not None else ""


@dataclass
class Code:
    guid: str
    name: str
    codable: bool
    description: str = ""
    note_refs: list[str] = field(default_factory=list)
    children: list["Code"] = field(default_factory=list)
    parent: "Code | None" = field(default=None, repr=False)

    def path(self) -> list[str]:
        out, c = [], self
        while c is not None:
            out.append(c.name)
            c = c.parent
        return out[::-1]


def read_codes(codes_el: Element | None, parent: Code | None = None) -> list[Code]:
    out = []
    for el in children(codes_el, "Code"):
        code = Code(norm_guid(el.get("guid")), (el.get("name") or "").strip() or "(unnamed code)",
                    (el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                    text_of(el, "Description"), [norm_guid(r.get("targetGUID")) for r in children(el, "NoteRef")],
                    parent=parent)
        code.children = read_codes(el, code)
        out.append(code)
    return out


def walk(codes: list[Code]):
    for c in codes:
        yield c
        yield from walk(c.children)
