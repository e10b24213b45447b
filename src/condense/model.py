"""The plain data model: frozen dataclasses, no I/O. The store maps these to tables; the
steps read and make them; the reports render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["interviewer", "informant", "other"]
Source = Literal["machine", "human"]
MemoKind = Literal["preconception", "reflexive", "decision", "note"]
MEMO_KINDS = ("preconception", "reflexive", "decision", "note")


@dataclass(frozen=True)
class Study:
    """What a run needs to know about the project: the question and the guide's focus."""

    name: str
    question: str
    focus_areas: tuple[str, ...] = ()
    researcher_language: str = "en"


@dataclass(frozen=True)
class Participant:
    id: str
    pseudonym: str | None = None
    attributes: dict = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str
    role: Role
    time_start_ms: int | None = None
    time_end_ms: int | None = None


@dataclass(frozen=True)
class Document:
    id: str
    name: str
    text: str
    language: str
    turns: tuple[Turn, ...]
    sha256: str = ""
    participant_id: str | None = None
    format: str = "txt"


@dataclass(frozen=True)
class Unit:
    """A meaning unit: a span of one informant turn (steps 2-3)."""

    id: str
    document_id: str
    start: int
    end: int
    text: str
    relevant: bool = True
    relevance: float | None = None
    reason: str | None = None
    source: Source = "machine"


@dataclass(frozen=True)
class Coding:
    unit_id: str
    theme_id: str
    score: float | None = None
    coder: str = "machine"
    source: Source = "machine"


@dataclass(frozen=True)
class Condensate:
    id: str
    text: str
    unit_ids: tuple[str, ...]
    language: str
    voice: Literal["first-person", "third-person"] = "first-person"
    source: Source = "machine"


@dataclass(frozen=True)
class Subgroup:
    id: str
    theme_id: str
    label: str
    unit_ids: tuple[str, ...]
    condensate: Condensate
    source: Source = "machine"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str = ""
    unit_ids: tuple[str, ...] = ()
    quote_unit_ids: tuple[str, ...] = ()
    category_id: str | None = None
    source: Source = "machine"


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    theme_ids: tuple[str, ...]
    description: str = ""
    analytic_text: str = ""
    source: Source = "machine"


@dataclass(frozen=True)
class Impression:
    document_id: str | None
    summary: str
    preliminary_themes: tuple[str, ...] = ()
    source: Source = "machine"


@dataclass(frozen=True)
class Memo:
    kind: MemoKind
    text: str
    author: str = "researcher"
    created: str = ""
    target_id: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Quote:
    unit_id: str
    theme_id: str
    text: str
    display_text: str
    attribution: str | None = None


@dataclass(frozen=True)
class Unassigned:
    unit_id: str
    reason: str


@dataclass(frozen=True)
class RunRecord:
    step: str
    engine: str
    model: str | None
    params: dict
    started: str
    seconds: float
    id: int | None = None


@dataclass(frozen=True)
class Generation:
    """A sentence or label a generative engine drafted, and what became of it: ``kept`` (it
    passed the faithfulness guard and is in the analysis), ``dropped`` (the extractive draft
    stands in its place) or ``unverified`` (shown beside its sources, never as the analysis)."""

    step: str
    object_type: str          # impression, theme, condensate, category, quote
    object_id: str | None
    field: str                # summary, label, description, text, analytic_text, translation
    text: str
    unit_ids: tuple[str, ...]
    status: Literal["kept", "dropped", "unverified"]
    score: float | None = None
    reasons: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict, hash=False, compare=True)
