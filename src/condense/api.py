"""The one Python API. The CLI and the web layer call these methods and nothing else.

Every method that changes a project runs in one transaction and writes one event per change
to the append-only log, so a failed command leaves nothing behind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, Mapping, Sequence

from sqlalchemy import func, select

from condense.api_deid import Deidentifying
from condense.api_agreement import Agreeing
from condense.api_edit import Editing
from condense.api_exchange import Exchange
from condense.api_run import RunResult, RunSettings, Running
from condense.api_workbench import Workbench
from condense.errors import BadFile, BadSettings, DuplicateFile, ProjectError
from condense.ingest import parse_transcript
from condense.ingest.participants import read_participants
from condense.model import MEMO_KINDS, Document, Memo, Participant
from condense.store import Store, repository
from condense.store import tables as t
from condense.store.events import now, record

Progress = Callable[[str, int, int], None]
__all__ = ["Project", "RunResult", "RunSettings", "Status"]


def _noop(_label: str, _done: int, _total: int) -> None:
    pass


def _slug(stem: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-")
    return slug[:80] or "document"


def _read(path: Path) -> bytes:
    if not path.exists():
        raise BadFile(f"{path} does not exist")
    if path.is_dir():
        raise BadFile(f"{path} is a folder, not a file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadFile(f"{path} cannot be read ({exc.strerror})") from None


@dataclass(frozen=True)
class Status:
    name: str
    question: str
    focus_areas: tuple[str, ...]
    researcher_language: str
    documents: tuple[dict, ...]
    participants: int
    units: int
    relevant_units: int
    themes: int
    categories: int
    memos: dict
    human_objects: int
    events: int
    last_run: str | None


class Project(Running, Workbench, Editing, Deidentifying, Exchange, Agreeing):
    """A Condense project on disk (a directory with one SQLite file)."""

    def __init__(self, path: str | Path, store: Store | None = None):
        self.path = Path(path)
        self.store = store or Store.open(self.path)

    # -- set-up -----------------------------------------------------------------------
    @classmethod
    def init(cls, path: str | Path, name: str, question: str, focus_areas: Sequence[str] = (),
             language: str = "en", actor: str = "researcher") -> "Project":
        if not name.strip():
            raise BadSettings("the project needs a name (--name)")
        if not question.strip():
            raise BadSettings("the project needs a research question (--question); it drives relevance")
        store = Store.create(Path(path))
        with store.transaction() as s:
            s.add(t.ProjectRow(id=1, name=name.strip(), question=question.strip(),
                               focus_areas=[f.strip() for f in focus_areas if f.strip()],
                               researcher_language=language, created=now(), settings={}))
            record(s, actor, "create", "project", "1", name=name, question=question,
                   focus_areas=list(focus_areas), language=language)
        return cls(path, store)

    def close(self) -> None:
        self.store.close()

    # -- ingest -------------------------------------------------------------------------
    def add(self, files: Sequence[str | Path], *, interviewer: Sequence[str] = (),
            speaker_map: Mapping[str, str] | None = None, language: str | None = None,
            encoding: str | None = None, unlabelled: Literal["continue", "informant"] = "continue",
            actor: str = "researcher", progress: Progress = _noop) -> list[Document]:
        """Ingest transcripts in one transaction: all files or none."""
        if not files:
            raise BadSettings("name at least one transcript file to add")
        parsed = []
        for i, f in enumerate(files):
            path = Path(f)
            progress(f"reading {path.name}", i, len(files))
            raw = _read(path)
            parsed.append((raw, parse_transcript(path.name, raw, interviewer=interviewer,
                                                 speaker_map=speaker_map, language=language,
                                                 encoding=encoding, unlabelled=unlabelled)))
        progress("saving", len(files), len(files))
        with self.store.transaction() as s:
            known_sha = dict(s.execute(select(t.DocumentRow.sha256, t.DocumentRow.name)).all())
            names = set(s.scalars(select(t.DocumentRow.name)))
            ids = set(s.scalars(select(t.DocumentRow.id)))
            position = s.scalar(select(func.count()).select_from(t.DocumentRow)) or 0
            batch_sha: dict[str, str] = {}
            for raw, p in parsed:
                if p.sha256 in known_sha:
                    raise DuplicateFile(f"{p.name} is already in the project (same content as {known_sha[p.sha256]})")
                if p.sha256 in batch_sha:
                    raise DuplicateFile(f"{p.name} has the same content as {batch_sha[p.sha256]}, given in the same command")
                if p.name in names:
                    raise DuplicateFile(f"{p.name}: the project already has a document of that name")
                if not any(turn.role == "informant" for turn in p.turns):
                    raise BadFile(f"{p.name} has no informant turns; check its speaker labels or pass --interviewer")
                batch_sha[p.sha256] = p.name
                names.add(p.name)
                doc_id, n = _slug(Path(p.name).stem), 2
                while doc_id in ids:
                    doc_id, n = f"{_slug(Path(p.name).stem)}-{n}", n + 1
                ids.add(doc_id)
                s.add(t.OriginalFileRow(sha256=p.sha256, filename=p.name, size=len(raw), content=raw))
                s.flush()  # the document row refers to it; rows without relationships flush in add order
                s.add(t.DocumentRow(id=doc_id, name=p.name, sha256=p.sha256, text=p.text,
                                    language=p.language, participant_id=None, format=p.format,
                                    position=position, created=now()))
                s.flush()
                position += 1
                for k, turn in enumerate(p.turns):
                    s.add(t.TurnRow(document_id=doc_id, position=k, start=turn.start, end=turn.end,
                                    speaker=turn.speaker, role=turn.role, time_start_ms=turn.time_start_ms,
                                    time_end_ms=turn.time_end_ms))
                record(s, actor, "create", "document", doc_id, name=p.name, sha256=p.sha256,
                       language=p.language, turns=len(p.turns), format=p.format)
        return [d for d in self.documents() if d.name in batch_sha.values()]

    def set_language(self, document_id: str, language: str, actor: str = "researcher") -> None:
        with self.store.transaction() as s:
            row = s.get(t.DocumentRow, document_id)
            if row is None:
                raise BadSettings(f"no document {document_id!r} in this project")
            old, row.language = row.language, language
            record(s, actor, "update", "document", document_id, language=language, previous=old)

    def load_participants(self, csv_path: str | Path, actor: str = "researcher") -> list[Participant]:
        path = Path(csv_path)
        sheet = read_participants(path.name, _read(path))
        with self.store.transaction() as s:
            docs = {d.name: d for d in s.scalars(select(t.DocumentRow))}
            by_stem = {Path(n).stem: d for n, d in docs.items()} | {d.id: d for d in docs.values()}
            for person in sheet.participants:
                row = s.get(t.ParticipantRow, person.id)
                if row is None:
                    s.add(t.ParticipantRow(id=person.id, pseudonym=person.pseudonym, attributes=person.attributes))
                    action = "create"
                else:
                    row.pseudonym, row.attributes = person.pseudonym, person.attributes
                    action = "update"
                record(s, actor, action, "participant", person.id, pseudonym=person.pseudonym,
                       attributes=person.attributes)
            s.flush()
            for doc_name, pid in sheet.documents.items():
                doc = docs.get(doc_name) or by_stem.get(Path(doc_name).stem)
                if doc is None:
                    raise BadFile(f"{path.name}: document {doc_name!r} (participant {pid}) is not in the project; "
                                  "add it first or correct the 'document' column")
                doc.participant_id = pid
                record(s, actor, "update", "document", doc.id, participant_id=pid)
        return self.participants()

    # -- memos --------------------------------------------------------------------------
    def add_memo(self, kind: str, text: str, author: str = "researcher",
                 target_id: str | None = None) -> Memo:
        if kind not in MEMO_KINDS:
            raise BadSettings(f"unknown memo kind {kind!r}; use one of {', '.join(MEMO_KINDS)}")
        if not text.strip():
            raise BadSettings("a memo needs some text")
        with self.store.transaction() as s:
            row = t.MemoRow(kind=kind, text=text.strip(), author=author, created=now(), target_id=target_id)
            s.add(row)
            s.flush()
            record(s, author, "create", "memo", str(row.id), kind=kind, text=text.strip(), target_id=target_id)
            return Memo(kind, row.text, author, row.created, target_id, row.id)

    # -- reading ------------------------------------------------------------------------
    def study(self):
        with self.store.reading() as s:
            return repository.study(s)

    def documents(self) -> list[Document]:
        with self.store.reading() as s:
            return repository.documents(s)

    def participants(self) -> list[Participant]:
        with self.store.reading() as s:
            return repository.participants(s)

    def memos(self) -> list[Memo]:
        with self.store.reading() as s:
            return repository.memos(s)

    def events(self, object_id: str | None = None, limit: int | None = None) -> list[dict]:
        from condense.store.events import history

        with self.store.reading() as s:
            return [dict(id=e.id, at=e.at, actor=e.actor, action=e.action, object_type=e.object_type,
                         object_id=e.object_id, data=e.data) for e in history(s, object_id, limit)]

    def original_file(self, document_id: str) -> bytes:
        with self.store.reading() as s:
            doc = s.get(t.DocumentRow, document_id)
            if doc is None:
                raise ProjectError(f"no document {document_id!r} in this project")
            return s.get(t.OriginalFileRow, doc.sha256).content

    def status(self) -> Status:
        with self.store.reading() as s:
            study = repository.study(s)
            docs = []
            for d in repository.documents(s):
                roles = {r: sum(1 for x in d.turns if x.role == r) for r in ("interviewer", "informant", "other")}
                docs.append(dict(id=d.id, name=d.name, language=d.language, participant=d.participant_id,
                                 words=len(d.text.split()), turns=len(d.turns), **roles))
            count = lambda table, *where: s.scalar(select(func.count()).select_from(table).where(*where)) or 0  # noqa: E731
            memo_counts = dict(s.execute(select(t.MemoRow.kind, func.count()).group_by(t.MemoRow.kind)).all())
            human = sum(count(tb, tb.source == "human") for tb in
                        (t.UnitRow, t.ThemeRow, t.SubgroupRow, t.CondensateRow, t.CategoryRow))
            last = s.scalars(select(t.RunRow.started).order_by(t.RunRow.id.desc()).limit(1)).first()
            return Status(study.name, study.question, study.focus_areas, study.researcher_language, tuple(docs),
                          count(t.ParticipantRow), count(t.UnitRow), count(t.UnitRow, t.UnitRow.relevant.is_(True)),
                          count(t.ThemeRow), count(t.CategoryRow), memo_counts, human, count(t.EventRow), last)

