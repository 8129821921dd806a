"""Where the time of one diary request goes: SQL statements, time in the database, the rest.

Builds the app in-process on a fresh PostgreSQL database (or SQLite with ``--database
sqlite``), fills a baby's diary with ``--episodes`` episodes through the API (each triaged),
then sends ``--requests`` sequential requests (one client) to the diary page and the diary API
with Starlette's TestClient, and prints per request: the wall time, the number of SQL
statements and the time between sending each statement and having its rows (SQLAlchemy cursor
events, so the worker threads of the sync routes are counted), and the remainder (Python:
routing, session cookie, ORM objects, pydantic, Jinja2, JSON). ``--cprofile`` adds the
heaviest functions of the same requests, grouped by library (own time; only the event-loop
thread is seen by cProfile, so the threads' share appears as waiting there).

Usage::

    python benchmarks/diary_profile.py [--episodes 200] [--requests 200]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from web_load import postgres_database

GROUPS = (
    "sqlalchemy",
    "psycopg",
    "jinja2",
    "pydantic",
    "starlette",
    "fastapi",
    "tremorwatch",
    "httpx",
    "anyio",
    "itsdangerous",
)


def group_of(filename: str) -> str:
    for name in GROUPS:
        if f"/{name}/" in filename:
            return name
    if "<template>" in filename or filename.endswith(".html"):
        return "jinja2"
    return "python/other"


def seed(client: Any, episodes: int) -> dict[str, Any]:
    r = client.post(
        "/api/v1/auth/signup",
        json={"email": "p@example.org", "password": "benchmark password", "display_name": "P"},
    )
    csrf = r.json()["csrf_token"]
    token = client.post(
        "/api/v1/auth/tokens", json={"name": "p"}, headers={"X-CSRF-Token": csrf}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    infant = client.post(
        "/api/v1/infants", json={"name": "Bo", "date_of_birth": "2026-08-01"}, headers=auth
    ).json()["infant"]["id"]
    now = datetime.now(UTC)
    for i in range(episodes):
        client.post(
            f"/api/v1/infants/{infant}/episodes",
            json={
                "started_at": (now - timedelta(hours=i * 7.2 + 1)).isoformat(),
                "duration_s": 5 + i % 20,
                "body_parts": ["left_leg", "right_leg"][: 1 + i % 2],
                "states": ["crying_or_upset"],
                "stops_with_gentle_hold": "yes",
                "rhythmic": "yes",
            },
            headers=auth,
        ).raise_for_status()
    return {"infant": infant, "auth": auth}


class SqlClock:
    """Counts statements and sums their execution time (all threads)."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.statements = 0
        self.seconds = 0.0
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, *args: Any) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, *args: Any) -> None:
        self.statements += 1
        self.seconds += time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())

    def reset(self) -> None:
        self.statements, self.seconds = 0, 0.0


def profile(client: Any, clock: SqlClock, label: str, n: int, **kwargs: Any) -> None:
    path = kwargs.pop("path")
    use_cprofile = kwargs.pop("use_cprofile", False)
    client.get(path, **kwargs).raise_for_status()  # warm caches (templates, statements)
    clock.reset()
    t0 = time.perf_counter()
    for _ in range(n):
        client.get(path, **kwargs).raise_for_status()
    per_request_ms = (time.perf_counter() - t0) / n * 1000
    sql_ms = clock.seconds / n * 1000
    print(
        f"\n{label}: {per_request_ms:.1f} ms per request (one client); "
        f"{clock.statements / n:.1f} SQL statements taking {sql_ms:.1f} ms; "
        f"the rest {per_request_ms - sql_ms:.1f} ms"
    )
    if not use_cprofile:
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        client.get(path, **kwargs).raise_for_status()
    profiler.disable()
    stats = pstats.Stats(profiler)
    own: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        own[group_of(filename)] += tottime
    total = sum(own.values()) or 1.0
    for name, seconds in sorted(own.items(), key=lambda kv: -kv[1]):
        print(f"  {name:14s} {seconds / n * 1000:6.2f} ms  {100 * seconds / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from tremorwatch.config import load_settings
    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.storage import migrate
    from tremorwatch.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db_iter = postgres_database() if args.database == "postgresql" else iter([None])
        url = next(db_iter)
        settings = load_settings(data_dir=Path(tmp), database_url=url, secret_key="p" * 32)
        runtime = build_runtime(settings)
        migrate.upgrade(runtime.engine)
        app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
        try:
            with TestClient(app) as client:
                seeded = seed(client, args.episodes)
                clock = SqlClock(runtime.engine)
                cookies = dict(client.cookies)
                client.cookies.clear()
                profile(
                    client,
                    clock,
                    "diary page",
                    args.requests,
                    path=f"/babies/{seeded['infant']}",
                    cookies=cookies,
                    use_cprofile=args.cprofile,
                )
                for label, path in (
                    ("diary API", "/api/v1/diary"),
                    ("diary API, limit=200", "/api/v1/diary?limit=200"),
                ):
                    profile(
                        client,
                        clock,
                        label,
                        args.requests,
                        path=path,
                        headers=seeded["auth"],
                        use_cprofile=args.cprofile,
                    )
        finally:
            runtime.close()
            for _ in db_iter:
                pass


if __name__ == "__main__":
    main()
