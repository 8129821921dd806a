"""Two ``tremorwatch serve`` processes on one PostgreSQL database and one media folder.

A server starting up must not requeue a job its sibling is running (the sibling renews the
job's lease); it requeues its own interrupted jobs at once, and a sibling's only once the
sibling died and its lease ran out (the lease reaper of every server). Both servers claim
from one queue, so once both run the test kills whichever claimed the job. Real processes, a real
analysis (a synthetic video long enough to be running through every step), kill -9.

What is not tested: two servers configured with the same ``TREMORWATCH_SERVER_ID`` (a
misconfiguration: they would take each other's interrupted jobs for their own).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import ApiFamily, Server, audit_media, process_env, recording_row

from tremorwatch.analysis.synthetic import write_synthetic_clip

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

LEASE_S = 3.0


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A 24 s synthetic tremor video: its analysis runs for many leases on this machine."""
    path = tmp_path_factory.mktemp("clip") / "tremor.mp4"
    write_synthetic_clip(path, pattern="tremor", frequency_hz=6.0, duration_s=24.0, seed=5)
    return path.read_bytes()


def test_a_sibling_keeps_its_running_job_and_its_jobs_are_taken_over_when_it_dies(
    fresh_postgres_url: str, isolated_env: Path, long_clip: bytes
) -> None:
    postgres_url = fresh_postgres_url  # serve --migrate creates the schema
    media = isolated_env / "media"
    settings: dict[str, Any] = {"job_lease_s": LEASE_S}
    server_a = Server(process_env(isolated_env, postgres_url, server_id="a", **settings))
    server_b = Server(process_env(isolated_env, postgres_url, server_id="b", **settings))
    server_a.start()
    family = ApiFamily(server_a.url, f"sib-{uuid.uuid4().hex[:6]}@example.org")
    try:
        uploaded = family.upload(family.episode(), long_clip, "tremor.mp4")
        assert uploaded.status_code == 202, uploaded.text
        recording_id = uploaded.json()["id"]
        running = family.wait_for(recording_id, {"running", "done", "failed"}, 60)
        assert running["status"] == "running", "the analysis finished before the test could"
        assert recording_row(postgres_url, recording_id).worker_id == "a"

        server_b.start()  # its start-up recovery has run once it answers
        row = recording_row(postgres_url, recording_id)
        assert (row.status, row.attempts, row.worker_id) == ("running", 1, "a"), (
            "the starting sibling requeued a job that server a is running"
        )
        # b's lease reaper runs every half lease while a renews the lease: a keeps the job
        done = family.wait_for(recording_id, {"done", "failed"}, 180)
        row = recording_row(postgres_url, recording_id)
        assert (done["status"], row.attempts, row.worker_id) == ("done", 1, "a")

        # The queue is shared, so either server may claim the next job. Whichever runs it
        # dies in the middle: its lease runs out and the survivor takes the job over.
        second = family.upload(family.episode(), long_clip, "tremor.mp4").json()["id"]
        running = family.wait_for(second, {"running", "done", "failed"}, 60)
        assert running["status"] == "running", "the analysis finished before the kill"
        runner_id = recording_row(postgres_url, second).worker_id
        assert runner_id in {"a", "b"}
        runner, survivor = (server_a, server_b) if runner_id == "a" else (server_b, server_a)
        survivor_id = "b" if runner_id == "a" else "a"
        runner.kill9()
        family.rebase(survivor.url)
        done = family.wait_for(second, {"done", "failed"}, 180)
        assert done["status"] == "done", done
        row = recording_row(postgres_url, second)
        assert (row.attempts, row.worker_id) == (2, survivor_id)
        assert audit_media(media, postgres_url) == []
        assert "Requeued" not in server_b.output().split("tremorwatch is running")[0]
    finally:
        family.close()
        server_a.stop()
        server_b.stop()
