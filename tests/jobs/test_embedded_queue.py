"""The embedded queue (SQLite file + worker threads): jobs run, fail visibly, survive restarts."""

from __future__ import annotations

import time
from typing import Any

from jobs_helpers import corrupt_mp4, family_with_episode, wait_for_status

from tremorwatch.services import recordings
from tremorwatch.services.runtime import build_runtime
from tremorwatch.storage.repositories import diary


def test_a_queued_job_survives_a_restart(web_settings: Any) -> None:
    first = build_runtime(web_settings)
    actor, episode_id = family_with_episode(first)
    with first.session() as s:
        info = recordings.add_recording(
            s, actor, episode_id, [corrupt_mp4()], "clip.mp4", runtime=first
        )
    assert info.status == "queued"
    assert first.huey.pending_count() == 1
    first.close()  # the app stops before any worker ran the job

    second = build_runtime(web_settings)  # a new process would see the same queue file
    try:
        assert second.huey.pending_count() == 1
        second.start_embedded_worker()
        row = wait_for_status(second, info.id)
        assert row.status == "failed"
        assert row.attempts == 1
        assert row.error
        assert row.finished_at is not None
    finally:
        second.close()


def test_a_job_interrupted_while_running_is_requeued_at_start(web_settings: Any) -> None:
    rt = build_runtime(web_settings)
    try:
        actor, episode_id = family_with_episode(rt)
        with rt.session() as s:
            info = recordings.add_recording(
                s, actor, episode_id, [corrupt_mp4()], "clip.mp4", runtime=rt
            )
        rt.huey.flush()  # the worker had taken it off the queue...
        with rt.session() as s:
            row = diary.recording_for_job(s, info.id)
            row.status = "running"  # ...and the process died mid-analysis
            s.commit()
        assert rt.huey.pending_count() == 0
        rt.start_embedded_worker()
        row = wait_for_status(rt, info.id)
        assert row.status == "failed" and row.attempts == 1
    finally:
        rt.close()


def test_a_job_of_a_deleted_recording_is_dropped(web_settings: Any) -> None:
    from tremorwatch.services.jobs_tasks import run_analysis

    rt = build_runtime(web_settings)
    try:
        actor, episode_id = family_with_episode(rt)
        with rt.session() as s:
            info = recordings.add_recording(
                s, actor, episode_id, [corrupt_mp4()], "clip.mp4", runtime=rt
            )
            recordings.delete_recording(s, actor, info.id, rt.files)
        assert run_analysis(rt, info.id) == "deleted"
    finally:
        rt.close()


def test_progress_is_stored_in_steps(web_settings: Any) -> None:
    from tremorwatch.services.jobs_tasks import _progress_writer

    rt = build_runtime(web_settings)
    try:
        actor, episode_id = family_with_episode(rt)
        with rt.session() as s:
            info = recordings.add_recording(
                s, actor, episode_id, [corrupt_mp4()], "clip.mp4", runtime=rt
            )
        progress = _progress_writer(rt, info.id)

        def stored() -> float:
            with rt.session() as s:
                row = diary.recording_for_job(s, info.id)
                return row.progress

        progress(0.01)  # below the 2 % step: not written
        assert stored() == 0.0
        progress(0.5)
        assert stored() == 0.5
        progress(0.6)  # within 0.5 s of the last write: not written
        assert stored() == 0.5
        time.sleep(0.55)
        progress(1.0)  # never shown as 100 % before the result is stored
        assert stored() == 0.99
    finally:
        rt.close()


def test_a_distributed_worker_only_recovers_stale_running_jobs(web_settings: Any) -> None:
    from datetime import timedelta

    from tremorwatch.services.jobs_tasks import recover_interrupted_jobs

    rt = build_runtime(web_settings)
    try:
        actor, episode_id = family_with_episode(rt)
        with rt.session() as s:
            fresh = recordings.add_recording(
                s, actor, episode_id, [corrupt_mp4()], "a.mp4", runtime=rt
            )
            stale = recordings.add_recording(
                s, actor, episode_id, [corrupt_mp4()], "b.mp4", runtime=rt
            )
        rt.huey.flush()
        with rt.session() as s:
            for recording_id, age in [
                (fresh.id, timedelta(minutes=5)),
                (stale.id, timedelta(hours=2)),
            ]:
                row = diary.recording_for_job(s, recording_id)
                row.status = "running"
                row.started_at = row.created_at - age
            s.commit()
        assert recover_interrupted_jobs(rt, stale_after_s=3600) == 1
        assert [t.args[0] for t in rt.huey.pending()] == [stale.id]
        with rt.session() as s:
            assert diary.recording_for_job(s, fresh.id).status == "running"
            assert diary.recording_for_job(s, stale.id).status == "queued"
    finally:
        rt.close()
