"""The diary view: a filtered timeline, counts per day and trends.

Public functions (stable)::

    timeline(session, actor, filters: DiaryFilter | dict | None) -> Timeline
    counts_per_day(session, actor, *, infant_id=None, days=30, until=None) -> list[DayCount]
    trends(session, actor, *, infant_id=None, window_days=7, until=None) -> Trend
    overview(session, actor, *, infant_id, days=14, window_days=7) -> (counts, trend)

Days are calendar days in the family's time zone (``actor.timezone``). Episodes carry their newest triage disposition; assessments not
tied to an episode appear as items of their own.

The timeline is paged by keyset: ``Timeline.next_cursor`` is an opaque string to pass back as
``DiaryFilter.cursor`` for the next (older) page, so a page costs the same however long the
diary is, and an entry added meanwhile does not shift the pages. Counts per day come from one
aggregate query (episodes per 15-minute bucket, added up into days), not from the entries.
"""

from __future__ import annotations

import base64
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from tremorwatch.domain.codes import BodyPart, Disposition
from tremorwatch.domain.diary import AssessmentRecord, EpisodeEntry, RecordingInfo
from tremorwatch.errors import InputError
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
    limit: int = Field(default=50, ge=1, le=1000, description="Entries per page.")
    cursor: str | None = Field(
        default=None,
        max_length=200,
        description="Where the page starts: the next_cursor of the page before.",
    )


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
    next_cursor: str | None = Field(
        default=None, description="Pass as cursor for the next, older page; null on the last."
    )


def encode_cursor(at: datetime, item_id: str) -> str:
    """The opaque cursor of the entry ``(at, id)``."""
    raw = f"{at.astimezone(UTC).isoformat()}|{item_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """``(at, id)`` of a cursor; :class:`InputError` for one tremorwatch did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at_text, _, item_id = raw.partition("|")
        at = datetime.fromisoformat(at_text)
    except ValueError:
        at, item_id = None, ""
    if at is None or at.tzinfo is None or not item_id:
        raise InputError(
            "This page link is not valid (the cursor is damaged). Start again from the newest "
            "entries.",
            field="cursor",
            code="invalid_cursor",
        )
    return at, item_id


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


def _page_of_items(
    session: Session,
    actor: Actor,
    f: DiaryFilter,
    after: tuple[datetime, str] | None,
    batch: int,
) -> tuple[list[TimelineItem], bool]:
    """Up to ``batch`` entries after ``after`` (before the Python-side filters); more left?"""
    start, end = _bounds(f.since, f.until, _zone(actor))
    found: list[TimelineItem] = []
    exhausted = True
    if f.kind in {"all", "episodes"}:
        rows = repo.episode_page(
            session,
            actor.family_id,
            infant_id=f.infant_id,
            since=start,
            until=end,
            limit=batch,
            after=after,
        )
        exhausted = exhausted and len(rows) < batch
        found.extend(_episode_items(session, actor, rows))
    if f.kind in {"all", "assessments"} and f.body_part is None:
        assessment_rows = repo.assessments(
            session,
            actor.family_id,
            infant_id=f.infant_id,
            since=start,
            until=end,
            limit=batch,
            standalone_only=True,
            after=after,
        )
        exhausted = exhausted and len(assessment_rows) < batch
        found.extend(
            TimelineItem.model_construct(
                kind="assessment",
                at=a.created_at,
                infant_id=a.infant_id,
                disposition=Disposition(a.disposition),
                episode=None,
                recordings=[],
                assessment=convert.assessment_record(a),
            )
            for a in assessment_rows
        )
    found.sort(key=_order)
    # the first ``batch`` entries of the merged lists are the first ``batch`` of the timeline
    # (none of them can be further than ``batch`` down its own list)
    more = not exhausted or len(found) > batch
    return found[:batch], more


def _order(item: TimelineItem) -> tuple[float, str]:
    """Newest first, then by id: the order of the keyset cursor."""
    return (-item.at.timestamp(), _item_id(item))


def _item_id(item: TimelineItem) -> str:
    if item.episode is not None:
        return item.episode.id
    return item.assessment.id if item.assessment is not None else ""


def _episode_items(
    session: Session, actor: Actor, rows: list[tuple[Any, str | None, bool]]
) -> list[TimelineItem]:
    """Timeline items of a page of ``(episode row, newest disposition, has recordings)``.

    The recordings are read (one statement) only when an episode of the page has any.
    """
    recorded = [row.id for row, _disposition, has_recordings in rows if has_recordings]
    recs: dict[str, list[RecordingInfo]] = {}
    for rec in repo.recordings_of_episodes(session, actor.family_id, recorded):
        recs.setdefault(rec.episode_id, []).append(convert.recording_info(rec))
    items = []
    for r, disposition, _has_recordings in rows:
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
    return items


def _wanted(f: DiaryFilter, item: TimelineItem) -> bool:
    if f.body_part is not None and (
        item.episode is None or f.body_part not in (item.episode.body_parts or [])
    ):
        return False
    return not f.disposition or item.disposition in set(f.disposition)


def timeline(
    session: Session, actor: Actor, filters: DiaryFilter | dict[str, Any] | None = None
) -> Timeline:
    """One page of episodes and stand-alone assessments, newest first, filtered.

    Pages are cut by keyset (``filters.cursor``); filters that the database cannot apply
    (body part, newest check result) are applied while reading on in batches, so a page is
    full whenever enough matching entries exist.
    """
    f = validate(DiaryFilter, filters or {})
    if f.infant_id is not None:
        infant_row(session, actor, f.infant_id)
    after = decode_cursor(f.cursor) if f.cursor else None
    filtered = f.body_part is not None or bool(f.disposition)
    batch = f.limit + 1 if not filtered else max(2 * f.limit, 100)
    items: list[TimelineItem] = []
    more = True
    while more and len(items) <= f.limit:
        found, more = _page_of_items(session, actor, f, after, batch)
        if not found:
            break
        after = (found[-1].at, _item_id(found[-1]))
        items.extend(i for i in found if _wanted(f, i))
    page = items[: f.limit]
    has_next = len(items) > f.limit or (more and len(page) == f.limit)
    last = page[-1] if page else None
    next_cursor = encode_cursor(last.at, _item_id(last)) if has_next and last else None
    return Timeline(items=page, filters=f, next_cursor=next_cursor)


def _days(
    session: Session, actor: Actor, infant_id: str | None, first: date, last: date
) -> dict[date, tuple[int, float, int]]:
    """Per local day from ``first`` to ``last``: (episodes, total duration s, episodes timed).

    The 15-minute buckets of the aggregate start on UTC quarter hours, and every time zone's
    midnight is a UTC quarter hour, so each bucket lies within one local day.
    """
    zone = _zone(actor)
    start, end = _bounds(first, last, zone)
    per_day: dict[date, tuple[int, float, int]] = {}
    buckets = repo.episode_buckets(
        session, actor.family_id, infant_id=infant_id, since=start, until=end
    )
    for bucket_start, n, total_s, timed in buckets:
        day = datetime.fromtimestamp(bucket_start, zone).date()
        old = per_day.get(day, (0, 0.0, 0))
        per_day[day] = (old[0] + n, old[1] + total_s, old[2] + timed)
    return per_day


def _counts(per_day: dict[date, tuple[int, float, int]], first: date, days: int) -> list[DayCount]:
    counts = []
    for i in range(days):
        day = first + timedelta(days=i)
        n, total_s, _timed = per_day.get(day, (0, 0.0, 0))
        counts.append(DayCount(day=day, episodes=n, total_duration_s=total_s))
    return counts


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
    days = max(1, min(days, 366))
    last = until or datetime.now(_zone(actor)).date()
    first = last - timedelta(days=days - 1)
    return _counts(_days(session, actor, infant_id, first, last), first, days)


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
    last = until or datetime.now(_zone(actor)).date()
    first = last - timedelta(days=2 * window_days - 1)
    per_day = _days(session, actor, infant_id, first, last)
    return _trend(session, actor, infant_id, per_day=per_day, last=last, window_days=window_days)


def overview(
    session: Session,
    actor: Actor,
    *,
    infant_id: str,
    days: int = 14,
    window_days: int = 7,
    until: date | None = None,
) -> tuple[list[DayCount], Trend]:
    """:func:`counts_per_day` and :func:`trends` of one baby together, from one aggregate."""
    infant_row(session, actor, infant_id)
    days = max(1, min(days, 366))
    window_days = max(1, min(window_days, 90))
    last = until or datetime.now(_zone(actor)).date()
    first = last - timedelta(days=max(days, 2 * window_days) - 1)
    per_day = _days(session, actor, infant_id, first, last)
    counts = _counts(per_day, last - timedelta(days=days - 1), days)
    return counts, _trend(
        session, actor, infant_id, per_day=per_day, last=last, window_days=window_days
    )


def _trend(
    session: Session,
    actor: Actor,
    infant_id: str | None,
    *,
    per_day: dict[date, tuple[int, float, int]],
    last: date,
    window_days: int,
) -> Trend:
    recent_first = last - timedelta(days=window_days - 1)
    previous_first = recent_first - timedelta(days=window_days)

    def window(first: date) -> tuple[int, float | None]:
        n = total = timed = 0.0
        for i in range(window_days):
            day_n, day_total, day_timed = per_day.get(first + timedelta(days=i), (0, 0.0, 0))
            n, total, timed = n + day_n, total + day_total, timed + day_timed
        return int(n), (round(total / timed, 1) if timed else None)

    n_recent, recent_mean = window(recent_first)
    n_previous, previous_mean = window(previous_first)
    if n_recent + n_previous < 3:
        direction: Literal["more", "fewer", "about_the_same", "not_enough_data"] = "not_enough_data"
    elif n_recent > 1.25 * n_previous + 1:
        direction = "more"
    elif n_recent < 0.8 * n_previous - 1:
        direction = "fewer"
    else:
        direction = "about_the_same"
    start, end = _bounds(recent_first, last, _zone(actor))
    facts = repo.episode_body_parts(
        session, actor.family_id, infant_id=infant_id, since=start, until=end
    )
    parts: Counter[str] = Counter(p for _id, body_parts, _ in facts for p in (body_parts or []))
    dispositions = [Disposition(d) for _id, _parts, d in facts if d]
    return Trend(
        window_days=window_days,
        recent_episodes=n_recent,
        previous_episodes=n_previous,
        recent_mean_duration_s=recent_mean,
        previous_mean_duration_s=previous_mean,
        direction=direction,
        common_body_parts=[BodyPart(p) for p, _ in parts.most_common(3)],
        most_urgent_recent=Disposition.most_urgent(dispositions) if dispositions else None,
    )
