"""Checks that run before a container format is opened: ZIP bombs, path tricks, damage."""

from __future__ import annotations

import io
import zipfile
import zlib

from condense.errors import BadFile

MAX_UNCOMPRESSED = 200 * 1024 * 1024   # a 3-hour transcript as .docx is a few MB
MAX_RATIO = 200                         # text compresses ~5-20x; bombs compress 1000x+
MAX_MEMBERS = 10_000


def check_zip(name: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP container after refusing bombs, path tricks and damage."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise BadFile(f"{name} is not a valid {kind} file: it is damaged or not a {kind} at all ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise BadFile(f"{name} holds {len(infos)} parts, more than any real {kind}; refused as a possible ZIP bomb")
    total = 0
    for info in infos:
        member = info.filename
        if member.startswith(("/", "\\")) or ".." in member.replace("\\", "/").split("/") or ":" in member.split("/")[0]:
            raise BadFile(f"{name} contains a part with an unsafe path ({member!r}); refused")
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            raise BadFile(f"{name} is refused as a possible ZIP bomb: part {member!r} expands "
                          f"{info.file_size // max(info.compress_size, 1)}-fold")
    if total > MAX_UNCOMPRESSED:
        raise BadFile(f"{name} is refused as a possible ZIP bomb: it would expand to {total // 2**20} MB")
    # Checksums only after the size checks, so a bomb is refused before it is decompressed.
    try:
        bad = archive.testzip() if len(data) < 20 * 1024 * 1024 else None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise BadFile(f"{name} is not a valid {kind} file: it is damaged or not a {kind} at all ({exc})") from None
    if bad is not None:
        raise BadFile(f"{name} is a damaged {kind} file: its part {bad!r} fails its checksum")
    return archive
