"""The soak mode of ``web_load.py``: mixed reads and writes at a fixed rate, for minutes.

Topology: ``--servers`` ``tremorwatch serve`` processes on different ports, sharing one fresh
PostgreSQL database, one data folder (secret key, media) and the embedded queue (no uploads
here, so no jobs run); this client spreads the requests round-robin over them, as a reverse
proxy would. ``--families`` families are seeded through the API first.

Load: open loop. Request *i* is due at ``start + i / rate``; it is sent then whatever the
state of earlier ones, unless ``--max-in-flight`` are outstanding (then it waits, and the
delay is reported as scheduler lag). The mix (weights in :data:`MIX`):

==========================  ======  ===================================================
route                       weight  what
==========================  ======  ===================================================
GET  /api/v1/diary          30      the family's timeline (JSON)
GET  /babies/{id}           15      the diary page (HTML, signed-in cookie)
GET  /api/v1/episodes/{id}  15      one episode
POST /api/v1/assessments    10      a stateless triage
POST .../episodes           20      write: a new episode (acknowledged = 201 + id)
PATCH /api/v1/episodes/{id} 10      write: new notes on an episode this run created
==========================  ======  ===================================================

Afterwards every acknowledged write is looked for in the database: each created episode must
exist, and each updated episode must hold the notes of its last acknowledged PATCH (two PATCHes
of one episode are never in flight together, so "last" is well defined).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from web_load import ASSESSMENT, Server, postgres_database, seed

MIX: list[tuple[str, int]] = [
    ("GET /api/v1/diary", 30),
    ("GET /babies/{id} (page)", 15),
    ("GET /api/v1/episodes/{id}", 15),
    ("POST /api/v1/assessments", 10),
    ("POST /api/v1/infants/{id}/episodes", 20),
    ("PATCH /api/v1/episodes/{id}", 10),
]


def add_soak_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--soak-seconds", type=float, default=0.0, help="run the soak mode")
    parser.add_argument("--rate", type=float, default=20.0, help="soak: requests per second")
    parser.add_argument("--servers", type=int, default=3, help="soak: server processes")
    parser.add_argument("--families", type=int, default=4, help="soak: families seeded")
    parser.add_argument("--soak-episodes", type=int, default=50, help="soak: episodes each")
    parser.add_argument("--max-in-flight", type=int, default=64, help="soak: bound")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    parser.add_argument("--seed", type=int, default=14)


@dataclass
class Tally:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    created: set[str] = field(default_factory=set)
    last_notes: dict[str, str] = field(default_factory=dict)
    patching: set[str] = field(default_factory=set)
    lag_ms: list[float] = field(default_factory=list)
    created_unacknowledged: int = 0
    patches_unacknowledged: int = 0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _soak(
    bases: list[str], families: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[Tally, float]:
    rng = random.Random(args.seed)
    tally = Tally()
    episodes_of: dict[str, list[str]] = {}
    async with httpx.AsyncClient(timeout=30) as probe:
        for fam in families:
            r = await probe.get(
                f"{bases[0]}/api/v1/infants/{fam['infant_id']}/episodes", headers=fam["auth"]
            )
            r.raise_for_status()
            episodes_of[fam["infant_id"]] = [e["id"] for e in r.json()]
    # idle connections are dropped by the client before uvicorn's 5 s keep-alive closes them:
    # reusing one the server is closing is a ReadError that says nothing about the app
    limits = httpx.Limits(max_connections=args.max_in_flight, keepalive_expiry=2.0)
    clients = [httpx.AsyncClient(base_url=b, timeout=30, limits=limits) for b in bases]
    in_flight = asyncio.Semaphore(args.max_in_flight)
    routes = [name for name, _ in MIX]
    weights = [w for _, w in MIX]
    mine: list[tuple[str, dict[str, Any]]] = []  # episodes created by this run, with family

    async def one(i: int, route: str) -> None:
        client = clients[i % len(clients)]
        fam = families[i % len(families)]
        kwargs: dict[str, Any] = {"headers": fam["auth"]}
        target = None
        if route == "GET /api/v1/diary":
            method, url = "GET", "/api/v1/diary"
        elif route == "GET /babies/{id} (page)":
            method, url = "GET", f"/babies/{fam['infant_id']}"
            kwargs = {"headers": {"Cookie": fam["cookie_header"], "Accept": "text/html"}}
        elif route == "GET /api/v1/episodes/{id}":
            method, url = "GET", f"/api/v1/episodes/{rng.choice(episodes_of[fam['infant_id']])}"
        elif route == "POST /api/v1/assessments":
            method, url, kwargs = "POST", "/api/v1/assessments", {"json": ASSESSMENT}
        elif route == "POST /api/v1/infants/{id}/episodes":
            started = datetime.now(UTC) - timedelta(minutes=rng.randrange(1, 60 * 24 * 30))
            method, url = "POST", f"/api/v1/infants/{fam['infant_id']}/episodes"
            kwargs["json"] = {"started_at": started.isoformat(), "duration_s": 8}
        else:
            free = [(e, f) for e, f in mine if e not in tally.patching]
            if not free:  # nothing of ours to update yet: read instead
                method, url = "GET", "/api/v1/diary"
                route = "GET /api/v1/diary"
            else:
                target, fam = rng.choice(free)
                tally.patching.add(target)
                notes = f"soak {i} {secrets.token_hex(4)}"
                method, url = "PATCH", f"/api/v1/episodes/{target}"
                kwargs = {"headers": fam["auth"], "json": {"notes": notes}}
        t0 = time.perf_counter()
        try:
            r = await client.request(method, url, **kwargs)
            status = str(r.status_code)
        except httpx.HTTPError as exc:
            r, status = None, type(exc).__name__
        tally.latencies_ms[route].append((time.perf_counter() - t0) * 1000)
        ok = r is not None and r.status_code < 400
        if not ok:
            tally.errors[route][status] += 1
        if route.startswith("POST /api/v1/infants"):
            if ok and r is not None and r.status_code == 201:
                episode_id = r.json()["episode"]["id"]
                tally.created.add(episode_id)
                mine.append((episode_id, fam))
            else:
                tally.created_unacknowledged += 1
        if target is not None:
            if ok:
                tally.last_notes[target] = kwargs["json"]["notes"]
            else:
                tally.patches_unacknowledged += 1
            tally.patching.discard(target)

    async def guarded(i: int, route: str) -> None:
        try:
            await one(i, route)
        finally:
            in_flight.release()

    start = time.perf_counter()
    total = int(args.soak_seconds * args.rate)
    tasks = []
    for i in range(total):
        due = start + i / args.rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        await in_flight.acquire()
        tally.lag_ms.append(max(0.0, time.perf_counter() - due) * 1000)
        route = rng.choices(routes, weights)[0]
        tasks.append(asyncio.create_task(guarded(i, route)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    for client in clients:
        await client.aclose()
    return tally, elapsed


def _verify(database_url: str, tally: Tally, seeded: int) -> dict[str, int]:
    """Acknowledged writes against the rows found afterwards (read straight from the DB)."""
    from sqlalchemy import create_engine, func, select

    from tremorwatch.storage.models_diary import EpisodeRow

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            all_episodes = conn.execute(select(func.count()).select_from(EpisodeRow)).scalar_one()
            found = {
                row.id: row.notes
                for row in conn.execute(
                    select(EpisodeRow.id, EpisodeRow.notes).where(
                        EpisodeRow.id.in_(tally.created | set(tally.last_notes))
                    )
                )
            }
    finally:
        engine.dispose()
    return {
        "creates_acknowledged": len(tally.created),
        "creates_found": sum(1 for e in tally.created if e in found),
        "updates_acknowledged_episodes": len(tally.last_notes),
        "updates_found": sum(1 for e, n in tally.last_notes.items() if found.get(e) == n),
        "creates_not_acknowledged": tally.created_unacknowledged,
        "creates_stored_without_acknowledgement": all_episodes - seeded - len(tally.created),
        "updates_not_acknowledged": tally.patches_unacknowledged,
    }


def run_soak(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        db_iter = postgres_database()
        url = next(db_iter)
        servers = [Server(Path(tmp), url, migrate=True)]
        try:
            servers += [Server(Path(tmp), url, migrate=False) for _ in range(args.servers - 1)]
            bases = [s.base for s in servers]
            families = []
            for n in range(args.families):
                fam = seed(bases[n % len(bases)], args.soak_episodes, f"soak{n}@example.org")
                fam["cookie_header"] = "; ".join(f"{k}={v}" for k, v in fam["cookies"].items())
                families.append(fam)
            tally, elapsed = asyncio.run(_soak(bases, families, args))
            alive = sum(1 for s in servers if s.process.poll() is None)
            writes = _verify(url, tally, args.families * args.soak_episodes)
        finally:
            for server in servers:
                server.stop()
            for _ in db_iter:
                pass
    routes = {}
    for route, ms in tally.latencies_ms.items():
        routes[route] = {
            "requests": len(ms),
            "errors": sum(tally.errors[route].values()),
            "error_kinds": dict(tally.errors[route]),
            "p50_ms": statistics.median(ms),
            "p95_ms": _percentile(ms, 0.95),
            "p99_ms": _percentile(ms, 0.99),
            "max_ms": max(ms),
        }
    total = sum(r["requests"] for r in routes.values())
    result = {
        "seconds": elapsed,
        "servers": args.servers,
        "servers_alive_at_end": alive,
        "rate_asked": args.rate,
        "rate_achieved": total / elapsed,
        "requests": total,
        "errors": sum(r["errors"] for r in routes.values()),
        "scheduler_lag_p99_ms": _percentile(tally.lag_ms, 0.99),
        "routes": routes,
        "writes": writes,
    }
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        print(
            f"soak: {elapsed:.0f} s, {args.servers} servers (alive at end: {alive}), PostgreSQL, "
            f"rate {args.rate:g}/s asked, {result['rate_achieved']:.1f}/s achieved, "
            f"{total} requests, {result['errors']} errors, scheduler lag p99 "
            f"{result['scheduler_lag_p99_ms']:.0f} ms"
        )
        print("| route | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|---|---|")
        for route, r in routes.items():
            kinds = f" ({r['error_kinds']})" if r["errors"] else ""
            print(
                f"| {route} | {r['requests']} | {r['errors']}{kinds} | {r['p50_ms']:.0f} | "
                f"{r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} |"
            )
        print("writes:", ", ".join(f"{k} {v}" for k, v in writes.items()))
    return result
