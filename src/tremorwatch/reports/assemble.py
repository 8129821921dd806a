"""Build a :class:`~tremorwatch.reports.model.ClinicianReport` from the diary value objects.

Pure computation over what storage returns (``InfantProfile``, ``EpisodeEntry``,
``RecordingInfo``, ``AssessmentRecord``, ``MilestoneAnswer``): no database, no drawing. The
range is inclusive of both days, in the report's time zone.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tremorwatch.domain.codes import Disposition, MotionPattern
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    RecordingInfo,
    RecordingStatus,
)
from tremorwatch.domain.milestones import MilestoneStatus, milestone_status
from tremorwatch.errors import InputError
from tremorwatch.reports.labels import code_label
from tremorwatch.reports.model import (
    ClinicianReport,
    EarlierTriage,
    EpisodeRow,
    FrequencyStats,
    InfantBlock,
    RecordingRow,
    RedFlag,
    ReportPlace,
    Summary,
    TemperatureRow,
    TriageRow,
)
from tremorwatch.reports.red_flags import RED_FLAG_FINDINGS

#: NICE NG143: 38 °C or higher under 3 months is a red feature.
FEVER_C = 38.0
YOUNG_INFANT_DAYS = 91
#: WHO young-infant danger sign: below 35.5 °C.
LOW_TEMPERATURE_C = 35.5
#: Longest range a report covers (days).
MAX_RANGE_DAYS = 3 * 366


def resolve_timezone(name: str) -> ZoneInfo:
    """A ZoneInfo for an IANA name; InputError with an example when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"Unknown time zone {name!r}; use an IANA name such as 'Europe/London' or 'UTC'.",
            field="timezone",
        ) from None


def check_range(date_from: date, date_to: date) -> None:
    """The report range must run forwards and be at most three years."""
    if date_to < date_from:
        raise InputError(
            f"The report range ends ({date_to}) before it starts ({date_from}); swap the dates.",
            field="date_to",
        )
    if (date_to - date_from).days > MAX_RANGE_DAYS:
        raise InputError(
            f"A report covers at most {MAX_RANGE_DAYS} days; choose a shorter range.",
            field="date_from",
        )


def build_report(
    profile: InfantProfile,
    *,
    episodes: Iterable[EpisodeEntry],
    recordings: Iterable[RecordingInfo] = (),
    assessments: Iterable[AssessmentRecord] = (),
    milestone_answers: Sequence[MilestoneAnswer] = (),
    date_from: date,
    date_to: date,
    timezone: str = "UTC",
    generated_at: datetime | None = None,
    place: ReportPlace | None = None,
) -> ClinicianReport:
    """Assemble the report for ``profile`` from ``date_from`` to ``date_to`` (both included).

    Items of other babies or outside the range are left out, so callers may pass more.
    """
    check_range(date_from, date_to)
    tz = resolve_timezone(timezone)

    def in_range(moment: datetime) -> bool:
        return date_from <= moment.astimezone(tz).date() <= date_to

    chosen = sorted(
        (e for e in episodes if e.infant_id == profile.id and in_range(e.started_at)),
        key=lambda e: e.started_at,
    )
    by_episode = {e.id: e for e in chosen}
    recs = sorted(
        (r for r in recordings if r.episode_id in by_episode),
        key=lambda r: (by_episode[r.episode_id].started_at, r.created_at),
    )
    triage = sorted(
        (a for a in assessments if a.infant_id == profile.id and in_range(a.created_at)),
        key=lambda a: a.created_at,
    )
    rec_count = Counter(r.episode_id for r in recs)

    status = None
    if milestone_answers:
        own = [a for a in milestone_answers if a.infant_id == profile.id]
        status = milestone_status(profile, own, on=date_to) if own else None

    temperatures = _temperatures(chosen, triage)
    summary = _summary(
        profile,
        episodes=chosen,
        recordings=recs,
        triage=triage,
        temperatures=temperatures,
        status=status,
    )
    per_day = Counter(e.started_at.astimezone(tz).date() for e in chosen)
    days = (date_to - date_from).days + 1
    return ClinicianReport(
        generated_at=generated_at or datetime.now(UTC),
        date_from=date_from,
        date_to=date_to,
        timezone=timezone,
        infant=_infant_block(profile, date_to),
        summary=summary,
        episodes=[_episode_row(e, rec_count[e.id]) for e in chosen],
        recordings=[_recording_row(r, by_episode[r.episode_id]) for r in recs],
        triage=_triage_rows(triage),
        temperatures=temperatures,
        suggested_evaluation=_suggested_evaluation(triage),
        milestones=status,
        episodes_per_day={
            date_from + timedelta(days=i): per_day.get(date_from + timedelta(days=i), 0)
            for i in range(days)
        },
        place=place or ReportPlace(),
    )


def _infant_block(profile: InfantProfile, on: date) -> InfantBlock:
    ga = profile.gestational_age_weeks
    preterm = ga is not None and ga < 37
    return InfantBlock(
        name=profile.name,
        date_of_birth=profile.date_of_birth,
        age_days=profile.age_days(on),
        corrected_age_days=profile.corrected_age_days(on) if preterm else None,
        gestational_age_weeks=ga,
        birth_weight_g=profile.birth_weight_g,
        sex=code_label(profile.sex) if profile.sex else None,
        history=[code_label(h) for h in profile.history],
        vitamin_k_at_birth=code_label(profile.vitamin_k_at_birth)
        if profile.vitamin_k_at_birth
        else None,
    )


def _episode_row(e: EpisodeEntry, recordings: int) -> EpisodeRow:
    def answer(value: object) -> str | None:
        return code_label(str(value)) if value is not None else None

    return EpisodeRow(
        id=e.id,
        started_at=e.started_at,
        duration_s=e.duration_s,
        body_parts=[code_label(b) for b in e.body_parts],
        states=[code_label(s) for s in e.states],
        stops_with_gentle_hold=answer(e.stops_with_gentle_hold),
        rhythmic=answer(e.rhythmic),
        responsive=answer(e.responsive),
        findings=[code_label(f) for f in e.findings],
        temperature_c=e.temperature_c,
        notes=e.notes,
        recordings=recordings,
    )


def _recording_row(r: RecordingInfo, episode: EpisodeEntry) -> RecordingRow:
    analysis = r.analysis if r.status is RecordingStatus.DONE else None
    return RecordingRow(
        id=r.id,
        episode_id=r.episode_id,
        recorded_at=episode.started_at,
        filename=r.filename,
        status=r.status.value,
        source_duration_s=analysis.source.duration_s if analysis else None,
        dominant_frequency_hz=analysis.dominant_frequency_hz if analysis else None,
        pattern=analysis.pattern if analysis else None,
        usable=analysis.quality.usable if analysis else None,
        issues=[code_label(i) for i in analysis.quality.issues] if analysis else [],
        movement_episodes=len(analysis.episodes) if analysis else 0,
    )


def _triage_rows(triage: Sequence[AssessmentRecord]) -> list[TriageRow]:
    """The latest run per episode (each stand-alone check on its own), earlier runs as history.

    An episode re-checked ten times is one row with ten lines of history, not ten rows.
    """
    groups: dict[str, list[AssessmentRecord]] = {}
    for a in triage:  # already oldest first
        groups.setdefault(a.episode_id or f"check:{a.id}", []).append(a)
    rows = []
    for runs in groups.values():
        latest = runs[-1]
        rows.append(
            TriageRow(
                at=latest.created_at,
                disposition=latest.result.disposition,
                headline=latest.result.headline,
                rules=[(r.rule_id, r.disposition.value, r.text) for r in latest.result.reasons],
                ruleset_version=latest.result.ruleset_version,
                episode_id=latest.episode_id,
                earlier=[
                    EarlierTriage(at=a.created_at, disposition=a.result.disposition)
                    for a in runs[:-1]
                ],
            )
        )
    return sorted(rows, key=lambda r: r.at)


def _frequencies(done: Sequence[Any]) -> list[FrequencyStats]:
    """Median and range of the dominant frequency, separately for each movement pattern."""
    by_pattern: dict[MotionPattern, list[float]] = {}
    for analysis in done:
        if analysis.dominant_frequency_hz is not None:
            by_pattern.setdefault(analysis.pattern, []).append(analysis.dominant_frequency_hz)
    return [
        FrequencyStats(
            pattern=pattern,
            recordings=len(values),
            median_hz=statistics.median(values),
            min_hz=min(values),
            max_hz=max(values),
        )
        for pattern, values in sorted(by_pattern.items(), key=lambda kv: (-len(kv[1]), kv[0].value))
    ]


def _temperatures(
    episodes: Sequence[EpisodeEntry], triage: Sequence[AssessmentRecord]
) -> list[TemperatureRow]:
    rows = [
        TemperatureRow(
            at=e.started_at,
            temperature_c=e.temperature_c,
            site=code_label(e.temperature_site) if e.temperature_site else None,
            source="episode",
        )
        for e in episodes
        if e.temperature_c is not None
    ]
    for a in triage:
        vitals = a.assessment.vitals
        if vitals.temperature_c is not None:
            site = code_label(vitals.temperature_site) if vitals.temperature_site else None
            rows.append(
                TemperatureRow(
                    at=a.created_at, temperature_c=vitals.temperature_c, site=site, source="triage"
                )
            )
    return sorted(rows, key=lambda r: r.at)


def _summary(
    profile: InfantProfile,
    *,
    episodes: Sequence[EpisodeEntry],
    recordings: Sequence[RecordingInfo],
    triage: Sequence[AssessmentRecord],
    temperatures: Sequence[TemperatureRow],
    status: MilestoneStatus | None,
) -> Summary:
    durations = [e.duration_s for e in episodes if e.duration_s is not None]
    done = [r.analysis for r in recordings if r.status is RecordingStatus.DONE and r.analysis]
    freqs = [a.dominant_frequency_hz for a in done if a.dominant_frequency_hz is not None]
    most_urgent: AssessmentRecord | None = None
    for a in triage:  # the latest of the most urgent ones
        if (
            most_urgent is None
            or a.result.disposition.urgency >= most_urgent.result.disposition.urgency
        ):
            most_urgent = a
    why: list[str] = []
    if most_urgent is not None:
        top = most_urgent.result.disposition
        why = [r.text for r in most_urgent.result.reasons if r.disposition is top] or [
            most_urgent.result.headline
        ]
    return Summary(
        episode_count=len(episodes),
        episodes_with_duration=len(durations),
        median_duration_s=statistics.median(durations) if durations else None,
        longest_duration_s=max(durations) if durations else None,
        measured_recordings=len(freqs),
        median_frequency_hz=statistics.median(freqs) if freqs else None,
        min_frequency_hz=min(freqs) if freqs else None,
        max_frequency_hz=max(freqs) if freqs else None,
        patterns=dict(Counter(a.pattern.value for a in done)),
        frequencies=_frequencies(done),
        most_urgent=most_urgent.result.disposition if most_urgent else None,
        most_urgent_at=most_urgent.created_at if most_urgent else None,
        most_urgent_why=why,
        red_flags=_red_flags(profile, episodes, triage, temperatures, status),
        assessments=len(triage),
    )


def _red_flags(
    profile: InfantProfile,
    episodes: Sequence[EpisodeEntry],
    triage: Sequence[AssessmentRecord],
    temperatures: Sequence[TemperatureRow],
    status: MilestoneStatus | None,
) -> list[RedFlag]:
    seen: dict[str, RedFlag] = {}

    def add(label: str, at: datetime, source: str) -> None:
        if label in seen:
            old = seen[label]
            seen[label] = old.model_copy(
                update={"times": old.times + 1, "first_seen": min(old.first_seen, at)}
            )
        else:
            seen[label] = RedFlag(label=label, first_seen=at, source=source)

    for e in episodes:
        for f in e.findings:
            if f in RED_FLAG_FINDINGS:
                add(code_label(f), e.started_at, "episode")
    for a in triage:
        for f in a.assessment.findings:
            if f in RED_FLAG_FINDINGS:
                add(code_label(f), a.created_at, "triage")
        for r in a.result.reasons:
            if r.disposition in (Disposition.EMERGENCY, Disposition.SAME_DAY):
                add(f"{r.text} (rule {r.rule_id})", a.created_at, "triage")
    for t in temperatures:
        age = profile.age_days(t.at.date())
        if t.temperature_c >= FEVER_C and age < YOUNG_INFANT_DAYS:
            add("Temperature 38 °C or higher under 3 months of age", t.at, "temperature")
        elif t.temperature_c < LOW_TEMPERATURE_C:
            add("Temperature below 35.5 °C", t.at, "temperature")
    for loss in status.losses if status else []:
        add(f"Loss of skills: {loss.milestone.text}", loss.lost_at, "milestones")
    return sorted(seen.values(), key=lambda f: f.first_seen)


def _suggested_evaluation(triage: Sequence[AssessmentRecord]) -> list[str]:
    ordered = sorted(triage, key=lambda a: (-a.result.disposition.urgency, a.created_at))
    out: list[str] = []
    for a in ordered:
        for item in a.result.suggested_evaluation:
            if item not in out:
                out.append(item)
    return out
