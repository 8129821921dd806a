"""The database goes away under a running server: a clear 503 (page and API), never a
traceback, nothing half-saved, and service resumes by itself when the database is back.

Real PostgreSQL, real ``tremorwatch serve`` process. "Goes away" is done two ways on the
server side: every backend of the app is killed (``pg_terminate_backend``, as a restart or a
failover does), and the database stops accepting connections (``ALLOW_CONNECTIONS false``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_helpers import ApiFamily, Server, process_env
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import conftest

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _admin(sql: str) -> None:
    admin = create_engine(conftest.POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(sql))
    finally:
        admin.dispose()


def _terminate_backends(name: str) -> None:
    _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


@pytest.fixture
def server_on_postgres(fresh_postgres_url: str, isolated_env: Path) -> Iterator[Server]:
    server = Server(process_env(isolated_env, fresh_postgres_url)).start()
    yield server
    server.stop()


def test_database_away_gives_a_clear_503_and_service_resumes(
    server_on_postgres: Server, fresh_postgres_url: str
) -> None:
    name = str(make_url(fresh_postgres_url).database)
    family = ApiFamily(server_on_postgres.url, f"db-{uuid.uuid4().hex[:6]}@example.org")
    try:
        episode_id = family.episode()
        for cookie, value in family.session_cookies.items():  # signed in on the pages too
            family.client.cookies.set(cookie, value)
        assert family.request("GET", "/api/v1/diary").status_code == 200

        # 1. every backend is killed: the pool notices, reconnects, the request just works
        _terminate_backends(name)
        assert family.request("GET", f"/api/v1/episodes/{episode_id}").status_code == 200

        # 2. the database refuses connections and the open ones are cut
        _admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            _terminate_backends(name)
            api = family.request("GET", f"/api/v1/episodes/{episode_id}")
            assert api.status_code == 503, api.text
            error = api.json()["error"]
            assert error["code"] and "database" in error["message"].lower()
            assert "Traceback" not in api.text and "psycopg" not in api.text
            write = family.request(
                "PATCH", f"/api/v1/episodes/{episode_id}", json={"notes": "lost?"}
            )
            assert write.status_code == 503, write.text
            page = family.client.get("/", headers={"Accept": "text/html"})
            assert page.status_code == 503, page.text[:300]
            assert page.headers["content-type"].startswith("text/html")
            assert "cannot reach its database" in page.text and "Traceback" not in page.text
            assert "psycopg" not in page.text and "sqlalchemy" not in page.text.lower()
        finally:
            _admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

        # 3. the database is back: the same process serves again; the refused write was not kept
        back = family.request("GET", f"/api/v1/episodes/{episode_id}")
        assert back.status_code == 200, back.text
        assert back.json()["episode"]["notes"] == ""
        home = family.client.get("/", headers={"Accept": "text/html"})
        assert home.status_code == 200 and "Log out" in home.text
    finally:
        family.close()
