"""The Alembic migrations build exactly the schema of the SQLAlchemy models; the event log is
append-only in the database itself; projects are SQLite in WAL mode."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from condense.errors import ProjectError
from condense.store import Store, head_revision, upgrade
from condense.store.db import DB_NAME, current_revision
from condense.store.tables import Base


@pytest.fixture
def migrated(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()  # an empty SQLite file
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    yield engine
    engine.dispose()


def test_upgrade_head_builds_every_table(migrated):
    tables = set(inspect(migrated).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert tables - set(Base.metadata.tables) == {"alembic_version"}
    assert current_revision(migrated) == head_revision()


def test_upgrade_is_idempotent(migrated):
    upgrade(migrated)
    assert current_revision(migrated) == head_revision()


def _model_diffs(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False})
        diffs = compare_metadata(context, Base.metadata)
    # Flatten: column modifications come as lists of tuples; server defaults are ignored.
    flat = [d for group in diffs for d in (group if isinstance(group, list) else [group])]
    return [d for d in flat if d[0] != "modify_default"]


def test_migrations_match_the_models(migrated):
    diffs = _model_diffs(migrated)
    assert diffs == [], f"the migrations and tables.py disagree: {diffs}"


def test_the_comparison_would_notice_a_missing_column(migrated):
    with migrated.begin() as connection:
        connection.execute(text("ALTER TABLE memo DROP COLUMN target_id"))
    diffs = _model_diffs(migrated)
    assert [(d[0], d[2], d[3].name) for d in diffs] == [("add_column", "memo", "target_id")]


def test_columns_and_nullability_agree(migrated):
    inspector = inspect(migrated)
    for name, table in Base.metadata.tables.items():
        reflected = {c["name"]: c for c in inspector.get_columns(name)}
        assert set(reflected) == set(table.columns.keys()), name
        for column in table.columns:
            assert reflected[column.name]["nullable"] == column.nullable, f"{name}.{column.name}"


def _insert_event(connection):
    connection.execute(text(
        "INSERT INTO event (at, actor, action, object_type, object_id, data) "
        "VALUES ('2025-01-01T00:00:00+00:00', 'tester', 'create', 'project', '1', '{}')"))


def test_event_log_refuses_update_and_delete(migrated):
    with migrated.begin() as connection:
        _insert_event(connection)
    for statement in ("UPDATE event SET actor = 'someone else'", "DELETE FROM event",
                      "UPDATE event SET data = '{\"x\": 1}' WHERE id = 1"):
        with pytest.raises(DBAPIError, match="append-only"):
            with migrated.begin() as connection:
                connection.execute(text(statement))
    with migrated.connect() as connection:
        rows = connection.execute(text("SELECT actor, data FROM event")).all()
    assert rows == [("tester", "{}")]
    with migrated.begin() as connection:  # appending still works
        _insert_event(connection)
        assert connection.execute(text("SELECT count(*) FROM event")).scalar() == 2


def test_event_log_refuses_changes_in_a_real_project(tmp_path):
    from condense.api import Project

    project = Project.init(tmp_path / "p", "Study", "Why?")
    project.close()
    raw = sqlite3.connect(tmp_path / "p" / DB_NAME)
    try:
        assert raw.execute("SELECT count(*) FROM event").fetchone()[0] == 1
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM event")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("UPDATE event SET action = 'delete'")
    finally:
        raw.close()


def test_wal_mode(tmp_path):
    store = Store.create(tmp_path / "p")
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()
    raw = sqlite3.connect(tmp_path / "p" / DB_NAME)  # WAL is persistent: a plain connection sees it too
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_open_without_a_project(tmp_path):
    with pytest.raises(ProjectError, match="not a Condense project"):
        Store.open(tmp_path)
    with pytest.raises(ProjectError):
        Store.open(tmp_path / "missing")
    assert not (tmp_path / DB_NAME).exists() and not (tmp_path / "missing").exists()


def test_create_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ProjectError, match="not empty"):
        Store.create(tmp_path)
    assert not (tmp_path / DB_NAME).exists()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_create_then_open(tmp_path):
    Store.create(tmp_path / "new" / "nested").close()  # parents are made
    store = Store.open(tmp_path / "new" / "nested")
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_transaction_rolls_back_on_error(tmp_path):
    from condense.store.tables import MemoRow

    store = Store.create(tmp_path / "p")
    try:
        with pytest.raises(RuntimeError):
            with store.transaction() as session:
                session.add(MemoRow(kind="note", text="x", author="a", created="now"))
                session.flush()
                raise RuntimeError("boom")
        with store.reading() as session:
            assert session.query(MemoRow).count() == 0
    finally:
        store.close()
