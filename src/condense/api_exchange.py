"""REFI-QDA exchange on the Project API: export .qdpx/.qdc, import .qdpx/.qdc into a new or
an existing project. An import is one transaction (and a new project's folder is removed
again if it fails); an export is written to a temporary name and moved into place."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Callable

from condense.errors import BadFile, BadSettings
from condense.exchange.export import codebook_xml, duplicate_names, project_files, zip_bytes
from condense.files import write_atomically
from condense.exchange.importer import ImportReport, write_refi
from condense.exchange.reader import RefiFile, read_file
from condense.store import tables as t

__all__ = ["Exchange", "ImportReport"]

_QUESTION = re.compile(r"^Research question:\s*(.+?)(?:\nFocus areas:\n(.*))?$", re.DOTALL)


def _read(path: Path) -> RefiFile:
    if not path.is_file():
        raise BadFile(f"{path} does not exist" if not path.exists() else f"{path} is a folder, not a file")
    if path.suffix.lower() not in (".qdpx", ".qdc"):
        raise BadFile(f"{path.name}: only REFI-QDA projects (.qdpx) and codebooks (.qdc) can be imported")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadFile(f"{path} cannot be read ({exc.strerror})") from None
    return read_file(path.name, data)


def _study_from(refi: RefiFile, question: str | None) -> tuple[str, list[str]]:
    m = _QUESTION.match(refi.description or "")
    if m:
        focus = [line[2:].strip() for line in (m.group(2) or "").splitlines() if line.startswith("- ")]
        return question or m.group(1).strip(), focus
    return question or refi.description or f"(research question not given: imported from {refi.file})", []


class Exchange:
    store: object
    path: Path

    def export_qdpx(self, path: str | Path, deidentify: bool = False,
                    redact: Callable[[str], str] | None = None) -> Path:
        """Write the project as a REFI-QDA project. ``deidentify`` runs every exported text
        through ``redact``: by default the project's accepted de-identification mapping
        (``condense deid``); the mapping itself is never exported."""
        path = Path(path)
        if deidentify and redact is None:
            from condense.deid.transform import Replacer

            redact = Replacer(self.deid_state().mapping)
        with self.store.reading() as s:
            files = project_files(s, redact if deidentify else None)
        write_atomically(path, zip_bytes(files))
        return path

    def export_qdc(self, path: str | Path) -> Path:
        path = Path(path)
        with self.store.reading() as s:
            from sqlalchemy import func, select

            if not s.scalar(select(func.count()).select_from(t.ThemeRow)):
                raise BadSettings("the project has no themes yet, so there is no codebook to export; run it first")
            data = codebook_xml(s)
        write_atomically(path, data)
        return path

    def duplicate_code_names(self) -> list[str]:
        """Code names an export repeats among siblings, which tools that key codes by name
        (QualCoder) merge or drop on import (PITFALLS.md 7)."""
        with self.store.reading() as s:
            return duplicate_names(s)

    def import_refi(self, file: str | Path, actor: str = "researcher") -> ImportReport:
        """Add a .qdpx project or a .qdc codebook to this project, all or nothing."""
        refi = _read(Path(file))
        with self.store.transaction() as s:
            return write_refi(s, refi, actor)

    @classmethod
    def import_qdpx(cls, file: str | Path, project_dir: str | Path, question: str | None = None,
                    language: str = "en", actor: str = "researcher"):
        """A new project made from a REFI-QDA file; returns (project, report). Nothing is left
        behind if the file is refused."""
        refi = _read(Path(file))  # parsed and checked before anything is created
        project_dir = Path(project_dir)
        existed = project_dir.exists()
        was_empty = existed and project_dir.is_dir() and not any(project_dir.iterdir())
        q, focus = _study_from(refi, question)
        try:
            project = cls.init(project_dir, refi.name, q, focus, language, actor)
            with project.store.transaction() as s:
                report = write_refi(s, refi, actor)
                if refi.created:  # the study began when the file says, not at the import
                    s.get(t.ProjectRow, 1).created = refi.created
        except BaseException:
            if "project" in locals():
                project.close()
            if not existed and project_dir.exists():
                shutil.rmtree(project_dir)
            elif was_empty:  # leave the empty folder the user gave as it was
                for child in project_dir.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            raise
        return project, report
