"""Clinician reports: gather one baby's diary over a date range and build the report.

Public functions (stable)::

    diary_slice(session, family_id, infant_id, *, date_from=None, date_to=None) -> DiarySlice
    clinician_report(session, actor, infant_id, *, date_from, date_to, timezone=None)
        -> ClinicianReport
    report_document(report, *, fmt="pdf"|"html", paper="a4", links=None) -> (bytes, media type)

``diary_slice`` takes a family id (not an actor) so the share-link service can use it after it
has checked the link; every other caller goes through an :class:`Actor`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from sqlalchemy.orm import Session

from tremorwatch._checks import check_option
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    RecordingInfo,
)
from tremorwatch.errors import NotFound
from tremorwatch.reports.assemble import build_report, check_range
from tremorwatch.reports.model import ClinicianReport, ReportPlace
from tremorwatch.services.context import Actor
from tremorwatch.storage import convert, milestone_store
from tremorwatch.storage.repositories import accounts as accounts_repo
from tremorwatch.storage.repositories import diary as repo

MEDIA_TYPES: Final = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@dataclass
class DiarySlice:
    """One baby's diary (value objects), optionally limited to a date range."""

    profile: InfantProfile
    episodes: list[EpisodeEntry] = field(default_factory=list)
    recordings: list[RecordingInfo] = field(default_factory=list)
    assessments: list[AssessmentRecord] = field(default_factory=list)
    milestone_answers: list[MilestoneAnswer] = field(default_factory=list)
    #: The family's country (ISO code) and IANA time zone.
    family_country: str | None = None
    family_timezone: str = "UTC"


def _bounds(
    date_from: date | None, date_to: date | None
) -> tuple[datetime | None, datetime | None]:
    # one day of margin each side: the report filters by day in its own time zone
    start = datetime.combine(date_from - timedelta(days=1), time(), UTC) if date_from else None
    end = datetime.combine(date_to + timedelta(days=2), time(), UTC) if date_to else None
    return start, end


def diary_slice(
    session: Session,
    family_id: str,
    infant_id: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> DiarySlice:
    """The baby's diary rows as value objects (NotFound for another family's baby)."""
    row = repo.infant(session, family_id, infant_id)
    if row is None:
        raise NotFound("No such baby in your family's diary.", field="infant_id")
    since, until = _bounds(date_from, date_to)
    episode_rows = repo.episodes(session, family_id, infant_id=infant_id, since=since, until=until)
    names: dict[str, str | None] = {}
    for uid in {r.logged_by for r in episode_rows if r.logged_by}:
        user = accounts_repo.user_by_id(session, uid)
        names[uid] = user.display_name if user else None
    episodes = [
        convert.episode_entry(r, logged_by_name=names.get(r.logged_by) if r.logged_by else None)
        for r in reversed(episode_rows)
    ]
    recordings = [
        convert.recording_info(r)
        for r in repo.recordings_of_episodes(session, family_id, [e.id for e in episodes])
    ]
    assessments = [
        convert.assessment_record(r)
        for r in repo.assessments(session, family_id, infant_id=infant_id, since=since, until=until)
    ]
    answers = [
        milestone_store.to_domain(r) for r in milestone_store.answers(session, family_id, infant_id)
    ]
    family = accounts_repo.family(session, family_id)
    return DiarySlice(
        family_country=family.country if family else None,
        family_timezone=(family.timezone if family else None) or "UTC",
        profile=convert.infant_profile(row),
        episodes=episodes,
        recordings=recordings,
        assessments=sorted(assessments, key=lambda a: a.created_at),
        milestone_answers=answers,
    )


def report_from_slice(
    data: DiarySlice,
    *,
    date_from: date,
    date_to: date,
    timezone: str | None = None,
    emergency_override: str | None = None,
) -> ClinicianReport:
    """Assemble the report of a gathered slice.

    ``timezone`` defaults to the family's; the report names the family's country with its
    emergency number and advice line (``emergency_override``: the instance's number).
    """
    from tremorwatch.services.place import resolve_place

    place = resolve_place(override=emergency_override, family_country=data.family_country)
    country = place.country if data.family_country or place.how == "instance" else None
    return build_report(
        data.profile,
        episodes=data.episodes,
        recordings=data.recordings,
        assessments=data.assessments,
        milestone_answers=data.milestone_answers,
        date_from=date_from,
        date_to=date_to,
        timezone=timezone or data.family_timezone,
        place=ReportPlace(
            country=country.name if country else None,
            emergency_number=place.emergency_number if country or place.how == "instance" else None,
            advice_line=f"{place.advice.name} {place.advice.number}"
            if place.advice and country
            else None,
        ),
    )


def clinician_report(
    session: Session,
    actor: Actor,
    infant_id: str,
    *,
    date_from: date,
    date_to: date,
    timezone: str | None = None,
    emergency_override: str | None = None,
) -> ClinicianReport:
    """The report of one of the actor's family's babies (any member may read it).

    Days and times are in ``timezone``, by default the family's.
    """
    check_range(date_from, date_to)
    data = diary_slice(session, actor.family_id, infant_id, date_from=date_from, date_to=date_to)
    return report_from_slice(
        data,
        date_from=date_from,
        date_to=date_to,
        timezone=timezone or None,
        emergency_override=emergency_override,
    )


def report_document(
    report: ClinicianReport,
    *,
    fmt: str = "pdf",
    paper: str = "a4",
    links: dict[str, dict[str, str]] | None = None,
) -> tuple[bytes, str]:
    """The report rendered as PDF or HTML bytes, with its media type."""
    from tremorwatch.reports.render import render_html, render_pdf

    check_option("format", fmt, MEDIA_TYPES)
    if fmt == "pdf":
        return render_pdf(report, paper=paper), MEDIA_TYPES["pdf"]
    return render_html(report, paper=paper, links=links).encode("utf-8"), MEDIA_TYPES["html"]


def default_range(
    today: date | None = None, *, days: int = 30, timezone: str = "UTC"
) -> tuple[date, date]:
    """The last ``days`` days up to today (in ``timezone``)."""
    from zoneinfo import ZoneInfo

    from tremorwatch.services.place import safe_timezone

    last = today or datetime.now(ZoneInfo(safe_timezone(timezone))).date()
    return last - timedelta(days=days - 1), last
