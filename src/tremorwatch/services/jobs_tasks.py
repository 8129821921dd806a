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
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from tremorwatch.errors import TremorwatchError
from tremorwatch.storage.base import utcnow
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
        row.attempts = (row.attempts or 0) + 1
        path = runtime.files.path(row.storage_key)
        shown_name = row.filename
        session.commit()

    try:
        from tremorwatch.services.analysis import analyse_recording_file

        if not path.exists():
            raise TremorwatchError("The uploaded file is missing from the media folder.")
        analysis = analyse_recording_file(path, progress=_progress_writer(runtime, recording_id))
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


def recover_interrupted_jobs(runtime: Runtime, *, stale_after_s: float | None = None) -> int:
    """Requeue analyses that were interrupted; the number requeued.

    Without ``stale_after_s`` (the embedded worker at start-up, when nothing else can be running
    jobs) every ``running`` recording, and every ``queued`` one missing from the queue, is
    queued again. With ``stale_after_s`` (``tremorwatch worker``, where other workers may be
    busy) only recordings ``running`` for longer than that are: their worker died.
    """
    try:
        pending = {t.args[0] for t in runtime.huey.pending() if t.args}
    except Exception:  # an unreadable queue must not stop the app from starting
        log.exception("could not read the job queue")
        pending = set()
    now = utcnow()
    requeue: list[str] = []
    with runtime.session() as session:
        for row in repo.recordings_with_status(session, ["queued", "running"]):
            if row.status == "queued" and (row.id in pending or stale_after_s is not None):
                continue
            if row.status == "running" and stale_after_s is not None:
                started = row.started_at or row.created_at
                if (now - started).total_seconds() < stale_after_s:
                    continue
            row.status, row.progress = "queued", 0.0
            requeue.append(row.id)
        session.commit()
    for recording_id in requeue:
        runtime.enqueue_analysis(recording_id)
    if requeue:
        log.info("requeued %d interrupted analysis job(s)", len(requeue))
    return len(requeue)
