"""Diary value objects: the baby, logged episodes, recordings, assessments and milestones.

These are the shapes that storage returns and that reports and exports read. They are plain
pydantic models (no database types), so ``reports`` and ``export`` depend on ``domain`` only.
Times are timezone-aware UTC ``datetime``; durations are seconds; temperatures degrees Celsius.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from tremorwatch.domain.assessment import FULL_TERM_WEEKS, TERM_WEEKS, Assessment
from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Finding,
    HistoryItem,
    Sex,
    State,
    TemperatureSite,
)
from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.domain.triage_result import TriageResult


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class InfantProfile(_Model):
    """A baby in a family's diary."""

    id: str
    name: str = Field(min_length=1, max_length=80, description="Name or nickname.")
    date_of_birth: date
    gestational_age_weeks: float | None = Field(default=None, ge=22, le=44)
    birth_weight_g: float | None = Field(default=None, ge=300, le=7000)
    sex: Sex | None = None
    history: list[HistoryItem] = Field(default_factory=list)
    vitamin_k_at_birth: Answer | None = None

    def age_days(self, on: date) -> int:
        """Chronological age in days on ``on`` (0 on the day of birth)."""
        return max(0, (on - self.date_of_birth).days)

    def corrected_age_days(self, on: date) -> int:
        """Age corrected for prematurity when born before 37 weeks."""
        age = self.age_days(on)
        ga = self.gestational_age_weeks
        if ga is None or ga >= TERM_WEEKS:
            return age
        return max(0, round(age - (FULL_TERM_WEEKS - ga) * 7))


class EpisodeEntry(_Model):
    """One logged episode of shaking."""

    id: str
    infant_id: str
    started_at: datetime
    duration_s: float | None = Field(default=None, ge=0)
    body_parts: list[BodyPart] = Field(default_factory=list)
    states: list[State] = Field(default_factory=list)
    triggers: str = ""
    stops_with_gentle_hold: Answer | None = None
    rhythmic: Answer | None = None
    responsive: Answer | None = Field(default=None, description="Did the baby respond normally?")
    findings: list[Finding] = Field(default_factory=list)
    temperature_c: float | None = Field(default=None, ge=25, le=45)
    temperature_site: TemperatureSite | None = None
    notes: str = ""
    logged_by: str | None = Field(default=None, description="Display name of the caregiver.")
    created_at: datetime | None = None


class RecordingStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RecordingInfo(_Model):
    """A video or sensor file attached to an episode, with its analysis when done."""

    id: str
    episode_id: str
    filename: str
    content_type: str
    size_bytes: int = Field(ge=0)
    sha256: str
    status: RecordingStatus
    progress: float = Field(default=0.0, ge=0, le=1)
    error: str | None = None
    analysis: MotionAnalysis | None = None
    created_at: datetime


class AssessmentRecord(_Model):
    """One triage run saved in the diary: the answers and the engine's result."""

    id: str
    infant_id: str
    created_at: datetime
    assessment: Assessment
    result: TriageResult
    episode_id: str | None = None


class MilestoneAnswerValue(StrEnum):
    YES = "yes"
    NOT_YET = "not_yet"
    UNSURE = "unsure"


class MilestoneAnswer(_Model):
    """A caregiver's tick for one milestone at one moment (history is kept, never overwritten)."""

    infant_id: str
    milestone_id: str
    answer: MilestoneAnswerValue
    answered_at: datetime
    answered_by: str | None = None
