"""A database that cannot be reached is a StorageError a person can act on, never a traceback."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import text

from tremorwatch.errors import StorageError
from tremorwatch.storage.engine import engine_for_url


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_postgresql_names_the_server_but_not_the_password() -> None:
    engine = engine_for_url(f"postgresql+psycopg://someone:s3cret@127.0.0.1:{_closed_port()}/x")
    with pytest.raises(StorageError) as info, engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    message = info.value.message
    assert "Cannot connect to the database" in message
    assert "TREMORWATCH_DATABASE_URL" in message
    assert "s3cret" not in message and "someone:***@127.0.0.1" in message
    engine.dispose()


def test_errors_after_connecting_are_not_rewritten(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = engine_for_url(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        with pytest.raises(Exception) as info:
            conn.execute(text("SELECT * FROM no_such_table"))
        assert not isinstance(info.value, StorageError)
    engine.dispose()
