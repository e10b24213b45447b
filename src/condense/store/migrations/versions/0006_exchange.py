"""REFI-QDA exchange: the GUID, date and creator an imported file gave each object, so a
re-export keeps the other tool's identities.

Revision ID: 0006_exchange
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_exchange"
down_revision = "0005_generation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refi_guid",
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("guid", sa.String(40), nullable=False),
        sa.Column("created", sa.String(40), nullable=True),
        sa.Column("creator", sa.String(200), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("refi_guid")
