"""What every step sees: the corpus (documents with turns, split into sentences once) and the
drafts steps hand to each other. Plain frozen data; no I/O."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from condense.model import Document, Participant, Study, Unit
from condense.steps.sentences import split_sentences


@dataclass(frozen=True)
class Sentence:
    document_id: str
    turn: int          # index of the turn in its document
    start: int
    end: int
    text: str
    language: str


@dataclass(frozen=True)
class Judgement:
    """Step 2: one informant sentence judged against the question."""

    sentence: Sentence
    relevant: bool
    score: float
    reason: str


@dataclass(frozen=True)
class Corpus:
    study: Study
    documents: tuple[Document, ...]
    participants: tuple[Participant, ...] = ()

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    @cached_property
    def informant_sentences(self) -> tuple[Sentence, ...]:
        out = []
        for doc in self.documents:
            for k, turn in enumerate(doc.turns):
                if turn.role != "informant":
                    continue
                for s, e in split_sentences(doc.text, turn.start, turn.end):
                    out.append(Sentence(doc.id, k, s, e, doc.text[s:e], doc.language))
        return tuple(out)

    def participant_of(self, document_id: str) -> str:
        """The participant a document belongs to (the document itself when none is set)."""
        doc = self.by_id[document_id]
        return doc.participant_id or f"doc:{doc.id}"

    def language_of(self, unit: Unit) -> str:
        return self.by_id[unit.document_id].language

    def question_before(self, document_id: str, turn_index: int) -> str | None:
        """The interviewer turn that prompted an informant turn, if any."""
        doc = self.by_id[document_id]
        for k in range(turn_index - 1, -1, -1):
            if doc.turns[k].role == "interviewer":
                t = doc.turns[k]
                return doc.text[t.start:t.end]
        return None


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def unit_id(document_id: str, start: int, end: int) -> str:
    return stable_id("u", document_id, start, end)


@dataclass(frozen=True)
class UnitVectors:
    """Unit embeddings (mean of their sentences' embeddings), aligned with ``units``."""

    units: tuple[Unit, ...]
    vectors: np.ndarray = field(repr=False)

    def of(self, unit_ids) -> np.ndarray:
        index = {u.id: i for i, u in enumerate(self.units)}
        return self.vectors[[index[i] for i in unit_ids]]
