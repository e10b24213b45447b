"""The workbench looks up an object's latest event (its version, for optimistic concurrency)
on every edit: index the event log by object id.

Revision ID: 0003_workbench
"""

from alembic import op

revision = "0003_workbench"
down_revision = "0002_agreement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_object_id", "event", ["object_id"])


def downgrade() -> None:
    op.drop_index("ix_event_object_id", table_name="event")
