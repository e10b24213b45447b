"""Opening untrusted REFI-QDA files: XML without entities or DTDs, ZIPs without path tricks,
bombs or damage. Every refusal is a ``BadFile`` whose one sentence names the file."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from condense.errors import BadFile, MissingDependency
from condense.ingest.guards import check_zip

MAX_XML_BYTES = 100 * 1024 * 1024  # a .qde with 100,000 codings is ~50 MB


def parse_xml(name: str, data: bytes) -> Element:
    """Parse XML with defusedxml: any DTD (so any entity, internal or external) is refused,
    which stops XXE and billion-laughs before a single entity is expanded."""
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring
    except ImportError:  # pragma: no cover - a core dependency
        raise MissingDependency("defusedxml", "Reading REFI-QDA files") from None
    if len(data) > MAX_XML_BYTES:
        raise BadFile(f"{name} is refused: its XML is larger than {MAX_XML_BYTES // 2**20} MB")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise BadFile(f"{name} is refused: its XML declares a DTD or entities, which REFI-QDA files never "
                      f"need ({type(exc).__name__})") from None
    except ParseError as exc:
        raise BadFile(f"{name} is not well-formed XML ({exc})") from None


@dataclass
class QdpxArchive:
    """A checked .qdpx: the one root ``*.qde`` and case-insensitive access to ``sources/``."""

    name: str
    zip: zipfile.ZipFile
    qde: str

    def read(self, member: str) -> bytes:
        info = self.zip.getinfo(member)
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise BadFile(f"{self.name} is damaged: its part {member!r} cannot be read ({exc})") from None

    def source(self, internal_path: str | None) -> bytes | None:
        """The bytes behind ``internal://FILE`` (in ``sources/`` or ``Sources/``), or None."""
        if not internal_path:
            return None
        ref = internal_path.strip()
        if "://" in ref:
            scheme, ref = ref.split("://", 1)
            if scheme.lower() != "internal":
                return None  # relative:// and absolute:// point outside the archive
        ref = ref.replace("\\", "/").lstrip("/").lower()
        for info in self.zip.infolist():
            parts = info.filename.replace("\\", "/").split("/")
            if len(parts) == 2 and parts[0].lower() == "sources" and parts[1].lower() == ref:
                return self.read(info.filename)
        return None


def open_qdpx(name: str, data: bytes) -> QdpxArchive:
    archive = check_zip(name, data, "REFI-QDA project (.qdpx)")
    roots = [i.filename for i in archive.infolist()
             if "/" not in i.filename.replace("\\", "/") and i.filename.lower().endswith(".qde")]
    if not roots:
        raise BadFile(f"{name} is not a REFI-QDA project: it holds no .qde file at its top level")
    if len(roots) > 1:
        raise BadFile(f"{name} holds {len(roots)} .qde files ({', '.join(sorted(roots))}); a project has exactly one")
    return QdpxArchive(name, archive, roots[0])
