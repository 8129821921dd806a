"""Load test of the web app: diary page, diary API and assessment API; a 200 MB upload.

Starts ``tremorwatch serve`` on 127.0.0.1 (a real uvicorn process), once on SQLite and once on
a fresh PostgreSQL database, fills one family's diary through the API (a baby with
``--episodes`` episodes over 60 days), then measures (``--workers 1 2``: once per number of web
processes, ``serve --workers N``) requests per second and latency
percentiles with an asyncio + httpx load loop (``--concurrency`` clients, bounded by
``--requests`` and ``--seconds`` per scenario). Finally it uploads a ``--upload-mb`` file
(multipart, streamed from disk) while sampling the server's resident memory (RSS, from
``/proc``) every 20 ms, to show that memory stays flat whatever the file size.

Soak mode (``--soak-seconds``): several ``tremorwatch serve`` processes (``--servers``) on one
fresh PostgreSQL database behind a round-robin in this client, and an open-loop load at a fixed
``--rate`` (requests a second, at most ``--max-in-flight`` outstanding) of mixed reads and
writes for the whole duration. It reports p50/p95/p99 and errors per route, and then counts the
writes the servers acknowledged (201/200) against the rows found in the database afterwards
(created episodes present; each updated episode holding the last acknowledged notes).

Usage::

    python benchmarks/web_load.py                       # both databases
    python benchmarks/web_load.py --databases sqlite --requests 500
    python benchmarks/web_load.py --databases postgresql --workers 1 2 --upload-mb 0
    python benchmarks/web_load.py --soak-seconds 600 --rate 20 --servers 3

The numbers depend on the machine and on what else runs on it; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

POSTGRES_ADMIN_URL = os.environ.get(
    "TREMORWATCH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "benchmark password"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants (Linux /proc).

    The uvicorn worker processes of ``serve --workers N`` are children of the server
    process; the PostgreSQL backends are not counted (they belong to the database server).
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        todo += _children(current)
    return total


def postgres_cpu_s() -> float:
    """CPU seconds used so far by the local PostgreSQL server and its backends: each running
    ``postgres`` process's own time, plus the time of the postmaster's ended children (a
    backend's time stays counted after its connection closes). On a shared machine other
    sessions' queries are counted too."""
    ticks = os.sysconf("SC_CLK_TCK")
    processes: dict[str, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, _, rest = stat.read_text().partition(") ")
        except OSError:
            continue
        if name.endswith("(postgres"):
            processes[stat.parent.name] = rest.split()
    total = 0
    for fields in processes.values():
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if fields[1] not in processes:  # the postmaster: add its ended children's time
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / ticks


class Server:
    """``tremorwatch serve`` in a subprocess."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None,
        workers: int = 1,
        *,
        migrate: bool = True,
        body_cache: str = "auto",
    ) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TREMORWATCH_")}
        env.update(TREMORWATCH_DATA_DIR=str(data_dir), TREMORWATCH_LOG_LEVEL="WARNING")
        env["TREMORWATCH_BODY_CACHE"] = body_cache
        if body_cache == "redis":
            # a Redis key prefix of this run's own (<queue_name>:body:)
            env["TREMORWATCH_QUEUE_NAME"] = f"tw-bench-{secrets.token_hex(4)}"
        if database_url:
            env["TREMORWATCH_DATABASE_URL"] = database_url
        migration = "--migrate" if migrate else "--no-migrate"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tremorwatch",
                "serve",
                "--port",
                str(self.port),
                migration,
                *(["--workers", str(workers)] if workers > 1 else []),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 240  # several processes start slowly on a busy machine
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            try:
                if httpx.get(f"{self.base}/api/v1/openapi.json", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def seed(base: str, episodes: int, email: str = "bench@example.org") -> dict[str, Any]:
    """One family with a baby and ``episodes`` episodes; cookies, CSRF and a token."""
    client = httpx.Client(base_url=base, timeout=60)
    r = client.post(
        "/api/v1/auth/signup",
        json={"email": email, "password": PASSWORD, "display_name": "Bench"},
    )
    r.raise_for_status()
    csrf = r.json()["csrf_token"]
    token = client.post(
        "/api/v1/auth/tokens", json={"name": "bench"}, headers={"X-CSRF-Token": csrf}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    infant = client.post(
        "/api/v1/infants", json={"name": "Bo", "date_of_birth": "2026-08-01"}, headers=auth
    ).json()["infant"]["id"]
    now = datetime.now(UTC)
    for i in range(episodes):
        started = now - timedelta(hours=i * 60 * 24 / max(episodes, 1) + 1)
        client.post(
            f"/api/v1/infants/{infant}/episodes",
            json={
                "started_at": started.isoformat(),
                "duration_s": 5 + i % 20,
                "body_parts": ["left_leg", "right_leg"][: 1 + i % 2],
                "states": ["crying_or_upset"],
                "stops_with_gentle_hold": "yes",
                "rhythmic": "yes",
            },
            headers=auth,
        ).raise_for_status()
    cookies = dict(client.cookies)
    client.close()
    return {"infant_id": infant, "auth": auth, "cookies": cookies}


ASSESSMENT = {
    "infant": {"age_days": 45, "gestational_age_weeks": 39},
    "episode": {
        "body_parts": ["left_leg", "right_leg"],
        "rhythmic": "yes",
        "speed": "fast_fine",
        "states": ["crying_or_upset"],
        "stops_with_gentle_hold": "yes",
    },
    "findings": [],
}


async def load(
    base: str,
    method: str,
    path: str,
    *,
    concurrency: int,
    requests: int,
    seconds: float,
    **kwargs: Any,
) -> dict[str, float]:
    """Run the scenario; requests/s and latency percentiles in ms."""
    latencies: list[float] = []
    errors = 0
    not_modified = 0
    issued = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    cookies = kwargs.pop("cookies", None)
    async with httpx.AsyncClient(
        base_url=base, timeout=60, limits=limits, cookies=cookies
    ) as client:

        async def one_client() -> None:
            nonlocal errors, issued, not_modified
            while issued < requests and time.perf_counter() < stop_at:
                issued += 1
                t0 = time.perf_counter()
                r = await client.request(method, path, **kwargs)
                latencies.append(time.perf_counter() - t0)
                if r.status_code >= 400:
                    errors += 1
                elif r.status_code == 304:
                    not_modified += 1

        start = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    ms = sorted(x * 1000 for x in latencies)
    return {
        "requests": len(ms),
        "errors": errors,
        "rps": len(ms) / elapsed,
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[int(0.95 * (len(ms) - 1))],
        "max_ms": ms[-1],
        "not_modified": not_modified,
    }


def _etag(base: str, path: str, **kwargs: Any) -> str:
    """The ETag of one answer ("" when the server sends none, as before issue 14's caching)."""
    with httpx.Client(base_url=base, timeout=60, cookies=kwargs.pop("cookies", None)) as client:
        r = client.get(path, **kwargs)
        r.raise_for_status()
        return r.headers.get("etag", "")


def upload_with_memory(
    base: str, seeded: dict[str, Any], pid: int, size_mb: int
) -> dict[str, float]:
    """Upload a ``size_mb`` file while sampling the server's RSS; MB figures and MB/s."""
    auth = seeded["auth"]
    with httpx.Client(base_url=base, timeout=600) as client:
        episode = client.post(
            f"/api/v1/infants/{seeded['infant_id']}/episodes",
            json={"started_at": datetime.now(UTC).isoformat(), "duration_s": 10},
            headers=auth,
        ).json()["episode"]["id"]
        with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
            handle.write(MP4_HEAD)
            block = secrets.token_bytes(1024 * 1024)
            for _ in range(size_mb):
                handle.write(block)
            handle.flush()
            handle.seek(0)
            samples: list[float] = []
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    samples.append(rss_mb(pid))
                    time.sleep(0.02)

            before = rss_mb(pid)
            sampler = threading.Thread(target=sample)
            sampler.start()
            t0 = time.perf_counter()
            r = client.post(
                f"/api/v1/episodes/{episode}/recordings",
                files={"file": ("big.mp4", handle, "video/mp4")},
                headers=auth,
            )
            elapsed = time.perf_counter() - t0
            done.set()
            sampler.join()
    if r.status_code != 202:
        raise RuntimeError(f"upload failed: {r.status_code} {r.text[:200]}")
    return {
        "size_mb": size_mb,
        "seconds": elapsed,
        "mb_per_s": size_mb / elapsed,
        "rss_before_mb": before,
        "rss_peak_mb": max([*samples, before]),
        "rss_growth_mb": max([*samples, before]) - before,
    }


def postgres_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tw_bench_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_one(database: str, args: argparse.Namespace, workers: int = 1) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db_iter = postgres_database() if database == "postgresql" else iter([None])
        url = next(db_iter)
        server = Server(Path(tmp), url, workers, body_cache=args.body_cache)
        try:
            seeded = seed(server.base, args.episodes)
            scenarios = [
                (
                    "diary page (HTML)",
                    "GET",
                    f"/babies/{seeded['infant_id']}",
                    {"cookies": seeded["cookies"]},
                ),
                ("diary API", "GET", "/api/v1/diary", {"headers": seeded["auth"]}),
                (
                    "diary API, limit=200",
                    "GET",
                    "/api/v1/diary?limit=200",
                    {"headers": seeded["auth"]},
                ),
                ("assessment API", "POST", "/api/v1/assessments", {"json": ASSESSMENT}),
            ]
            # a client that keeps its copy and revalidates it (a browser, a polling app):
            # If-None-Match with the ETag of an earlier answer; 304 while nothing changed
            page_path = f"/babies/{seeded['infant_id']}"
            page_etag = _etag(server.base, page_path, cookies=seeded["cookies"])
            api_etag = _etag(server.base, "/api/v1/diary", headers=seeded["auth"])
            scenarios += [
                (
                    "diary page, revalidated",
                    "GET",
                    page_path,
                    {"cookies": seeded["cookies"], "headers": {"If-None-Match": page_etag}},
                ),
                (
                    "diary API, revalidated",
                    "GET",
                    "/api/v1/diary",
                    {"headers": {**seeded["auth"], "If-None-Match": api_etag}},
                ),
            ]
            scenarios = [s for s in scenarios if s[0] in args.scenarios]
            for name, method, path, kwargs in scenarios:
                label = name
                if (
                    args.body_cache != "off"
                    and label.startswith("diary")
                    and "revalid" not in label
                ):
                    # the same request over and over: after the first (per process with the
                    # in-process cache) every answer is a body-cache hit
                    label = f"{label}, body cache {args.body_cache}: hits"
                elif label.startswith("diary") and "revalid" not in label:
                    label = f"{label}, body cache off: fresh renders"
                cpu_before = tree_cpu_s(server.process.pid)
                client_before, db_before = time.process_time(), postgres_cpu_s()
                result = asyncio.run(
                    load(
                        server.base,
                        method,
                        path,
                        concurrency=args.concurrency,
                        requests=args.requests,
                        seconds=args.seconds,
                        **kwargs,
                    )
                )
                n = result["requests"]
                cpu_ms = (tree_cpu_s(server.process.pid) - cpu_before) / n * 1000
                # the load client's own CPU (this process) and the database server's, per
                # request: on two cores all three compete, so a request's latency holds them
                client_ms = (time.process_time() - client_before) / n * 1000
                db_ms = (postgres_cpu_s() - db_before) / n * 1000
                rows.append(
                    f"| {database} | {workers} | {label} | {result['requests']:.0f} | "
                    f"{result['errors']:.0f} | "
                    f"{result['rps']:.0f} | {result['p50_ms']:.0f} | {result['p95_ms']:.0f} | "
                    f"{cpu_ms:.1f} | {client_ms:.1f} | {db_ms:.1f} | "
                    f"{result['not_modified']:.0f} |"
                )
                print(rows[-1], flush=True)
            if args.upload_mb:
                up = upload_with_memory(server.base, seeded, server.process.pid, args.upload_mb)
                rows.append(
                    f"| {database} | {workers} | upload {up['size_mb']} MB | {up['seconds']:.1f} s | "
                    f"{up['mb_per_s']:.0f} MB/s | RSS {up['rss_before_mb']:.0f} -> "
                    f"{up['rss_peak_mb']:.0f} MB | growth {up['rss_growth_mb']:.1f} MB | |"
                )
                print(rows[-1], flush=True)
        finally:
            server.stop()
            for _ in db_iter:
                pass
    return rows


def main() -> None:
    from web_soak import add_soak_arguments, run_soak

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_soak_arguments(parser)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="per scenario, at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="per scenario, at most")
    parser.add_argument("--upload-mb", type=int, default=200, help="0 to skip the upload")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1],
        help="web processes (serve --workers N); each count is a run of its own",
    )
    parser.add_argument(
        "--body-cache",
        choices=["auto", "memory", "redis", "off"],
        default="auto",
        help="the server's TREMORWATCH_BODY_CACHE; 'off' measures fresh renders, the others "
        "body-cache hits (auto is memory unless the queue is Redis)",
    )
    parser.add_argument(
        "--scenarios",
        nargs="+",
        default=[
            "diary page (HTML)",
            "diary API",
            "diary API, limit=200",
            "assessment API",
            "diary page, revalidated",
            "diary API, revalidated",
        ],
    )
    args = parser.parse_args()
    if args.soak_seconds:
        run_soak(args)
        return
    print(
        "| database | processes | scenario | requests | errors | req/s | p50 ms | p95 ms "
        "| server CPU ms/request | client CPU ms/request | PostgreSQL CPU ms/request | 304s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for database in args.databases:
        for workers in args.workers:
            run_one(database, args, workers)


if __name__ == "__main__":
    main()
