"""The first schema: project, participants, documents and turns, the STC objects, runs and
the append-only event log.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SOURCE = dict(nullable=False, server_default="machine")


def _run_fk():
    return sa.Column("run_id", sa.Integer, sa.ForeignKey("run.id"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("focus_areas", sa.JSON, nullable=False),
        sa.Column("researcher_language", sa.String(16), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
    )
    op.create_table(
        "participant",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("pseudonym", sa.String(100), nullable=True),
        sa.Column("attributes", sa.JSON, nullable=False),
    )
    op.create_table(
        "original_file",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("filename", sa.String(500), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False, unique=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("original_file.sha256"), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("participant_id", sa.String(100), sa.ForeignKey("participant.id"), nullable=True),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_table(
        "turn",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(100), sa.ForeignKey("document.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("time_start_ms", sa.Integer, nullable=True),
        sa.Column("time_end_ms", sa.Integer, nullable=True),
    )
    op.create_table(
        "run",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch", sa.String(40), nullable=False, index=True),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("engine", sa.String(100), nullable=False),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("started", sa.String(40), nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("document_id", sa.String(100), sa.ForeignKey("document.id"), nullable=False, index=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("relevant", sa.Boolean, nullable=False),
        sa.Column("relevance", sa.Float, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
    )
    op.create_table(
        "category",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("analytic_text", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
    )
    op.create_table(
        "theme",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("category_id", sa.String(40), sa.ForeignKey("category.id"), nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("theme_id", sa.String(40), sa.ForeignKey("theme.id"), nullable=False, index=True),
        sa.Column("unit_id", sa.String(40), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("display_text", sa.Text, nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
        sa.UniqueConstraint("theme_id", "unit_id"),
    )
    op.create_table(
        "coding",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("unit_id", sa.String(40), sa.ForeignKey("unit.id"), nullable=False, index=True),
        sa.Column("theme_id", sa.String(40), sa.ForeignKey("theme.id"), nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("coder", sa.String(200), nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
        sa.UniqueConstraint("unit_id", "theme_id", "coder"),
    )
    op.create_table(
        "unassigned",
        sa.Column("unit_id", sa.String(40), sa.ForeignKey("unit.id"), primary_key=True),
        sa.Column("reason", sa.Text, nullable=False),
        _run_fk(),
    )
    op.create_table(
        "subgroup",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("theme_id", sa.String(40), sa.ForeignKey("theme.id"), nullable=False, index=True),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("unit_ids", sa.JSON, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
    )
    op.create_table(
        "condensate",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("subgroup_id", sa.String(40), sa.ForeignKey("subgroup.id"), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("unit_ids", sa.JSON, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("voice", sa.String(16), nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
    )
    op.create_table(
        "impression",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(100), sa.ForeignKey("document.id"), nullable=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("preliminary_themes", sa.JSON, nullable=False),
        sa.Column("source", sa.String(8), **_SOURCE),
        _run_fk(),
    )
    op.create_table(
        "memo",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
        sa.Column("target_id", sa.String(100), nullable=True),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(100), nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "embedding",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    _protect_event_log()


def _protect_event_log() -> None:
    """The event log is append-only: the database itself refuses UPDATE and DELETE."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER event_no_{verb.lower()} BEFORE {verb} ON event "
                "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION event_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the event log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
            "FOR EACH ROW EXECUTE FUNCTION event_append_only()"
        )


def downgrade() -> None:
    for name in ("embedding", "event", "memo", "impression", "condensate", "subgroup", "unassigned",
                 "coding", "quote", "theme", "category", "unit", "run", "turn", "document", "original_file",
                 "participant", "project"):
        op.drop_table(name)
