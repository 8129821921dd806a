"""The diary view: a filtered timeline, counts per day and trends.

Public functions (stable)::

    timeline(session, actor, filters: DiaryFilter | dict | None) -> Timeline
    counts_per_day(session, actor, *, infant_id=None, days=30, until=None) -> list[DayCount]
    trends(session, actor, *, infant_id=None, window_days=7, until=None) -> Trend

Days are calendar days in the family's time zone (``actor.timezone``). Episodes carry their newest triage disposition; assessments not
tied to an episode appear as items of their own.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from tremorwatch.domain.codes import BodyPart, Disposition
from tremorwatch.domain.diary import AssessmentRecord, EpisodeEntry, RecordingInfo
from tremorwatch.services.context import Actor
from tremorwatch.services.infants import infant_row
from tremorwatch.services.place import safe_timezone
from tremorwatch.services.schemas import validate
from tremorwatch.storage import convert
from tremorwatch.storage.repositories import diary as repo


class DiaryFilter(BaseModel):
    """What to show; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    infant_id: str | None = None
    since: date | None = Field(default=None, description="First day shown (family's zone).")
    until: date | None = Field(
        default=None, description="Last day shown (family's zone), inclusive."
    )
    kind: Literal["all", "episodes", "assessments"] = "all"
    disposition: list[Disposition] = Field(default_factory=list)
    body_part: BodyPart | None = None
    limit: int = Field(default=200, ge=1, le=1000)


class TimelineItem(BaseModel):
    """One entry of the timeline: an episode or a stand-alone assessment."""

    kind: Literal["episode", "assessment"]
    at: datetime
    infant_id: str
    disposition: Disposition | None = None
    episode: EpisodeEntry | None = None
    recordings: list[RecordingInfo] = Field(default_factory=list)
    assessment: AssessmentRecord | None = None


class Timeline(BaseModel):
    items: list[TimelineItem]
    filters: DiaryFilter


class DayCount(BaseModel):
    day: date
    episodes: int
    total_duration_s: float


class Trend(BaseModel):
    """Recent window against the one before it."""

    window_days: int
    recent_episodes: int
    previous_episodes: int
    recent_mean_duration_s: float | None
    previous_mean_duration_s: float | None
    direction: Literal["more", "fewer", "about_the_same", "not_enough_data"]
    common_body_parts: list[BodyPart]
    most_urgent_recent: Disposition | None


def _zone(actor: Actor) -> ZoneInfo:
    """The family's time zone: diary days run from midnight to midnight there."""
    return ZoneInfo(safe_timezone(actor.timezone))


def _bounds(
    since: date | None, until: date | None, zone: ZoneInfo | None = None
) -> tuple[datetime | None, datetime | None]:
    """UTC instants of local midnight at the start of ``since`` and after ``until``."""
    tz = zone or ZoneInfo("UTC")
    start = datetime.combine(since, time(), tz).astimezone(UTC) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), tz).astimezone(UTC) if until else None
    return start, end


def timeline(
    session: Session, actor: Actor, filters: DiaryFilter | dict[str, Any] | None = None
) -> Timeline:
    """Episodes and stand-alone assessments, newest first, filtered."""
    f = validate(DiaryFilter, filters or {})
    if f.infant_id is not None:
        infant_row(session, actor, f.infant_id)
    start, end = _bounds(f.since, f.until, _zone(actor))
    items: list[TimelineItem] = []
    if f.kind in {"all", "episodes"}:
        rows = repo.episodes(
            session, actor.family_id, infant_id=f.infant_id, since=start, until=end, limit=f.limit
        )
        if f.body_part is not None:
            rows = [r for r in rows if f.body_part.value in (r.body_parts or [])]
        ids = [r.id for r in rows]
        latest = repo.latest_dispositions_of_episodes(session, actor.family_id, ids)
        recs: dict[str, list[RecordingInfo]] = {}
        for rec in repo.recordings_of_episodes(session, actor.family_id, ids):
            recs.setdefault(rec.episode_id, []).append(convert.recording_info(rec))
        for r in rows:
            disposition = latest.get(r.id)
            items.append(  # built from validated objects: no second validation
                TimelineItem.model_construct(
                    kind="episode",
                    at=r.started_at,
                    infant_id=r.infant_id,
                    disposition=Disposition(disposition) if disposition else None,
                    episode=convert.episode_entry(r),
                    recordings=recs.get(r.id, []),
                    assessment=None,
                )
            )
    if f.kind in {"all", "assessments"} and f.body_part is None:
        for a in repo.assessments(
            session,
            actor.family_id,
            infant_id=f.infant_id,
            since=start,
            until=end,
            limit=f.limit,
            standalone_only=True,
        ):
            items.append(
                TimelineItem.model_construct(
                    kind="assessment",
                    at=a.created_at,
                    infant_id=a.infant_id,
                    disposition=Disposition(a.disposition),
                    episode=None,
                    recordings=[],
                    assessment=convert.assessment_record(a),
                )
            )
    if f.disposition:
        wanted = set(f.disposition)
        items = [i for i in items if i.disposition in wanted]
    items.sort(key=lambda i: i.at, reverse=True)
    return Timeline(items=items[: f.limit], filters=f)


def counts_per_day(
    session: Session,
    actor: Actor,
    *,
    infant_id: str | None = None,
    days: int = 30,
    until: date | None = None,
) -> list[DayCount]:
    """Episodes per day (in the family's time zone) for the ``days`` days ending ``until``.

    ``until`` defaults to today there; days without episodes are listed with 0.
    """
    if infant_id is not None:
        infant_row(session, actor, infant_id)
    zone = _zone(actor)
    days = max(1, min(days, 366))
    last = until or datetime.now(zone).date()
    first = last - timedelta(days=days - 1)
    start, end = _bounds(first, last, zone)
    counts: Counter[date] = Counter()
    durations: dict[date, float] = {}
    for row in repo.episodes(session, actor.family_id, infant_id=infant_id, since=start, until=end):
        day = row.started_at.astimezone(zone).date()
        counts[day] += 1
        durations[day] = durations.get(day, 0.0) + (row.duration_s or 0.0)
    return [
        DayCount(
            day=first + timedelta(days=i),
            episodes=counts[first + timedelta(days=i)],
            total_duration_s=durations.get(first + timedelta(days=i), 0.0),
        )
        for i in range(days)
    ]


def trends(
    session: Session,
    actor: Actor,
    *,
    infant_id: str | None = None,
    window_days: int = 7,
    until: date | None = None,
) -> Trend:
    """The last ``window_days`` against the ``window_days`` before (counts, durations)."""
    if infant_id is not None:
        infant_row(session, actor, infant_id)
    window_days = max(1, min(window_days, 90))
    zone = _zone(actor)
    last = until or datetime.now(zone).date()
    recent_start, end = _bounds(last - timedelta(days=window_days - 1), last, zone)
    if recent_start is None or end is None:  # pragma: no cover - both days are given
        raise ValueError("window bounds")
    previous_start = recent_start - timedelta(days=window_days)
    rows = repo.episodes(
        session, actor.family_id, infant_id=infant_id, since=previous_start, until=end
    )
    recent = [r for r in rows if r.started_at >= recent_start]
    previous = [r for r in rows if r.started_at < recent_start]

    def mean_duration(group: list[Any]) -> float | None:
        values = [r.duration_s for r in group if r.duration_s is not None]
        return round(sum(values) / len(values), 1) if values else None

    n_recent, n_previous = len(recent), len(previous)
    if n_recent + n_previous < 3:
        direction: Literal["more", "fewer", "about_the_same", "not_enough_data"] = "not_enough_data"
    elif n_recent > 1.25 * n_previous + 1:
        direction = "more"
    elif n_recent < 0.8 * n_previous - 1:
        direction = "fewer"
    else:
        direction = "about_the_same"
    parts: Counter[str] = Counter(p for r in recent for p in (r.body_parts or []))
    latest = repo.latest_dispositions_of_episodes(session, actor.family_id, [r.id for r in recent])
    dispositions = [Disposition(d) for d in latest.values()]
    return Trend(
        window_days=window_days,
        recent_episodes=n_recent,
        previous_episodes=n_previous,
        recent_mean_duration_s=mean_duration(recent),
        previous_mean_duration_s=mean_duration(previous),
        direction=direction,
        common_body_parts=[BodyPart(p) for p, _ in parts.most_common(3)],
        most_urgent_recent=Disposition.most_urgent(dispositions) if dispositions else None,
    )
