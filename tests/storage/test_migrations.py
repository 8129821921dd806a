"""Migrations create, upgrade, downgrade and match the models, on SQLite and PostgreSQL.

Each test gets a brand-new empty database (a file for SQLite, a uniquely named database on the
local PostgreSQL server), so the schema is built by the migrations alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from tremorwatch.storage import migrate
from tremorwatch.storage.all_models import metadata
from tremorwatch.storage.engine import engine_for_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = engine_for_url(f"sqlite:///{tmp_path / 'fresh.db'}")
        yield engine
        engine.dispose()
        return
    engine = engine_for_url(request.getfixturevalue("fresh_postgres_url"))
    yield engine
    engine.dispose()


def test_exactly_one_head() -> None:
    """Two heads would mean two parts each added a revision on the same parent."""
    assert len(migrate.heads()) == 1


def test_upgrade_creates_every_model_table(empty_engine: Engine) -> None:
    assert migrate.current_revision(empty_engine) is None
    migrate.upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= tables
    assert migrate.current_revision(empty_engine) == migrate.heads()[0]
    assert migrate.is_up_to_date(empty_engine)


def test_migrated_schema_matches_models(empty_engine: Engine) -> None:
    """Alembic's autogenerate comparison finds nothing to change."""
    migrate.upgrade(empty_engine)
    assert migrate.schema_differences(empty_engine) == []


def test_downgrade_to_base_and_up_again(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    leftover = set(inspect(empty_engine).get_table_names()) - {"alembic_version"}
    assert leftover == set()
    assert migrate.current_revision(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert migrate.schema_differences(empty_engine) == []


def test_every_revision_round_trips_one_step(empty_engine: Engine) -> None:
    """Walk up one revision at a time, and down again, so each downgrade is exercised."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for revision in revisions:
        migrate.upgrade(empty_engine, revision)
        assert migrate.current_revision(empty_engine) == revision
    for _ in revisions:
        migrate.downgrade(empty_engine, "-1")
    assert migrate.current_revision(empty_engine) is None


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = engine_for_url(f"sqlite:///{tmp_path / 'wal.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_unsupported_database_url_is_a_config_error() -> None:
    from tremorwatch.errors import ConfigError

    with pytest.raises(ConfigError, match="not supported"):
        engine_for_url("mysql://localhost/x")
    with pytest.raises(ConfigError, match="not a database URL"):
        engine_for_url("::nonsense::")
