"""Where the time of one diary request goes: SQL statements, time in the database, the rest.

Builds the app in-process on a fresh PostgreSQL database (or SQLite with ``--database
sqlite``), fills a baby's diary with ``--episodes`` episodes through the API (each triaged),
then sends ``--requests`` sequential requests (one client) to the diary page and the diary API
with Starlette's TestClient, and prints per request: the wall time, the number of SQL
statements and the time between sending each statement and having its rows (SQLAlchemy cursor
events, so the worker threads of the sync routes are counted), and the remainder (Python:
routing, session cookie, ORM objects, pydantic, Jinja2, JSON), and the CPU time of this
process per request (``time.process_time``: every thread, so client and server together; the
figure to compare on a machine shared with other jobs, where wall time mostly measures
waiting for a core). ``--pyinstrument`` prints a pyinstrument call tree of the page and API
requests (if pyinstrument is installed). ``--cprofile`` adds the
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
        self.texts: list[str] = []
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, *args: Any) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements += 1
        self.texts.append(" ".join(statement.split())[:110])
        self.seconds += time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())

    def reset(self) -> None:
        self.statements, self.seconds = 0, 0.0
        self.texts.clear()


class ProfiledApp:
    """ASGI wrapper: a pyinstrument profile of each request, taken in the app's own thread.

    With ``inline_threads()`` the sync routes and dependencies run in that thread too (in
    the server they run in anyio's thread pool, which pyinstrument does not follow).
    """

    def __init__(self) -> None:
        self.app: Any = None
        self.on = False
        self.profiler: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if not self.on or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.profiler.start()
        try:
            await self.app(scope, receive, send)
        finally:
            self.profiler.stop()


PROFILED = ProfiledApp()


def inline_threads() -> None:
    """Run ``anyio.to_thread.run_sync`` work inline (profiling only: no thread pool)."""
    import anyio.to_thread

    async def run_inline(func: Any, *args: Any, **_kwargs: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = run_inline


def profile(client: Any, clock: SqlClock, label: str, n: int, **kwargs: Any) -> None:
    path = kwargs.pop("path")
    use_cprofile = kwargs.pop("use_cprofile", False)
    use_pyinstrument = kwargs.pop("use_pyinstrument", False)
    client.get(path, **kwargs).raise_for_status()  # warm caches (templates, statements)
    clock.reset()
    client.get(path, **kwargs).raise_for_status()
    print(f"\n{label}: the statements of one request")
    for text in clock.texts:
        print(f"  {text}")
    clock.reset()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(n):
        client.get(path, **kwargs).raise_for_status()
    cpu_ms = (time.process_time() - c0) / n * 1000
    per_request_ms = (time.perf_counter() - t0) / n * 1000
    sql_ms = clock.seconds / n * 1000
    print(
        f"\n{label}: {per_request_ms:.1f} ms per request (one client); "
        f"{clock.statements / n:.1f} SQL statements taking {sql_ms:.1f} ms; "
        f"the rest {per_request_ms - sql_ms:.1f} ms; CPU {cpu_ms:.1f} ms per request"
    )
    if use_pyinstrument:
        tree = PROFILED.profiler
        tree.reset()
        PROFILED.on = True
        for _ in range(n):
            client.get(path, **kwargs).raise_for_status()
        PROFILED.on = False
        print(tree.output_text(unicode=False, color=False, show_all=False))
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
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument(
        "--body-cache",
        choices=["memory", "off"],
        default="off",
        help="'off' (default): every request renders afresh; 'memory': all but the first of "
        "each kind are body-cache hits",
    )
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from tremorwatch.config import load_settings
    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.storage import migrate
    from tremorwatch.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db_iter = postgres_database() if args.database == "postgresql" else iter([None])
        url = next(db_iter)
        settings = load_settings(
            data_dir=Path(tmp),
            database_url=url,
            secret_key="p" * 32,
            body_cache=args.body_cache,
        )
        runtime = build_runtime(settings)
        migrate.upgrade(runtime.engine)
        app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
        if args.pyinstrument:
            from pyinstrument import Profiler

            inline_threads()
            PROFILED.app, PROFILED.profiler = app, Profiler(async_mode="disabled")
        try:
            with TestClient(PROFILED if args.pyinstrument else app) as client:
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
                    use_pyinstrument=args.pyinstrument,
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
                        use_pyinstrument=args.pyinstrument,
                    )
        finally:
            runtime.close()
            for _ in db_iter:
                pass


if __name__ == "__main__":
    main()
