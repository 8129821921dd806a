"""The clinician report as a value object: everything the template shows, already computed.

:func:`tremorwatch.reports.assemble.build_report` fills it from the diary value objects; the
template only formats. Times are timezone-aware (shown in the report's time zone), durations
seconds, frequencies Hz, temperatures degrees Celsius.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tremorwatch.domain.codes import Disposition, MotionPattern
from tremorwatch.domain.milestones import MilestoneStatus


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class InfantBlock(_Frozen):
    """Who the baby is, on the last day of the report."""

    name: str
    date_of_birth: date
    age_days: int
    corrected_age_days: int | None = Field(
        default=None, description="Only for babies born before 37 weeks."
    )
    gestational_age_weeks: float | None = None
    birth_weight_g: float | None = None
    sex: str | None = None
    history: list[str] = Field(default_factory=list)
    vitamin_k_at_birth: str | None = None


class RedFlag(_Frozen):
    """A red-flag sign or rule seen in the period."""

    label: str
    first_seen: datetime
    times: int = 1
    source: str = Field(description="'episode', 'triage', 'temperature' or 'milestones'.")


class FrequencyStats(_Frozen):
    """The dominant frequencies of the analysed recordings of one movement pattern, Hz."""

    pattern: MotionPattern
    recordings: int
    median_hz: float
    min_hz: float
    max_hz: float


class Summary(_Frozen):
    episode_count: int
    episodes_with_duration: int
    median_duration_s: float | None
    longest_duration_s: float | None
    measured_recordings: int
    median_frequency_hz: float | None
    min_frequency_hz: float | None
    max_frequency_hz: float | None
    patterns: dict[str, int] = Field(default_factory=dict)
    frequencies: list[FrequencyStats] = Field(
        default_factory=list,
        description="Per movement pattern: a clonic 2-4 Hz and a tremor 5-12 Hz are never mixed.",
    )
    most_urgent: Disposition | None
    most_urgent_at: datetime | None
    most_urgent_why: list[str] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    assessments: int = 0


class EpisodeRow(_Frozen):
    id: str
    started_at: datetime
    duration_s: float | None
    body_parts: list[str]
    states: list[str]
    stops_with_gentle_hold: str | None
    rhythmic: str | None
    responsive: str | None
    findings: list[str]
    temperature_c: float | None
    notes: str
    recordings: int


class RecordingRow(_Frozen):
    id: str
    episode_id: str
    recorded_at: datetime
    filename: str
    status: str
    source_duration_s: float | None
    dominant_frequency_hz: float | None
    pattern: MotionPattern | None
    usable: bool | None
    issues: list[str]
    movement_episodes: int


class EarlierTriage(_Frozen):
    """An earlier triage run of the same episode, kept as one line of history."""

    at: datetime
    disposition: Disposition


class TriageRow(_Frozen):
    """The latest triage run of one episode (or one stand-alone check), with its history."""

    at: datetime
    disposition: Disposition
    headline: str
    rules: list[tuple[str, str, str]] = Field(
        default_factory=list, description="(rule id, disposition, text) of each rule that fired."
    )
    ruleset_version: str
    episode_id: str | None = None
    earlier: list[EarlierTriage] = Field(
        default_factory=list, description="Earlier runs of the same episode, oldest first."
    )


class ReportPlace(_Frozen):
    """The family's country and the numbers its caregivers were shown."""

    country: str | None = None
    emergency_number: str | None = None
    advice_line: str | None = None


class TemperatureRow(_Frozen):
    at: datetime
    temperature_c: float
    site: str | None
    source: str


class ClinicianReport(_Frozen):
    """One baby over one date range."""

    generated_at: datetime
    date_from: date
    date_to: date
    timezone: str
    infant: InfantBlock
    summary: Summary
    episodes: list[EpisodeRow]
    recordings: list[RecordingRow]
    triage: list[TriageRow]
    temperatures: list[TemperatureRow]
    suggested_evaluation: list[str]
    milestones: MilestoneStatus | None
    episodes_per_day: dict[date, int]
    place: ReportPlace = Field(default_factory=ReportPlace)
    notice: str = (
        "Made by tremorwatch from caregivers' diary entries and phone-video analysis. "
        "Decision support, not a diagnosis: please judge the findings clinically."
    )
