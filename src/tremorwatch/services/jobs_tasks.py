"""The background analysis job, registered on the Huey instance of a :class:`Runtime`.

Why here and not in ``tremorwatch.jobs``: the job needs the analysis, storage and triage
services, and ``jobs`` sits below ``services`` in the layering, so ``jobs`` only builds the
queue and its consumers while this module (a service) defines what a job does and registers it.

Job states live in the recording row: ``queued`` -> ``running`` (with ``progress`` 0-1) ->
``done`` (``analysis`` JSON stored, the episode triaged again with the motion summary) or
``failed`` (``error`` says why in words). A failed job is retried by the user
(:func:`tremorwatch.services.recordings.retry_recording`), never silently. Queue persistence
(SQLite or Redis) keeps queued jobs over a restart; :func:`recover_interrupted_jobs` requeues
jobs that were running (or never reached the queue) when the embedded worker starts.

Leases: while an analysis runs, a thread renews ``heartbeat_at`` every quarter of
``settings.job_lease_s``. A worker killed with ``kill -9`` stops renewing it, so every
``tremorwatch worker`` checks (at start and then every half lease) for ``running`` rows whose
lease ran out and queues them again; a job interrupted ``settings.job_max_attempts`` times is
marked failed instead (a job that kills its worker must not loop), with a retry offered.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import update

from tremorwatch.errors import TremorwatchError
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.data_version import bump
from tremorwatch.storage.models_diary import RecordingRow
from tremorwatch.storage.repositories import diary as repo

if TYPE_CHECKING:
    from tremorwatch.services.runtime import Runtime

log = logging.getLogger(__name__)

#: Task name shared by producers and consumers in every process.
ANALYSE_TASK_NAME = "analyse_recording"
#: Minimum progress step and interval stored while a job runs.
PROGRESS_STEP = 0.02
PROGRESS_INTERVAL_S = 0.5


def register_tasks(runtime: Runtime) -> Any:
    """Register the analysis task on ``runtime.huey``; returns the task (call it to enqueue)."""

    def analyse_recording(recording_id: str) -> None:
        run_analysis(runtime, recording_id)

    return runtime.huey.task(name=ANALYSE_TASK_NAME)(analyse_recording)


def _set(runtime: Runtime, recording_id: str, **values: Any) -> bool:
    with runtime.session() as session:
        row = repo.recording_for_job(session, recording_id)
        if row is None:
            return False
        for name, value in values.items():
            setattr(row, name, value)
        session.commit()
        return True


def _progress_writer(runtime: Runtime, recording_id: str) -> Any:
    last = {"value": 0.0, "at": 0.0}

    def progress(fraction: float) -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        now = time.monotonic()
        if fraction - last["value"] >= PROGRESS_STEP and now - last["at"] >= PROGRESS_INTERVAL_S:
            last.update(value=fraction, at=now)
            _set(runtime, recording_id, progress=round(min(fraction, 0.99), 3))

    return progress


@contextmanager
def _lease(runtime: Runtime, recording_id: str) -> Iterator[None]:
    """Renew the job's lease (``heartbeat_at``) in a thread while the block runs."""
    stop = threading.Event()
    interval = runtime.settings.job_lease_s / 4

    def renew() -> None:
        while not stop.wait(interval):
            try:
                _set(runtime, recording_id, heartbeat_at=utcnow())
            except Exception:  # the database is away for a moment: try again next time
                log.warning("could not renew the lease of %s", recording_id, exc_info=True)

    thread = threading.Thread(target=renew, name=f"lease-{recording_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def run_analysis(runtime: Runtime, recording_id: str) -> str:
    """Analyse one recording and store the outcome; returns the final status.

    Never raises for a bad recording: the reason is stored on the row instead.
    """
    with runtime.session() as session:
        row = repo.recording_for_job(session, recording_id)
        if row is None:
            log.info("recording %s was deleted before its analysis ran", recording_id)
            return "deleted"
        if row.status == "done":
            return "done"
        row.status, row.progress, row.error = "running", 0.0, None
        row.started_at, row.finished_at = utcnow(), None
        row.heartbeat_at = row.started_at
        row.worker_id = runtime.owner_id
        row.attempts = (row.attempts or 0) + 1
        path = runtime.files.path(row.storage_key)
        shown_name = row.filename
        session.commit()

    try:
        from tremorwatch.services.analysis import analyse_recording_file

        if not path.exists():
            raise TremorwatchError("The uploaded file is missing from the media folder.")
        with _lease(runtime, recording_id):
            analysis = analyse_recording_file(
                path, progress=_progress_writer(runtime, recording_id)
            )
    except TremorwatchError as exc:
        # the analysis names the stored (random) file; the caregiver knows their own name
        reason = exc.message.replace(path.name, shown_name)
        _set(runtime, recording_id, status="failed", error=reason, finished_at=utcnow())
        return "failed"
    except Exception as exc:  # a bug or a decoder crash must still end as a visible failure
        log.exception("analysis of recording %s crashed", recording_id)
        reason = (
            f"The analysis stopped unexpectedly ({type(exc).__name__}: {exc}). Try again; if it "
            "fails again the file may be damaged, so record a new video."
        )
        _set(runtime, recording_id, status="failed", error=reason, finished_at=utcnow())
        return "failed"

    with runtime.session() as session:
        row = repo.recording_for_job(session, recording_id)
        if row is None:
            return "deleted"
        row.status, row.progress, row.error = "done", 1.0, None
        row.analysis = analysis.to_json_dict()
        row.finished_at = utcnow()
        session.flush()
        episode = repo.episode(session, row.family_id, row.episode_id)
        if episode is not None:
            from tremorwatch.services.episodes import triage_episode

            try:
                triage_episode(session, None, episode)
            except TremorwatchError:
                log.exception("triage after analysis of %s failed", recording_id)
        session.commit()
    return "done"


def _interrupted_message(attempts: int) -> str:
    return (
        f"The analysis was interrupted {attempts} times (the program running it stopped). "
        "The file is saved; try again, and if it stops again record a shorter video."
    )


def recover_interrupted_jobs(runtime: Runtime, *, stale_after_s: float | None = None) -> int:
    """Requeue (or fail) analyses that were interrupted; the number requeued.

    Without ``stale_after_s`` (a server at start-up, before its own consumers run): every
    ``running`` recording of this server's own id (``runtime.owner_id``: it cannot be running
    it, so its previous run was interrupted), every other ``running`` one whose lease ran out
    (``settings.job_lease_s``: its worker died), and every ``queued`` one missing from the
    queue, is queued again. A sibling server's job whose lease is being renewed is never
    touched: that server is running it. With ``stale_after_s`` (the lease reapers of
    ``tremorwatch worker`` and of a running server) only recordings ``running`` whose lease
    (``heartbeat_at``, else ``started_at``) is older than that are. A recording already tried
    ``settings.job_max_attempts`` times is marked failed (retry offered) instead. Each change is
    a conditional update on the row as read, so two workers never both requeue one job.
    """
    try:
        pending = {t.args[0] for t in runtime.huey.pending() if t.args}
    except Exception:  # an unreadable queue must not stop the app from starting
        log.exception("could not read the job queue")
        pending = set()
    now = utcnow()
    max_attempts = runtime.settings.job_max_attempts
    requeue: list[str] = []
    with runtime.session() as session:
        candidates: list[tuple[str, str, datetime | None, int]] = []
        family_of: dict[str, str] = {}
        for row in repo.recordings_with_status(session, ["queued", "running"]):
            family_of[row.id] = row.family_id
            if row.status == "queued" and (row.id in pending or stale_after_s is not None):
                continue
            if row.status == "running":
                last = row.heartbeat_at or row.started_at or row.created_at
                lease_s = stale_after_s or runtime.settings.job_lease_s
                ours = stale_after_s is None and row.worker_id == runtime.owner_id
                if not ours and (now - last).total_seconds() < lease_s:
                    continue  # a live worker (a sibling's, or this one's) holds the lease
            candidates.append((row.id, row.status, row.heartbeat_at, row.attempts or 0))
        for recording_id, status, heartbeat, attempts in candidates:
            same_row = update(RecordingRow).where(
                RecordingRow.id == recording_id,
                RecordingRow.status == status,
                RecordingRow.heartbeat_at.is_(None)
                if heartbeat is None
                else RecordingRow.heartbeat_at == heartbeat,
            )
            if status == "running" and attempts >= max_attempts:
                values: dict[str, Any] = {
                    "status": "failed",
                    "error": _interrupted_message(attempts),
                    "finished_at": now,
                }
            else:
                values = {"status": "queued", "progress": 0.0}
            changed = session.execute(same_row.values(**values)).rowcount  # type: ignore[attr-defined]
            if changed == 1:  # a Core update: the diary shows the new status
                bump(session, [family_of.get(recording_id, "")])
            if changed == 1 and values["status"] == "queued":
                requeue.append(recording_id)
            elif changed == 1:
                log.warning("analysis of %s failed after %d interruptions", recording_id, attempts)
        session.commit()
    for recording_id in requeue:
        runtime.enqueue_analysis(recording_id)
    if requeue:
        log.info("requeued %d interrupted analysis job(s)", len(requeue))
    return len(requeue)


class LeaseReaper:
    """A thread of ``tremorwatch worker`` that requeues jobs whose lease ran out."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-reaper", daemon=True)

    def _run(self) -> None:
        lease = self.runtime.settings.job_lease_s
        while not self._stop.wait(lease / 2):
            try:
                recover_interrupted_jobs(self.runtime, stale_after_s=lease)
            except Exception:  # the database or Redis is away: look again next time
                log.warning("could not check the job leases", exc_info=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
