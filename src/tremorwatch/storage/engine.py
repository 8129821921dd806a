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
from sqlalchemy.exc import ArgumentError, DataError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tremorwatch.config import Settings
from tremorwatch.errors import DATABASE_UNAVAILABLE, ConfigError, InputError, StorageError

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
    """Replace database failures that a person can act on by the project's own errors.

    - A value the database refuses (SQLSTATE class 22, "data exception": a NUL character in
      text, a number out of the column's range) comes from the input, so it is an InputError,
      not a crash; the statement did not run and the unit of work is rolled back.
    - A connection lost in the middle of a request (the server stopped or restarted) is a
      StorageError (503): the transaction was not committed, so nothing half-written is kept.
    - A failure to connect at all is a StorageError naming the server and the setting.

    The pool's pre-ping (``pool_pre_ping``) is left alone: a dead pooled connection found by
    the ping must stay a disconnect, so the pool replaces it and the request goes on (raising
    here turned every request after a database restart into a 503).
    """
    if getattr(context, "is_pre_ping", False):
        return
    failure = context.sqlalchemy_exception
    if isinstance(failure, DataError):
        reason = str(failure.orig).strip().splitlines()[0] if failure.orig else "refused"
        if "NUL" in reason or "0x00" in reason:
            reason = "text cannot contain the NUL character (\\x00)"
        raise InputError(
            f"A value was refused by the database ({reason}). Remove it and try again; nothing "
            "was saved."
        ) from failure
    if context.connection is not None and context.is_disconnect:
        raise StorageError(
            "The connection to the database was lost; nothing of this request was saved. Try "
            "again in a moment.",
            code=DATABASE_UNAVAILABLE,
        ) from failure
    if context.connection is not None or not isinstance(failure, OperationalError):
        return
    engine = context.engine
    where = engine.url.render_as_string(hide_password=True) if engine is not None else "?"
    reason = str(failure.orig).strip().splitlines()[0] if failure.orig else str(failure)
    raise StorageError(
        f"Cannot connect to the database {where}: {reason}. Check that the database server is "
        "running and that TREMORWATCH_DATABASE_URL is right.",
        code=DATABASE_UNAVAILABLE,
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
    """Sessions that keep loaded values after commit (services return them).

    Every flush of a family's rows raises the family's data version
    (:mod:`tremorwatch.storage.data_version`).
    """
    from tremorwatch.storage.data_version import install_data_version

    return install_data_version(sessionmaker(bind=engine, expire_on_commit=False))
