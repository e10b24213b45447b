"""Shaping what the API returns for the templates: no data access, no decisions, only layout
(which units colour which stretch of a turn, which themes sit in which column). Offsets leave
here in UTF-16 code units, the browser's count, converted by ``spans.cp_to_utf16``."""

from __future__ import annotations

from dataclasses import dataclass

from condense.model import Category, Document, Theme, Unit
from condense.spans import cp_to_utf16

PALETTE = ("#ffd966", "#9fc5e8", "#b6d7a8", "#f4cccc", "#d9d2e9", "#fce5cd", "#a2c4c9", "#ead1dc",
           "#c9daf8", "#d9ead3", "#fff2cc", "#cfe2f3")


def theme_colours(themes: list[Theme]) -> dict[str, str]:
    return {th.id: PALETTE[i % len(PALETTE)] for i, th in enumerate(themes)}


@dataclass(frozen=True)
class Segment:
    text: str
    unit_ids: tuple[str, ...]
    colour: str | None
    human: bool = False  # the innermost unit here was made or changed by a person


@dataclass(frozen=True)
class TurnView:
    index: int
    speaker: str
    role: str
    start16: int  # where the turn's text starts in the document, in UTF-16 units
    segments: tuple[Segment, ...]


def turn_views(doc: Document, units: list[Unit], theme_of: dict[str, list[str]],
               colours: dict[str, str], shown: set[str]) -> list[TurnView]:
    """Each turn's text cut at unit edges; a piece covered by a shown unit carries its ids and
    the colour of its first theme (grey if it has none). The pieces join to exactly the turn's
    text, so the browser's offsets inside a turn are offsets into the document."""
    mine = [u for u in units if u.document_id == doc.id and u.id in shown]
    out = []
    for k, turn in enumerate(doc.turns):
        inside = [u for u in mine if u.start < turn.end and turn.start < u.end]
        cuts = sorted({turn.start, turn.end} | {max(turn.start, min(turn.end, x)) for u in inside
                                                 for x in (u.start, u.end)})
        segments = []
        for a, b in zip(cuts, cuts[1:]):
            # innermost unit first: a click opens it, and its theme gives the colour
            covering = tuple(u.id for u in sorted(inside, key=lambda u: u.end - u.start)
                             if u.start <= a and b <= u.end)
            colour = None
            if covering:
                themes = theme_of.get(covering[0], [])
                colour = colours.get(themes[0], "#e0e0e0") if themes else "#e0e0e0"
            human = bool(covering) and next(u for u in inside if u.id == covering[0]).source == "human"
            segments.append(Segment(doc.text[a:b], covering, colour, human))
        out.append(TurnView(k, turn.speaker, turn.role, cp_to_utf16(doc.text, turn.start), tuple(segments)))
    return out


@dataclass(frozen=True)
class Column:
    category: Category | None
    themes: tuple[Theme, ...]


def board_columns(themes: list[Theme], categories: list[Category]) -> list[Column]:
    """Box 1: one column per main category, then the themes no category holds."""
    by_id = {th.id: th for th in themes}
    columns = [Column(c, tuple(by_id[i] for i in c.theme_ids if i in by_id)) for c in categories]
    placed = {i for c in categories for i in c.theme_ids}
    loose = tuple(th for th in themes if th.id not in placed)
    if loose or not categories:
        columns.append(Column(None, loose))
    return columns


def participants_of(themes: list[Theme], units: dict[str, Unit], person_of_doc: dict[str, str]) -> dict[str, list[str]]:
    return {th.id: sorted({person_of_doc.get(units[u].document_id, units[u].document_id)
                           for u in th.unit_ids if u in units}) for th in themes}


@dataclass(frozen=True)
class Snippet:
    """A few words of transcript around one occurrence of an identifier."""

    document: str
    before: str
    match: str
    after: str


def snippet(doc: Document, start: int, end: int, width: int = 60) -> Snippet:
    """``doc.text[start:end]`` with up to ``width`` characters either side within its turn, cut
    at a space and kept on one line; the pieces are plain text (the template escapes them)."""
    turn = next((t for t in doc.turns if t.start <= start and end <= t.end), None)
    lo, hi = (turn.start, turn.end) if turn else (0, len(doc.text))
    before = doc.text[max(lo, start - width):start]
    after = doc.text[end:min(hi, end + width)]
    if start - width > lo and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if end + width < hi and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return Snippet(doc.name, " ".join(before.split("\n")), doc.text[start:end], " ".join(after.split("\n")))


def label_attribute_choices(participants) -> list[str]:
    """Participant attributes a labelled quote can show ('age_band' is made from 'age')."""
    names = {k for p in participants for k in (p.attributes or {})}
    return sorted(names | ({"age_band"} if "age" in names else set()))
