"""SQLAlchemy 2 table mappings. Portable types only (JSON, Text, LargeBinary), so the same
models run on SQLite and PostgreSQL. The schema itself is built by the Alembic migrations in
``migrations/versions``; ``tests/store/test_migrations.py`` checks the two agree."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ProjectRow(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    focus_areas: Mapped[list] = mapped_column(JSON, default=list)
    researcher_language: Mapped[str] = mapped_column(String(16), default="en")
    created: Mapped[str] = mapped_column(String(40))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)


class ParticipantRow(Base):
    __tablename__ = "participant"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    pseudonym: Mapped[str | None] = mapped_column(String(100), nullable=True)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class OriginalFileRow(Base):
    """The original file's bytes, kept inside the project so ingest is one transaction."""

    __tablename__ = "original_file"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class DocumentRow(Base):
    __tablename__ = "document"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("original_file.sha256"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participant.id"), nullable=True)
    format: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    created: Mapped[str] = mapped_column(String(40))


class TurnRow(Base):
    __tablename__ = "turn"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    time_start_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    time_end_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RunRow(Base):
    __tablename__ = "run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch: Mapped[str] = mapped_column(String(40), index=True)
    step: Mapped[str] = mapped_column(String(40))
    engine: Mapped[str] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    started: Mapped[str] = mapped_column(String(40))
    seconds: Mapped[float] = mapped_column(Float)


class UnitRow(Base):
    __tablename__ = "unit"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    relevant: Mapped[bool] = mapped_column(Boolean, default=True)
    relevance: Mapped[float | None] = mapped_column(Float, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class CategoryRow(Base):
    __tablename__ = "category"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    analytic_text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class ThemeRow(Base):
    __tablename__ = "theme"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class QuoteRow(Base):
    """An illustrative quotation chosen for a theme: a verbatim unit, trimmed for display."""

    __tablename__ = "quote"
    __table_args__ = (UniqueConstraint("theme_id", "unit_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("unit.id"))
    display_text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class CodingRow(Base):
    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("unit_id", "theme_id", "coder"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("unit.id"), index=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    coder: Mapped[str] = mapped_column(String(200), default="machine")
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class CodedUnitRow(Base):
    """A coder has coded this unit (with the themes in ``coding``, or with none)."""

    __tablename__ = "coded_unit"
    __table_args__ = (UniqueConstraint("unit_id", "coder"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("unit.id"), index=True)
    coder: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class UnassignedRow(Base):
    __tablename__ = "unassigned"
    unit_id: Mapped[str] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class SubgroupRow(Base):
    __tablename__ = "subgroup"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class CondensateRow(Base):
    __tablename__ = "condensate"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    subgroup_id: Mapped[str] = mapped_column(ForeignKey("subgroup.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(16))
    voice: Mapped[str] = mapped_column(String(16), default="first-person")
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class ImpressionRow(Base):
    __tablename__ = "impression"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("document.id"), nullable=True)
    summary: Mapped[str] = mapped_column(Text)
    preliminary_themes: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)


class MemoRow(Base):
    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(100), nullable=True)


class EventRow(Base):
    """Append-only log of every change; the migration adds triggers that refuse UPDATE and
    DELETE on this table."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class EmbeddingRow(Base):
    """Cache of sentence embeddings, keyed by model name and text hash, so re-runs are fast."""

    __tablename__ = "embedding"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class DeidFindingRow(Base):
    """One occurrence of a possible identifier in a transcript (de-identification review).
    Machine findings are re-made by detection; human-added ones (detector 'human') are kept."""

    __tablename__ = "deid_finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    detector: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float, default=1.0)
    entry_id: Mapped[int] = mapped_column(ForeignKey("deid_entry.id"), index=True)


class DeidEntryRow(Base):
    """The project's mapping: one surface form (e.g. 'Anna Berg'), its type, the researcher's
    decision and its consistent replacement. Never leaves the project."""

    __tablename__ = "deid_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    surface: Mapped[str] = mapped_column(String(300), unique=True)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    replacement: Mapped[str | None] = mapped_column(String(100), nullable=True)
    source: Mapped[str] = mapped_column(String(8), default="machine")
    created: Mapped[str] = mapped_column(String(40))


class RefiGuidRow(Base):
    """The GUID (and date and creator, which Condense has no column for) a REFI-QDA file gave
    an object we imported (kind + our key), so exporting again keeps the other tool's identities."""

    __tablename__ = "refi_guid"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    guid: Mapped[str] = mapped_column(String(40))
    created: Mapped[str | None] = mapped_column(String(40), nullable=True)
    creator: Mapped[str | None] = mapped_column(String(200), nullable=True)


class GenerationCacheRow(Base):
    """A generative engine's answer, keyed by hash(engine, model sha256, template version, input),
    so a re-run asks the model only about what changed."""

    __tablename__ = "generation_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    engine: Mapped[str] = mapped_column(String(100))
    model: Mapped[str] = mapped_column(String(200))
    template: Mapped[str] = mapped_column(String(100))
    answer: Mapped[dict] = mapped_column(JSON)
    created: Mapped[str] = mapped_column(String(40))


class GenerationRow(Base):
    """One generated sentence or label: kept (passed the guard), dropped (the extractive draft
    stands) or unverified (shown beside its sources, never as the analysis), with provenance."""

    __tablename__ = "generation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    step: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    field: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"), nullable=True)
