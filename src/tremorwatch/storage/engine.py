"""Engines and sessions, built by factories (nothing is created at import time).

``make_engine(settings)`` gives SQLite in the data folder by default (WAL journal, foreign keys
on, a busy timeout so concurrent writers wait instead of failing) or the server named by
``TREMORWATCH_DATABASE_URL`` (PostgreSQL: ``postgresql+psycopg://user@host/db``).
``make_session_factory(engine)`` gives the ``sessionmaker`` the services use; services commit
their own unit of work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tremorwatch.config import Settings
from tremorwatch.errors import ConfigError, StorageError

#: Seconds a SQLite writer waits for the lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 30


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.close()


def _connection_failure_as_storage_error(context: ExceptionContext) -> None:
    """Replace a failure to connect (no connection yet) by a StorageError a person can act on."""
    failure = context.sqlalchemy_exception
    if context.connection is not None or not isinstance(failure, OperationalError):
        return
    engine = context.engine
    where = engine.url.render_as_string(hide_password=True) if engine is not None else "?"
    reason = str(failure.orig).strip().splitlines()[0] if failure.orig else str(failure)
    raise StorageError(
        f"Cannot connect to the database {where}: {reason}. Check that the database server is "
        "running and that TREMORWATCH_DATABASE_URL is right."
    ) from failure


def engine_for_url(url: str, **options: Any) -> Engine:
    """An engine for ``url`` with tremorwatch's connection settings.

    Raises
    ------
    ConfigError
        The URL cannot be parsed or names a database tremorwatch does not support.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"TREMORWATCH_DATABASE_URL {url!r} is not a database URL; use e.g. "
            "'postgresql+psycopg://user@127.0.0.1/tremorwatch' or 'sqlite:////path/to/file.db'.",
            field="database_url",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
            **options,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_pre_ping=True, **options)
    else:
        raise ConfigError(
            f"Database {backend!r} is not supported; use SQLite (default) or PostgreSQL.",
            field="database_url",
        )
    event.listen(engine, "handle_error", _connection_failure_as_storage_error)
    return engine


def make_engine(settings: Settings) -> Engine:
    """The engine for ``settings`` (SQLite in ``data_dir`` unless a database URL is set)."""
    return engine_for_url(settings.resolved_database_url)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (services return them)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
