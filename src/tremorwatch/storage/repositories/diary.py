"""Queries for infants, episodes, recordings and assessments, each scoped to a family.

Every function takes ``family_id`` and returns ``None`` (or nothing) for another family's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow

_Stmt = TypeVar("_Stmt", bound=Select)  # type: ignore[type-arg]  # any columns

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


def _id_order(session: Session, column: Any) -> Any:
    """The id column compared byte by byte (as Python compares strings), on every database.

    Keyset pages break ties of equal timestamps by id, so the database and the service must
    agree on the order of ids; PostgreSQL would otherwise use the locale's collation.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column.collate("C")
    return column


def _episode_filter(
    stmt: _Stmt,
    *,
    infant_id: str | None,
    since: datetime | None,
    until: datetime | None,
) -> _Stmt:
    if infant_id is not None:
        stmt = stmt.where(EpisodeRow.infant_id == infant_id)
    if since is not None:
        stmt = stmt.where(EpisodeRow.started_at >= since)
    if until is not None:
        stmt = stmt.where(EpisodeRow.started_at < until)
    return stmt


def _episodes_stmt(
    session: Session,
    stmt: _Stmt,
    family_id: str,
    *,
    infant_id: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int | None,
    offset: int,
    after: tuple[datetime, str] | None,
) -> _Stmt:
    stmt = stmt.where(EpisodeRow.family_id == family_id)
    stmt = _episode_filter(stmt, infant_id=infant_id, since=since, until=until)
    if after is not None:
        at, after_id = after
        stmt = stmt.where(
            or_(
                EpisodeRow.started_at < at,
                and_(EpisodeRow.started_at == at, _id_order(session, EpisodeRow.id) > after_id),
            )
        )
    stmt = stmt.order_by(EpisodeRow.started_at.desc(), _id_order(session, EpisodeRow.id))
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
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
    after: tuple[datetime, str] | None = None,
) -> list[EpisodeRow]:
    """The family's episodes, newest first, optionally for one baby and a time window.

    ``after`` is a keyset cursor ``(started_at, id)``: only episodes that come after it in
    this order (older, or as old with a greater id) are returned.
    """
    stmt = _episodes_stmt(
        session,
        select(EpisodeRow),
        family_id,
        infant_id=infant_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
        after=after,
    )
    return list(session.scalars(stmt))


def _latest_disposition(session: Session, family_id: str) -> Any:
    """Correlated subquery: the disposition of the episode's newest assessment."""
    return (
        select(AssessmentRow.disposition)
        .where(AssessmentRow.episode_id == EpisodeRow.id, AssessmentRow.family_id == family_id)
        .order_by(AssessmentRow.created_at.desc(), _id_order(session, AssessmentRow.id).desc())
        .limit(1)
        .correlate(EpisodeRow)
        .scalar_subquery()
    )


def episode_page(
    session: Session,
    family_id: str,
    *,
    infant_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int,
    after: tuple[datetime, str] | None = None,
) -> list[tuple[Any, str | None, bool]]:
    """A keyset page of :func:`episodes` with, per episode, its newest triage disposition and
    whether it has recordings: ``(row, disposition or None, has recordings)``.

    One statement for the whole page (correlated subqueries on the assessment and recording
    indexes), so a page costs the same number of round trips however many entries it has.
    The page is read-only, so ``row`` is a SQLAlchemy Core row of the ``episodes`` columns
    (attribute access by column name, the columns' types applied), not an ORM object: nothing
    here is changed and saved, so building and identity-mapping an ``EpisodeRow`` per entry is
    work without use (it was three quarters of this function's time in
    ``benchmarks/diary_profile.py --pyinstrument``).
    """
    has_recordings = (
        select(RecordingRow.id)
        .where(RecordingRow.episode_id == EpisodeRow.id, RecordingRow.family_id == family_id)
        .correlate(EpisodeRow)
        .exists()
    )
    stmt = _episodes_stmt(
        session,
        select(
            *EpisodeRow.__table__.columns,
            _latest_disposition(session, family_id),
            has_recordings,
        ),
        family_id,
        infant_id=infant_id,
        since=since,
        until=until,
        limit=limit,
        offset=0,
        after=after,
    )
    width = len(EpisodeRow.__table__.columns)
    return [(row, row[width], bool(row[width + 1])) for row in session.execute(stmt)]


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


def _bucket_of(session: Session, column: Any, bucket_s: int) -> Any:
    """SQL for the number of the ``bucket_s``-second bucket a timestamp falls in (UTC)."""
    if session.get_bind().dialect.name == "sqlite":  # integer division of whole seconds
        return func.cast(func.strftime("%s", column), Integer) / bucket_s
    return func.floor(func.extract("epoch", column) / bucket_s)


def episode_buckets(
    session: Session,
    family_id: str,
    *,
    infant_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    bucket_s: int = 900,
) -> list[tuple[int, int, float, int]]:
    """Episodes counted per time bucket, by one aggregate query.

    Returns ``(bucket start, seconds since 1970 UTC; episodes; total duration, s; episodes
    with a duration)`` for every non-empty bucket of ``bucket_s`` seconds. With 15-minute
    buckets (the default) every time zone's days are whole buckets, so the caller can add
    them up into local days.
    """
    bucket = _bucket_of(session, EpisodeRow.started_at, bucket_s)
    stmt = select(
        bucket.label("bucket"),
        func.count(EpisodeRow.id),
        func.coalesce(func.sum(EpisodeRow.duration_s), 0.0),
        func.count(EpisodeRow.duration_s),
    ).where(EpisodeRow.family_id == family_id)
    stmt = _episode_filter(stmt, infant_id=infant_id, since=since, until=until)
    stmt = stmt.group_by(bucket)
    return [
        (int(b) * bucket_s, int(n), float(total or 0.0), int(timed))
        for b, n, total, timed in session.execute(stmt)
    ]


def episode_body_parts(
    session: Session,
    family_id: str,
    *,
    infant_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[tuple[str, list[str] | None, str | None]]:
    """``(id, body parts, newest disposition)`` of the episodes in a time window.

    One statement (three columns, no entities; the disposition by correlated subquery).
    """
    stmt = select(
        EpisodeRow.id, EpisodeRow.body_parts, _latest_disposition(session, family_id)
    ).where(EpisodeRow.family_id == family_id)
    stmt = _episode_filter(stmt, infant_id=infant_id, since=since, until=until)
    return [(str(row[0]), row[1], row[2]) for row in session.execute(stmt)]


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
    after: tuple[datetime, str] | None = None,
) -> list[AssessmentRow]:
    """The family's saved assessments, newest first (``standalone_only``: not of an episode).

    ``after`` is a keyset cursor ``(created_at, id)`` as for :func:`episodes`.
    """
    stmt = select(AssessmentRow).where(AssessmentRow.family_id == family_id)
    if after is not None:
        at, after_id = after
        stmt = stmt.where(
            or_(
                AssessmentRow.created_at < at,
                and_(
                    AssessmentRow.created_at == at,
                    _id_order(session, AssessmentRow.id) > after_id,
                ),
            )
        )
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
    stmt = stmt.order_by(AssessmentRow.created_at.desc(), _id_order(session, AssessmentRow.id))
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
