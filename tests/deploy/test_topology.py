"""The clinic topology without Docker: several web processes and analysis workers, real services.

Two ``tremorwatch serve --workers 2`` instances (so at least four web processes, on two ports
as on two hosts) and two ``tremorwatch worker`` processes share one fresh PostgreSQL database,
one Redis queue (its own name on Redis database 15) and one media folder, which is what
compose.yaml starts. What must hold across processes:

* login throttling: failures sent to both instances add up, and the sixth attempt is refused
  on either;
* idempotency: the same ``Idempotency-Key`` sent to both instances saves one episode, and the
  second answer is the first one replayed;
* jobs: uploads to one instance are analysed by the worker processes (the web processes run no
  job threads with the Redis queue) and their state is read from the other instance;
* the diary pages through its keyset cursor the same way on both instances.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from topology import Process, Server, accelerometer_csv, environment

from tremorwatch.storage import migrate
from tremorwatch.storage.engine import engine_for_url

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "correct horse battery"


@pytest.fixture
def clinic(fresh_postgres_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Two web instances and two analysis workers; their processes are stopped after."""
    engine = engine_for_url(fresh_postgres_url)
    try:
        migrate.upgrade(engine)  # as `tremorwatch db upgrade` before a release
    finally:
        engine.dispose()
    queue = f"tw-topology-{uuid.uuid4().hex[:10]}"
    env = environment(
        data_dir=str(tmp_path / "data"),
        media_dir=str(tmp_path / "media"),
        database_url=fresh_postgres_url,
        queue="redis",
        redis_url=REDIS_URL,
        queue_name=queue,
        secret_key="topology-test-secret",
        log_level="INFO",
    )
    started: list[Process] = []
    try:
        servers = [Server(env, tmp_path / f"serve-{i}.log") for i in range(2)]
        started.extend(servers)
        workers = [
            Process(["worker", "--threads", "1"], env, tmp_path / f"worker-{i}.log")
            for i in range(2)
        ]
        started.extend(workers)
        for server in servers:
            server.wait_until_up()
        yield {"servers": servers, "workers": workers}
    finally:
        for process in started:
            process.stop()
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)
        client.close()


def _sign_up(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base, timeout=30) as client:
        r = client.post(
            "/api/v1/auth/signup",
            json={"email": "ann@example.org", "password": PASSWORD, "display_name": "Ann"},
        )
        assert r.status_code == 201, r.text
        r = client.post(
            "/api/v1/auth/tokens",
            json={"name": "topology"},
            headers={"X-CSRF-Token": r.json()["csrf_token"]},
        )
        assert r.status_code == 201, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}


def _login(base: str, password: str) -> int:
    r = httpx.post(
        f"{base}/api/v1/auth/login",
        json={"email": "ann@example.org", "password": password},
        timeout=30,
    )
    return r.status_code


def test_the_topology_shares_throttling_idempotency_jobs_and_pages(
    clinic: dict[str, Any],
) -> None:
    a, b = (s.base for s in clinic["servers"])
    auth = _sign_up(a)

    # login throttling holds across instances (and their worker processes)
    statuses = [_login(base, "wrong password!") for base in (a, b, a, b, a)]
    assert statuses == [401] * 5
    assert _login(b, PASSWORD) == 429  # the right password, but too many failures
    assert _login(a, PASSWORD) == 429

    # the same idempotency key on both instances saves once
    infant = httpx.post(
        f"{a}/api/v1/infants",
        json={"name": "Bo", "date_of_birth": "2026-09-01"},
        headers=auth,
        timeout=30,
    ).json()["infant"]["id"]
    episode = {"started_at": "2026-11-20T08:30:00Z", "duration_s": 12, "body_parts": ["left_leg"]}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = httpx.post(
        f"{a}/api/v1/infants/{infant}/episodes",
        json=episode,
        headers={**auth, **key},
        timeout=30,
    )
    again = httpx.post(
        f"{b}/api/v1/infants/{infant}/episodes",
        json=episode,
        headers={**auth, **key},
        timeout=30,
    )
    assert first.status_code == 201, first.text
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["episode"]["id"] == first.json()["episode"]["id"]
    listed = httpx.get(f"{b}/api/v1/infants/{infant}/episodes", headers=auth, timeout=30)
    assert len(listed.json()) == 1
    episode_id = first.json()["episode"]["id"]

    # uploads to one instance are analysed by the worker processes, seen from the other
    uploaded = []
    for i in range(4):
        r = httpx.post(
            f"{a}/api/v1/episodes/{episode_id}/recordings",
            files={
                "file": (f"motion-{i}.csv", accelerometer_csv(frequency_hz=5.0 + i), "text/csv")
            },
            headers=auth,
            timeout=60,
        )
        assert r.status_code == 202, r.text
        uploaded.append(r.json()["id"])
    deadline = time.monotonic() + 180
    states: dict[str, str] = {}
    while time.monotonic() < deadline:
        states = {
            rid: httpx.get(f"{b}/api/v1/recordings/{rid}", headers=auth, timeout=30).json()[
                "status"
            ]
            for rid in uploaded
        }
        if all(s in {"done", "failed"} for s in states.values()):
            break
        time.sleep(0.5)
    logs = "\n".join(w.output() for w in clinic["workers"])
    assert set(states.values()) == {"done"}, (states, logs)
    assert logs.count("Executing tremorwatch") == 4, logs
    for server in clinic["servers"]:
        assert "Executing tremorwatch" not in server.output()  # no job threads in web processes

    # keyset pages: the same entries in the same order from either instance, none twice
    for i in range(6):
        r = httpx.post(
            f"{b}/api/v1/infants/{infant}/episodes",
            json={**episode, "started_at": f"2026-11-2{i % 3 + 1}T09:00:00Z"},
            headers=auth,
            timeout=30,
        )
        assert r.status_code == 201
    seen: list[str] = []
    cursor = None
    for page in range(10):
        base = (a, b)[page % 2]
        params: dict[str, Any] = {"limit": 2, "infant_id": infant}
        if cursor:
            params["cursor"] = cursor
        body = httpx.get(f"{base}/api/v1/diary", params=params, headers=auth, timeout=30).json()
        seen.extend(item["episode"]["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert cursor is None and len(seen) == 7 == len(set(seen))
