"""A REFI-QDA codebook (.qdc) as the entries of a deductive run (``condense run --codebook``).

Every codable code is a theme; a nested one is labelled with its path (``Parent / Child``,
since names repeat across parents); a top-level code that is not codable is the main
category of the themes below it."""

from __future__ import annotations

from pathlib import Path

from condense.errors import BadFile, BadSettings
from condense.exchange.reader import read_file
from condense.exchange.refi import Code


def codebook_entries(path: Path) -> list:
    from condense.steps.themes import CodebookEntry

    refi = read_file(path.name, path.read_bytes())
    entries, seen = [], {}

    def visit(code: Code, category: str | None, prefix: str) -> None:
        label = f"{prefix} / {code.name}" if prefix else code.name
        if code.codable or code.parent is not None:
            if label.casefold() in seen:
                raise BadSettings(f"codebook {path.name} has the code {label!r} twice; labels must be unique")
            seen[label.casefold()] = True
            entries.append(CodebookEntry(label, code.description, category))
        for c in code.children:
            visit(c, category, label if (code.codable or code.parent is not None) else "")

    for top in refi.codes:
        visit(top, None if top.codable else top.name, "")
    if not entries:
        raise BadFile(f"codebook {path.name} has no codable codes")
    return entries
