"""File formats -> normalised text (+ speaker hints). One function per format; no I/O here
beyond the bytes handed in, so ingest stays one transaction."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from condense.errors import BadFile, MissingDependency, UnsupportedFormat
from condense.ingest.guards import check_zip
from condense.model import Turn
from condense.spans import normalise

FORMATS = ("txt", "md", "docx", "pdf", "odt", "vtt", "srt")


@dataclass(frozen=True)
class LabelHint:
    """A speaker label the format marks itself (bold in .docx): ``text[start:end]`` is the label."""

    start: int
    end: int
    speaker: str


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    labels: tuple[LabelHint, ...] = ()
    # Formats with their own speaker/time structure (subtitles) give turns directly.
    turns: tuple[Turn, ...] | None = None
    warnings: tuple[str, ...] = field(default=())


def extract(name: str, data: bytes, encoding: str | None = None) -> Extracted:
    """Read one file's bytes. Raises BadFile/UnsupportedFormat with a one-sentence message."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnsupportedFormat(
            f"{name}: unknown format '.{suffix}'; Condense reads {', '.join('.' + f for f in FORMATS)}")
    if not data.strip():
        raise BadFile(f"{name} is empty")
    reader = _READERS[suffix]
    result = reader(name, data, encoding) if suffix in ("txt", "md", "vtt", "srt") else reader(name, data)
    if not result.text.strip():
        raise BadFile(f"{name} contains no text (a scanned PDF needs OCR first)" if suffix == "pdf"
                      else f"{name} contains no text")
    return result


def decode(name: str, data: bytes, encoding: str | None = None) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or the encoding the user names."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise BadFile(f"{name} cannot be read as {encoding}: {exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadFile(f"{name} starts like UTF-16 but is damaged: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "save it as UTF-8 or name its encoding with --encoding (for example cp1252)") from None


def _plain(name: str, data: bytes, encoding: str | None) -> Extracted:
    text = normalise(decode(name, data, encoding))
    if "\x00" in text:
        raise BadFile(f"{name} looks like a binary file, not text")
    return Extracted(text=text, format=PurePath(name).suffix.lower().lstrip("."))


def _docx(name: str, data: bytes) -> Extracted:
    check_zip(name, data, "Word (.docx)")
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover
        raise MissingDependency("python-docx", "Reading .docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged packages
        raise BadFile(f"{name} is not a readable Word document ({type(exc).__name__}: {exc})") from None
    parts: list[str] = []
    labels: list[LabelHint] = []
    pos = 0
    for paragraph in document.paragraphs:
        ptext = normalise(paragraph.text)
        bold = ""
        for run in paragraph.runs:
            if run.bold and run.text:
                bold += run.text
            else:
                break
        label = normalise(bold).strip()
        if label and len(label) <= 40 and ptext.startswith(bold) and len(ptext.strip()) > len(label):
            lead = len(ptext) - len(ptext.lstrip())
            labels.append(LabelHint(pos + lead, pos + lead + len(label), label.rstrip(":").strip()))
        parts.append(ptext)
        pos += len(ptext) + 1
    return Extracted(text="\n".join(parts), format="docx", labels=tuple(labels))


def _odt(name: str, data: bytes) -> Extracted:
    check_zip(name, data, "OpenDocument (.odt)")
    try:
        from odf import teletype, text as odftext
        from odf.opendocument import load
    except ImportError:  # pragma: no cover
        raise MissingDependency("odfpy", "Reading .odt") from None
    try:
        document = load(io.BytesIO(data))
        paragraphs = [teletype.extractText(p) for p in document.getElementsByType(odftext.P)]
    except Exception as exc:
        raise BadFile(f"{name} is not a readable OpenDocument text ({type(exc).__name__}: {exc})") from None
    return Extracted(text=normalise("\n".join(paragraphs)), format="odt")


def _pdf(name: str, data: bytes) -> Extracted:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover
        raise MissingDependency("pypdf", "Reading .pdf") from None
    # pypdf logs warnings ("EOF marker not found") to stderr; the CLI's error must stay one line.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise BadFile(f"{name} is an encrypted PDF; remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise BadFile(f"{name} is not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pypdf_log.setLevel(level)
    text = normalise("\n".join(p.strip("\n") for p in pages))
    return Extracted(text=re.sub(r"[ \t]+\n", "\n", text), format="pdf")


def _subtitles(name: str, data: bytes, encoding: str | None) -> Extracted:
    from condense.ingest.subtitles import parse_subtitles

    fmt = PurePath(name).suffix.lower().lstrip(".")
    text, turns = parse_subtitles(name, normalise(decode(name, data, encoding)), fmt)
    return Extracted(text=text, format=fmt, turns=turns)


_READERS = {"txt": _plain, "md": _plain, "docx": _docx, "odt": _odt, "pdf": _pdf,
            "vtt": _subtitles, "srt": _subtitles}
