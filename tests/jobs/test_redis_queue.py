"""The distributed queue against the real Redis: a `tremorwatch worker` process consumes it.

Each test uses its own queue name (the Redis key prefix) on Redis database 15 and deletes its
keys afterwards. The producer is this test process; the consumer a separate process sharing
the database and the media folder, as on two machines.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jobs_helpers import corrupt_mp4, family_with_episode, wait_for_status

from tremorwatch.config import load_settings
from tremorwatch.services import recordings
from tremorwatch.services.runtime import build_runtime

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("TREMORWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_settings(db_url: str, isolated_env: Path) -> Iterator[Any]:
    settings = load_settings(
        data_dir=isolated_env,
        database_url=db_url,
        queue="redis",
        redis_url=REDIS_URL,
        queue_name=f"tw-test-{uuid.uuid4().hex[:12]}",
    )
    yield settings
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"*{settings.queue_name}*"))
    if keys:
        client.delete(*keys)
    client.close()


def start_worker(settings: Any) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TREMORWATCH_DATA_DIR": str(settings.data_dir),
        "TREMORWATCH_DATABASE_URL": settings.database_url,
        "TREMORWATCH_QUEUE": "redis",
        "TREMORWATCH_REDIS_URL": settings.redis_url,
        "TREMORWATCH_QUEUE_NAME": settings.queue_name,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tremorwatch", "worker", "--threads", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop_worker(process: subprocess.Popen[bytes]) -> str:
    process.send_signal(signal.SIGINT)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out.decode(errors="replace")


def test_worker_process_consumes_the_redis_queue(redis_settings: Any) -> None:
    producer = build_runtime(redis_settings)
    try:
        actor, episode_id = family_with_episode(producer)
        with producer.session() as s:
            info = recordings.add_recording(
                s, actor, episode_id, [corrupt_mp4()], "broken.mp4", runtime=producer
            )
        assert producer.huey.pending_count() == 1  # waiting in Redis, nobody consumes yet
        worker = start_worker(redis_settings)
        try:
            row = wait_for_status(producer, info.id, timeout_s=120)
        finally:
            log = stop_worker(worker)
        assert row.status == "failed", log
        assert row.error and row.attempts == 1
        assert producer.huey.pending_count() == 0

        # retried from the producer side, consumed by a new worker process
        with producer.session() as s:
            retried = recordings.retry_recording(s, actor, info.id, runtime=producer)
        assert retried.status == "queued"
        assert producer.huey.pending_count() == 1
        worker = start_worker(redis_settings)
        try:
            row = wait_for_status(producer, info.id, timeout_s=120)
        finally:
            stop_worker(worker)
        assert row.status == "failed" and row.attempts == 2
    finally:
        producer.close()


def test_worker_refuses_the_embedded_queue(isolated_env: Path) -> None:
    env = {**os.environ, "TREMORWATCH_DATA_DIR": str(isolated_env), "TREMORWATCH_QUEUE": "embedded"}
    result = subprocess.run(
        [sys.executable, "-m", "tremorwatch", "worker"],
        check=False,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 5
    assert b"TREMORWATCH_QUEUE=redis" in result.stderr


def test_worker_process_stores_the_analysis_result(redis_settings: Any) -> None:
    from jobs_helpers import accelerometer_csv

    producer = build_runtime(redis_settings)
    try:
        actor, episode_id = family_with_episode(producer)
        with producer.session() as s:
            info = recordings.add_recording(
                s,
                actor,
                episode_id,
                [accelerometer_csv(frequency_hz=5.0)],
                "leg.csv",
                runtime=producer,
            )
        worker = start_worker(redis_settings)
        try:
            row = wait_for_status(producer, info.id, timeout_s=120)
        finally:
            log = stop_worker(worker)
        assert row.status == "done", (row.error, log)
        assert row.progress == 1.0
        assert abs(row.analysis["dominant_frequency_hz"] - 5.0) <= 0.3
    finally:
        producer.close()
