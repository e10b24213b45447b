"""Participant attributes from a CSV: first column the participant id, an optional
'pseudonym' column, an optional 'document' column naming the transcript(s) of that
participant (';'-separated); every other column is a free attribute."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from condense.errors import BadFile
from condense.ingest.readers import decode
from condense.model import Participant


@dataclass(frozen=True)
class ParticipantSheet:
    participants: tuple[Participant, ...]
    documents: dict[str, str]  # document name -> participant id


def _value(raw: str):
    raw = raw.strip()
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            pass
    return raw


def read_participants(name: str, data: bytes) -> ParticipantSheet:
    text = decode(name, data)
    if not text.strip():
        raise BadFile(f"{name} is empty")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise BadFile(f"{name} has a header but no participants")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    if len(set(lower)) != len(lower):
        raise BadFile(f"{name} has duplicate column names in its header")
    people, documents, seen = [], {}, set()
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise BadFile(f"{name}, line {line_no}: expected {len(header)} columns, found {len(row)}")
        pid = row[0].strip()
        if not pid:
            raise BadFile(f"{name}, line {line_no}: the first column (participant id) is empty")
        if pid in seen:
            raise BadFile(f"{name}, line {line_no}: participant {pid!r} appears twice")
        seen.add(pid)
        attrs, pseudonym = {}, None
        for key, low, raw in zip(header[1:], lower[1:], row[1:]):
            if low == "pseudonym":
                pseudonym = raw.strip() or None
            elif low in ("document", "documents", "file", "transcript"):
                for doc in filter(None, (d.strip() for d in raw.split(";"))):
                    documents[doc] = pid
            elif raw.strip():
                attrs[key] = _value(raw)
        people.append(Participant(id=pid, pseudonym=pseudonym, attributes=attrs))
    return ParticipantSheet(tuple(people), documents)
