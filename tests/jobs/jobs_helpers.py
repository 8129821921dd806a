"""Helpers for the job tests: a family with an episode made directly (no triage needed)."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime
from typing import Any

from tremorwatch.services import accounts, infants
from tremorwatch.services.context import Actor
from tremorwatch.storage.models_diary import EpisodeRow
from tremorwatch.storage.repositories import diary

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def corrupt_mp4() -> bytes:
    """An ftyp header (passes the upload check) followed by bytes no decoder can read."""
    return MP4_HEAD + bytes((i * 37) % 251 for i in range(4000))


def accelerometer_csv(*, frequency_hz: float = 6.0, seconds: float = 12.0) -> bytes:
    """A 100 Hz accelerometer CSV with a ``frequency_hz`` oscillation (spec layout, m/s²)."""
    lines = ["time_s,ax,ay,az"]
    for i in range(int(seconds * 100)):
        t = i / 100
        on = 1.0 if 2.0 <= t <= seconds - 2.0 else 0.0
        lines.append(f"{t:.3f},{1.5 * on * math.sin(2 * math.pi * frequency_hz * t):.5f},0.02,9.81")
    return ("\n".join(lines) + "\n").encode()


def family_with_episode(rt: Any, email: str = "ann@example.org") -> tuple[Actor, str]:
    """Sign up, add a baby, and store one episode row; the actor and the episode id."""
    with rt.session() as s:
        actor = accounts.sign_up(
            s, {"email": email, "password": "correct horse battery", "display_name": "Ann"}
        )
        infant = infants.add_infant(s, actor, {"name": "Bo", "date_of_birth": "2026-09-01"})
        row = EpisodeRow(
            family_id=actor.family_id,
            infant_id=infant.id,
            started_at=datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
            duration_s=10,
        )
        s.add(row)
        s.commit()
        return actor, row.id


def wait_for_status(rt: Any, recording_id: str, *, timeout_s: float = 90.0) -> Any:
    """Poll the database until the recording is done or failed; the row."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with rt.session() as s:
            row = diary.recording_for_job(s, recording_id)
            if row is not None and row.status in {"done", "failed"}:
                return row
        time.sleep(0.2)
    raise AssertionError(f"recording {recording_id} did not finish within {timeout_s} s")
