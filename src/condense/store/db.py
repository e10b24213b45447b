"""Opening a project's database and running its migrations.

A project is a directory holding ``project.sqlite`` (SQLite in WAL mode). Every command is
one transaction (``Store.transaction``): it either commits whole or leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from condense.errors import ProjectError

DB_NAME = "project.sqlite"


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (``alembic upgrade head``) inside one transaction."""
    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    return engine


class Store:
    """One project's database. All writes go through :meth:`transaction`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def create(cls, directory: Path) -> "Store":
        directory = Path(directory)
        if directory.exists() and any(directory.iterdir()):
            raise ProjectError(f"{directory} already exists and is not empty; choose a new project path")
        directory.mkdir(parents=True, exist_ok=True)
        store = cls(_sqlite_engine(directory / DB_NAME))
        upgrade(store.engine)
        return store

    @classmethod
    def open(cls, directory: Path) -> "Store":
        path = Path(directory) / DB_NAME
        if not path.is_file():
            raise ProjectError(f"{directory} is not a Condense project (no {DB_NAME}); create one with 'condense init'")
        store = cls(_sqlite_engine(path))
        if current_revision(store.engine) != head_revision():
            upgrade(store.engine)
        return store

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
