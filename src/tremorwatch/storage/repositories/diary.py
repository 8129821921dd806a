"""Queries for infants, episodes, recordings and assessments, each scoped to a family.

Every function takes ``family_id`` and returns ``None`` (or nothing) for another family's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow

# -- infants -------------------------------------------------------------------------------


def infants(session: Session, family_id: str) -> list[InfantRow]:
    """The family's babies, in the order they were added."""
    stmt = (
        select(InfantRow)
        .where(InfantRow.family_id == family_id)
        .order_by(InfantRow.created_at, InfantRow.id)
    )
    return list(session.scalars(stmt))


def infant(session: Session, family_id: str, infant_id: str) -> InfantRow | None:
    """One of the family's babies."""
    stmt = select(InfantRow).where(InfantRow.id == infant_id, InfantRow.family_id == family_id)
    return session.scalar(stmt)


# -- episodes ------------------------------------------------------------------------------


def _episode_filter(
    stmt: Select[EpisodeRow],
    *,
    infant_id: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Select[EpisodeRow]:
    if infant_id is not None:
        stmt = stmt.where(EpisodeRow.infant_id == infant_id)
    if since is not None:
        stmt = stmt.where(EpisodeRow.started_at >= since)
    if until is not None:
        stmt = stmt.where(EpisodeRow.started_at < until)
    return stmt


def episodes(
    session: Session,
    family_id: str,
    *,
    infant_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EpisodeRow]:
    """The family's episodes, newest first, optionally for one baby and a time window."""
    stmt = select(EpisodeRow).where(EpisodeRow.family_id == family_id)
    stmt = _episode_filter(stmt, infant_id=infant_id, since=since, until=until)
    stmt = stmt.order_by(EpisodeRow.started_at.desc(), EpisodeRow.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def episode(session: Session, family_id: str, episode_id: str) -> EpisodeRow | None:
    """One of the family's episodes."""
    stmt = select(EpisodeRow).where(EpisodeRow.id == episode_id, EpisodeRow.family_id == family_id)
    return session.scalar(stmt)


def episode_count(session: Session, family_id: str, *, infant_id: str | None = None) -> int:
    """How many episodes the family (or one baby) has."""
    stmt = select(func.count(EpisodeRow.id)).where(EpisodeRow.family_id == family_id)
    if infant_id is not None:
        stmt = stmt.where(EpisodeRow.infant_id == infant_id)
    return int(session.scalar(stmt) or 0)


# -- recordings ----------------------------------------------------------------------------


def recordings_of_episode(session: Session, family_id: str, episode_id: str) -> list[RecordingRow]:
    """An episode's recordings, oldest first."""
    stmt = (
        select(RecordingRow)
        .where(RecordingRow.family_id == family_id, RecordingRow.episode_id == episode_id)
        .order_by(RecordingRow.created_at, RecordingRow.id)
    )
    return list(session.scalars(stmt))


def recordings_of_episodes(
    session: Session, family_id: str, episode_ids: Sequence[str]
) -> list[RecordingRow]:
    """Recordings of several episodes at once (for the timeline)."""
    if not episode_ids:
        return []
    stmt = (
        select(RecordingRow)
        .where(RecordingRow.family_id == family_id, RecordingRow.episode_id.in_(episode_ids))
        .order_by(RecordingRow.created_at, RecordingRow.id)
    )
    return list(session.scalars(stmt))


def recording(session: Session, family_id: str, recording_id: str) -> RecordingRow | None:
    """One of the family's recordings."""
    stmt = select(RecordingRow).where(
        RecordingRow.id == recording_id, RecordingRow.family_id == family_id
    )
    return session.scalar(stmt)


def recording_for_job(session: Session, recording_id: str) -> RecordingRow | None:
    """A recording by id alone: ONLY for the background analysis job, which has no caller.

    The job receives the id from the queue, which only the recordings service writes to.
    """
    return session.get(RecordingRow, recording_id)


def all_storage_keys(session: Session) -> set[str]:
    """The storage key of every recording (for the orphan-file sweep; no caller)."""
    return set(session.scalars(select(RecordingRow.storage_key)))


def recordings_with_status(session: Session, statuses: Sequence[str]) -> list[RecordingRow]:
    """Recordings in any of ``statuses`` (for the job recovery at start-up; no caller)."""
    stmt = select(RecordingRow).where(RecordingRow.status.in_(statuses))
    return list(session.scalars(stmt))


# -- assessments ---------------------------------------------------------------------------


def assessments(
    session: Session,
    family_id: str,
    *,
    infant_id: str | None = None,
    episode_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    standalone_only: bool = False,
) -> list[AssessmentRow]:
    """The family's saved assessments, newest first (``standalone_only``: not of an episode)."""
    stmt = select(AssessmentRow).where(AssessmentRow.family_id == family_id)
    if standalone_only:
        stmt = stmt.where(AssessmentRow.episode_id.is_(None))
    if infant_id is not None:
        stmt = stmt.where(AssessmentRow.infant_id == infant_id)
    if episode_id is not None:
        stmt = stmt.where(AssessmentRow.episode_id == episode_id)
    if since is not None:
        stmt = stmt.where(AssessmentRow.created_at >= since)
    if until is not None:
        stmt = stmt.where(AssessmentRow.created_at < until)
    stmt = stmt.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def assessment(session: Session, family_id: str, assessment_id: str) -> AssessmentRow | None:
    """One of the family's saved assessments."""
    stmt = select(AssessmentRow).where(
        AssessmentRow.id == assessment_id, AssessmentRow.family_id == family_id
    )
    return session.scalar(stmt)


def latest_dispositions_of_episodes(
    session: Session, family_id: str, episode_ids: Sequence[str]
) -> dict[str, str]:
    """The newest triage disposition of each episode (episode id -> disposition code)."""
    if not episode_ids:
        return {}
    stmt = (
        select(AssessmentRow.episode_id, AssessmentRow.disposition)
        .where(AssessmentRow.family_id == family_id, AssessmentRow.episode_id.in_(episode_ids))
        .order_by(AssessmentRow.created_at, AssessmentRow.id)
    )
    return {
        episode_id: disposition for episode_id, disposition in session.execute(stmt) if episode_id
    }


def latest_assessments_of_episodes(
    session: Session, family_id: str, episode_ids: Sequence[str]
) -> dict[str, AssessmentRow]:
    """The newest assessment of each episode (episode id -> row)."""
    if not episode_ids:
        return {}
    stmt = (
        select(AssessmentRow)
        .where(AssessmentRow.family_id == family_id, AssessmentRow.episode_id.in_(episode_ids))
        .order_by(AssessmentRow.created_at, AssessmentRow.id)
    )
    latest: dict[str, AssessmentRow] = {}
    for row in session.scalars(stmt):
        if row.episode_id is not None:
            latest[row.episode_id] = row
    return latest
