"""Which meaning units each coder has coded, so a unit a co-reader read and left without a
theme counts as "no theme" in agreement, not as missing.

Revision ID: 0002_agreement
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_agreement"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coded_unit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("unit_id", sa.String(40), sa.ForeignKey("unit.id"), nullable=False, index=True),
        sa.Column("coder", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.UniqueConstraint("unit_id", "coder"),
    )


def downgrade() -> None:
    op.drop_table("coded_unit")
