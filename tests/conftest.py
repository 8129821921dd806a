"""Shared fixtures: every test runs with its own data directory and fresh settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point TREMORWATCH_DATA_DIR at a temporary folder and drop cached settings; run in
    English whatever the machine's locale (the CLI follows LANG), and back in English after."""
    from tremorwatch.config import get_settings
    from tremorwatch.i18n import set_language

    for name in list(os.environ):
        if name.startswith("TREMORWATCH_") or name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    data_dir = tmp_path / "data"
    monkeypatch.setenv("TREMORWATCH_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()
    set_language("en")


# -- databases, runtime and app for the storage / services / jobs / API tests ---------------
# PostgreSQL (127.0.0.1:5432, trust auth) and Redis (127.0.0.1:6379) are always there on CI:
# these fixtures fail loudly instead of skipping when they are not.

#: Maintenance database used to CREATE/DROP the per-session test database.
POSTGRES_ADMIN_URL = os.environ.get(
    "TREMORWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_TEST_URL = os.environ.get("TREMORWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def create_postgres_database(prefix: str = "tw_test") -> str:
    """Create a fresh, uniquely named PostgreSQL database; its URL."""
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by :func:`create_postgres_database` (closing its connections)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated to head; dropped after."""
    from tremorwatch.storage import migrate
    from tremorwatch.storage.engine import engine_for_url

    url = create_postgres_database()
    engine = engine_for_url(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    yield url
    drop_postgres_database(url)


def _empty_postgres(url: str) -> None:
    from sqlalchemy import text

    from tremorwatch.storage.all_models import metadata
    from tremorwatch.storage.engine import engine_for_url

    engine = engine_for_url(url)
    try:
        with engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, isolated_env: Path) -> str:
    """A migrated, empty database: SQLite in the data folder, or the session's PostgreSQL."""
    from tremorwatch.storage import migrate
    from tremorwatch.storage.engine import engine_for_url

    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        _empty_postgres(url)
        return url
    url = f"sqlite:///{isolated_env / 'tremorwatch.db'}"
    engine = engine_for_url(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return url


@pytest.fixture
def web_settings(db_url: str, isolated_env: Path) -> object:
    """Settings on the test database, with a small upload limit (2 MB) and fixed secret."""
    from tremorwatch.config import load_settings

    return load_settings(
        data_dir=isolated_env, database_url=db_url, max_upload_mb=2, secret_key="test-secret-key"
    )


@pytest.fixture
def runtime(web_settings: object) -> Iterator[object]:
    """A :class:`~tremorwatch.services.runtime.Runtime` on the test database (no worker)."""
    from tremorwatch.services.runtime import build_runtime

    rt = build_runtime(web_settings)  # type: ignore[arg-type]
    yield rt
    rt.close()


@pytest.fixture
def api_app(runtime: object) -> object:
    """The web app on the test runtime; the job worker is not started (see ``worker``)."""
    from tremorwatch.web.app import create_app

    return create_app(runtime=runtime, auto_migrate=False, start_worker=False)  # type: ignore[arg-type]


@pytest.fixture
def api_client(api_app: object) -> Iterator[object]:
    """A TestClient with the app's lifespan running."""
    from fastapi.testclient import TestClient

    with TestClient(api_app) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture
def worker(runtime: object) -> Iterator[object]:
    """Embedded job worker threads on the test runtime, stopped after the test."""
    rt = runtime
    rt.start_embedded_worker(workers=1)  # type: ignore[attr-defined]
    yield rt.worker  # type: ignore[attr-defined]
    rt.worker.stop()  # type: ignore[attr-defined]


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """An empty (not migrated) PostgreSQL database for one test; dropped after."""
    url = create_postgres_database("tw_fresh")
    yield url
    drop_postgres_database(url)
