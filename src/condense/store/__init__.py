"""The project store: SQLAlchemy tables, Alembic migrations, the event log, and the mapping
between rows and the plain data model."""

from condense.store.db import Store, head_revision, upgrade

__all__ = ["Store", "head_revision", "upgrade"]
