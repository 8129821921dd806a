"""kill -9 in the middle of work: after a restart nothing half-written is visible, no file is
orphaned, and every job finishes or is marked failed with a retry offered.

Real processes throughout: ``tremorwatch serve`` (uvicorn, embedded queue) and
``tremorwatch worker`` (Redis queue) are started as children and killed with SIGKILL, which
runs no clean-up code at all. Each case runs on SQLite and on PostgreSQL. What is checked after
every restart is :func:`fault_helpers.audit_media` (no row pointing at a missing or partial
file, no partial upload, no file without a row) plus the state of the job.

Bounded: each kill happens as soon as the process is seen mid-work (a ``.part`` file growing, a
job ``running``), and job leases are 3 s here (60 s by default), so a case takes seconds.
What is not tested: a kill in the microseconds between the file's rename and the row's commit
(not reachable from outside; the sweep that handles it is tested in ``test_sweep.py``).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fault_helpers import (
    ApiFamily,
    Server,
    audit_media,
    process_env,
    recording_row,
    start_worker,
    stop_process,
)

from tremorwatch.analysis.synthetic import write_synthetic_clip

pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("TREMORWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def families() -> Iterator[Any]:
    """Make :class:`ApiFamily` objects (their HTTP clients are closed after the test)."""
    made: list[ApiFamily] = []

    def make(base_url: str, prefix: str) -> ApiFamily:
        made.append(ApiFamily(base_url, f"{prefix}-{uuid.uuid4().hex[:6]}@example.org"))
        return made[-1]

    yield make
    for family in made:
        family.close()


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A 4 s synthetic tremor video: its analysis takes a few seconds on a busy 2-core box."""
    path = tmp_path_factory.mktemp("clip") / "tremor.mp4"
    write_synthetic_clip(path, pattern="tremor", frequency_hz=6.0, duration_s=4.0, seed=3)
    return path.read_bytes()


def _csv_chunks(started: threading.Event, hold: threading.Event) -> Iterator[bytes]:
    """An accelerometer CSV streamed slowly: a header, some rows, then it waits (never ends)."""
    yield b"time_s,ax,ay,az\n"
    row = 0
    for _ in range(40):
        lines = [f"{(row + i) / 100:.3f},0.1,0.02,9.81\n" for i in range(2000)]
        row += 2000
        yield "".join(lines).encode()
    started.set()
    hold.wait(30)
    yield b""


def test_kill9_during_a_streamed_upload(db_url: str, isolated_env: Path, families: Any) -> None:
    media = isolated_env / "media"
    env = process_env(isolated_env, db_url, orphan_grace_s=0)
    server = Server(env).start()
    try:
        family = families(server.url, "up")
        episode_id = family.episode()
        started, hold = threading.Event(), threading.Event()
        outcome: dict[str, Any] = {}

        def upload() -> None:
            try:
                outcome["response"] = family.request(
                    "POST",
                    f"/api/v1/episodes/{episode_id}/recordings?filename=walk.csv",
                    content=_csv_chunks(started, hold),
                    headers={"Content-Type": "text/csv"},
                )
            except httpx.HTTPError as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=upload, daemon=True)
        thread.start()
        assert started.wait(30), "the upload did not start streaming"
        deadline = time.monotonic() + 10
        while not list(media.glob(".upload-*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        partial = list(media.glob(".upload-*.part"))
        assert partial and partial[0].stat().st_size > 0, "the server is not writing the upload"
        server.kill9()
        hold.set()
        thread.join(10)
        assert "response" not in outcome, "the upload must not be acknowledged"
        assert list(media.glob(".upload-*.part")), "the kill left the partial file (as it would)"

        server = Server(env).start()  # the restart sweeps what the killed process left
        family.rebase(server.url)
        assert audit_media(media, db_url) == []
        listed = family.request("GET", f"/api/v1/episodes/{episode_id}/recordings")
        assert listed.status_code == 200 and listed.json() == []
        # the same upload succeeds after the restart, and is stored whole
        again = family.upload(episode_id, b"time_s,ax,ay,az\n0.000,0.1,0.02,9.81\n", "walk.csv")
        assert again.status_code == 202, again.text
        assert audit_media(media, db_url) == []
    finally:
        server.stop()


def test_kill9_of_the_server_during_an_analysis(
    db_url: str, isolated_env: Path, clip: bytes, families: Any
) -> None:
    media = isolated_env / "media"
    # the restarted server has the same name (a deployment's stable server id), so it takes
    # its own interrupted job back at once; a sibling would wait for the job's lease
    env = process_env(isolated_env, db_url, server_id="fault-server")
    server = Server(env).start()
    try:
        family = families(server.url, "an")
        episode_id = family.episode()
        uploaded = family.upload(episode_id, clip, "tremor.mp4")
        assert uploaded.status_code == 202, uploaded.text
        recording_id = uploaded.json()["id"]
        running = family.wait_for(recording_id, {"running", "done", "failed"}, 60)
        assert running["status"] == "running", "the analysis finished before the kill"
        server.kill9()

        server = Server(env).start()  # the embedded worker requeues what was running
        family.rebase(server.url)
        assert audit_media(media, db_url) == []
        done = family.wait_for(recording_id, {"done", "failed"}, 90)
        assert done["status"] == "done", done
        assert recording_row(db_url, recording_id).attempts == 2
        assert done["analysis"] is not None
        assert audit_media(media, db_url) == []
    finally:
        server.stop()


@pytest.fixture
def redis_queue() -> Iterator[str]:
    name = f"tw-fault-{uuid.uuid4().hex[:12]}"
    yield name
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"*{name}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.mark.redis
@pytest.mark.parametrize("max_attempts", [3, 1], ids=["requeued", "failed-with-retry"])
def test_kill9_of_a_worker_during_a_job(
    db_url: str,
    isolated_env: Path,
    clip: bytes,
    redis_queue: str,
    max_attempts: int,
    families: Any,
) -> None:
    """A worker dies mid-job: another worker takes the job over once its 3 s lease runs out
    (or, once it was interrupted ``job_max_attempts`` times, marks it failed; a retry works)."""
    media = isolated_env / "media"
    env = process_env(
        isolated_env,
        db_url,
        queue="redis",
        redis_url=REDIS_URL,
        queue_name=redis_queue,
        job_lease_s=3,
        job_max_attempts=max_attempts,
    )
    server = Server(env).start()  # web process only: with the Redis queue it runs no jobs
    first = start_worker(env)
    second = None
    try:
        family = families(server.url, "wk")
        episode_id = family.episode()
        uploaded = family.upload(episode_id, clip, "tremor.mp4")
        assert uploaded.status_code == 202, uploaded.text
        recording_id = uploaded.json()["id"]
        running = family.wait_for(recording_id, {"running", "done", "failed"}, 60)
        assert running["status"] == "running", "the analysis finished before the kill"
        first.kill()  # SIGKILL
        first.wait(10)
        assert family.wait_for(recording_id, {"running"}, 1)["status"] == "running"

        second = start_worker(env)
        if max_attempts > 1:
            done = family.wait_for(recording_id, {"done", "failed"}, 90)
            assert done["status"] == "done", done["error"]
            assert recording_row(db_url, recording_id).attempts == 2
        else:
            failed = family.wait_for(recording_id, {"done", "failed"}, 30)
            assert failed["status"] == "failed", failed
            assert "interrupted 1 times" in failed["error"] and "try again" in failed["error"]
            retry = family.request("POST", f"/api/v1/recordings/{recording_id}/retry")
            assert retry.status_code == 202, retry.text
            done = family.wait_for(recording_id, {"done", "failed"}, 90)
            assert done["status"] == "done", done
        assert audit_media(media, db_url) == []
    finally:
        for process in (first, second):
            if process is not None:
                stop_process(process)
        server.stop()
