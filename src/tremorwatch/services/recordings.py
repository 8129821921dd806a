"""Videos and sensor files attached to episodes, and their background analysis.

Public functions (stable)::

    check_can_upload(session, actor, episode_id) -> None        before streaming any bytes
    attach_recording(session, actor, episode_id, stored, filename, *, runtime) -> RecordingInfo
    add_recording(session, actor, episode_id, chunks, filename, *, runtime) -> RecordingInfo
    list_recordings(session, actor, episode_id) -> list[RecordingInfo]
    get_recording(session, actor, recording_id) -> RecordingInfo   (status, progress, analysis)
    retry_recording(session, actor, recording_id, *, runtime) -> RecordingInfo   failed -> queued
    open_recording(session, actor, recording_id, files) -> (RecordingInfo, Iterator[bytes])
    delete_recording(session, actor, recording_id, files) -> None
    sweep_orphan_files(runtime, *, grace_s=None) -> int        at start-up (no actor)

The web layer streams an upload with ``runtime.files.save_async_stream`` (size limit and
magic bytes checked while writing) and then calls :func:`attach_recording`; the CLI and the demo
call :func:`add_recording` with any iterable of bytes. Another family's recording is a
:class:`~tremorwatch.errors.NotFound`, for metadata and for the video alike.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator

from sqlalchemy.orm import Session

from tremorwatch.domain.diary import RecordingInfo
from tremorwatch.errors import Conflict, NotFound, StorageError, TremorwatchError
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.episodes import episode_row
from tremorwatch.services.runtime import Runtime
from tremorwatch.storage import convert
from tremorwatch.storage.files import FileStore, StoredFile
from tremorwatch.storage.models_diary import RecordingRow
from tremorwatch.storage.repositories import diary as repo

log = logging.getLogger(__name__)

_NOT_FOUND = "No such recording in your family's diary."


def clean_filename(name: str | None) -> str:
    """A safe display name for an uploaded file: base name, printable, at most 120 chars."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable()).strip()
    return (base or "recording")[:120]


def _row(session: Session, actor: Actor, recording_id: str) -> RecordingRow:
    row = repo.recording(session, actor.family_id, recording_id)
    if row is None:
        raise NotFound(_NOT_FOUND, field="recording_id")
    return row


def check_can_upload(session: Session, actor: Actor, episode_id: str) -> None:
    """Raise unless the actor may attach a file to this episode (checked before any bytes)."""
    actor.require(Role.CAREGIVER)
    episode_row(session, actor, episode_id)


def _enqueue(session: Session, runtime: Runtime, row: RecordingRow) -> None:
    try:
        runtime.enqueue_analysis(row.id)
    except Exception as exc:  # the broker is down: keep the upload, say so, allow a retry
        log.exception("could not queue the analysis of %s", row.id)
        row.status = "failed"
        row.error = (
            f"The analysis could not be queued ({type(exc).__name__}). The file is saved; "
            "try again in a moment."
        )
        session.commit()


def attach_recording(
    session: Session,
    actor: Actor,
    episode_id: str,
    stored: StoredFile,
    filename: str | None,
    *,
    runtime: Runtime,
) -> RecordingInfo:
    """Record a stored upload on the episode and queue its analysis.

    If the database refuses, the stored file is removed again (nothing half-saved is left).
    """
    try:
        check_can_upload(session, actor, episode_id)
        row = RecordingRow(
            family_id=actor.family_id,
            episode_id=episode_id,
            filename=clean_filename(filename),
            content_type=stored.content_type,
            kind=stored.kind,
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            storage_key=stored.key,
            status="queued",
            progress=0.0,
            attempts=0,
            uploaded_by=actor.user_id,
        )
        session.add(row)
        session.commit()
    except BaseException:
        session.rollback()
        runtime.files.delete(stored.key)
        raise
    _enqueue(session, runtime, row)
    return convert.recording_info(row)


def add_recording(
    session: Session,
    actor: Actor,
    episode_id: str,
    chunks: Iterable[bytes],
    filename: str | None,
    *,
    runtime: Runtime,
) -> RecordingInfo:
    """Check access, stream ``chunks`` into the store, attach and queue (CLI, demo, tests)."""
    check_can_upload(session, actor, episode_id)
    stored = runtime.files.save_stream(chunks)
    return attach_recording(session, actor, episode_id, stored, filename, runtime=runtime)


def list_recordings(session: Session, actor: Actor, episode_id: str) -> list[RecordingInfo]:
    """An episode's recordings, oldest first."""
    episode_row(session, actor, episode_id)
    return [
        convert.recording_info(r)
        for r in repo.recordings_of_episode(session, actor.family_id, episode_id)
    ]


def get_recording(session: Session, actor: Actor, recording_id: str) -> RecordingInfo:
    """A recording with its job status, progress, failure reason and analysis."""
    return convert.recording_info(_row(session, actor, recording_id))


def retry_recording(
    session: Session, actor: Actor, recording_id: str, *, runtime: Runtime
) -> RecordingInfo:
    """Queue a failed analysis again (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    row = _row(session, actor, recording_id)
    if row.status != "failed":
        raise Conflict(
            f"Only a failed analysis can be retried; this one is {row.status}.", field="status"
        )
    row.status, row.progress, row.error, row.finished_at = "queued", 0.0, None, None
    session.commit()
    _enqueue(session, runtime, row)
    return convert.recording_info(row)


def open_recording(
    session: Session, actor: Actor, recording_id: str, files: FileStore
) -> tuple[RecordingInfo, Iterator[bytes]]:
    """The recording and its bytes, after the family check (the file is read lazily)."""
    row = _row(session, actor, recording_id)
    path = files.path(row.storage_key)
    if not path.exists():
        raise StorageError("The video file is missing from the media folder.")
    return convert.recording_info(row), files.open_chunks(row.storage_key)


def delete_recording(session: Session, actor: Actor, recording_id: str, files: FileStore) -> None:
    """Delete a recording and its file (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    row = _row(session, actor, recording_id)
    key = row.storage_key
    session.delete(row)
    session.commit()
    try:
        files.delete(key)
    except TremorwatchError:
        log.exception("could not delete stored file of recording %s", recording_id)


def sweep_orphan_files(runtime: Runtime, *, grace_s: float | None = None) -> int:
    """Remove partial uploads and files no recording refers to; the number removed.

    Only files not modified for ``grace_s`` seconds (default ``settings.orphan_grace_s``) are
    touched, so an upload still streaming in another process, or one renamed into place and
    about to be committed, is left alone. The files are listed before the rows are read, so a
    file committed in between counts as referenced.
    """
    grace = runtime.settings.orphan_grace_s if grace_s is None else grace_s
    entries = list(runtime.files.entries())
    if not entries:
        return 0
    with runtime.session() as session:
        referenced = repo.all_storage_keys(session)
    cutoff = time.time() - grace
    removed = 0
    for key, mtime, partial in entries:
        if mtime > cutoff or (not partial and key in referenced):
            continue
        try:
            runtime.files.path(key).unlink(missing_ok=True)
        except (OSError, StorageError):
            log.exception("could not remove the orphan media file %s", key)
            continue
        removed += 1
        log.warning("removed %s media file %s", "partial" if partial else "orphan", key)
    return removed
