"""Generative engine: a cache of model answers, and one row per generated sentence or label
(kept, dropped or unverified) with its provenance and the guard's verdict.

Revision ID: 0005_generation
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_generation"
down_revision = "0004_deid"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "generation_cache",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("engine", sa.String(100), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("answer", sa.JSON, nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_table(
        "generation",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(100), nullable=True),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("unit_ids", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("run.id"), nullable=True),
    )
    op.create_index("ix_generation_object_id", "generation", ["object_id"])


def downgrade() -> None:
    op.drop_index("ix_generation_object_id", "generation")
    op.drop_table("generation")
    op.drop_table("generation_cache")
