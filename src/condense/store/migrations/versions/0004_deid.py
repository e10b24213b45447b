"""De-identification: findings (occurrences of possible identifiers) and the mapping of
surface forms to replacements. The quote mode lives in project.settings['deid'].

Revision ID: 0004_deid
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_deid"
down_revision = "0003_workbench"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deid_entry",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("surface", sa.String(300), nullable=False, unique=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("replacement", sa.String(100), nullable=True),
        sa.Column("source", sa.String(8), nullable=False, server_default="machine"),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_table(
        "deid_finding",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(100), sa.ForeignKey("document.id"), nullable=False, index=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("detector", sa.String(40), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("deid_entry.id"), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("deid_finding")
    op.drop_table("deid_entry")
