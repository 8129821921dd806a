"""``tremorwatch.assessment/1``: what a caregiver (or clinician) answered.

The models follow ``shared/spec/assessment-v1.md`` field for field. A missing field means
"not asked"; unknown fields and unknown codes are refused (a typo must never be silently
ignored, since an ignored red flag is an unsafe answer). Use :func:`parse_assessment` to turn
JSON or a dict into an :class:`Assessment`; it raises :class:`~tremorwatch.errors.InputError`
naming the field, the allowed values and what was given.
"""

from __future__ import annotations

import json
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tremorwatch._checks import pydantic_error_to_input_error
from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Finding,
    HistoryItem,
    MotionPattern,
    Sex,
    Speed,
    State,
    TemperatureSite,
    Trend,
)
from tremorwatch.errors import InputError

ASSESSMENT_SCHEMA: Final = "tremorwatch.assessment/1"

#: Gestational age below which a baby is preterm and corrected age is used.
TERM_WEEKS = 37
#: Full term used to compute corrected age.
FULL_TERM_WEEKS = 40


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Infant(_Strict):
    """Who the baby is. ``age_days`` is chronological age."""

    age_days: int = Field(ge=0, le=1095, description="Chronological age in days, 0-1095.")
    gestational_age_weeks: float | None = Field(
        default=None, ge=22, le=44, description="Weeks of gestation at birth, 22-44."
    )
    birth_weight_g: float | None = Field(default=None, ge=300, le=7000, description="Grams.")
    sex: Sex | None = None
    history: list[HistoryItem] = Field(default_factory=list)
    vitamin_k_at_birth: Answer | None = None

    @property
    def preterm(self) -> bool:
        """Born before 37 completed weeks (unknown gestation counts as not preterm)."""
        return self.gestational_age_weeks is not None and self.gestational_age_weeks < TERM_WEEKS

    @property
    def corrected_age_days(self) -> int:
        """Age corrected for prematurity (chronological age for term babies), never below 0."""
        if not self.preterm or self.gestational_age_weeks is None:
            return self.age_days
        weeks_early = FULL_TERM_WEEKS - self.gestational_age_weeks
        return max(0, round(self.age_days - weeks_early * 7))


class Episode(_Strict):
    """What the movements look like and when they happen."""

    body_parts: list[BodyPart] = Field(default_factory=list)
    rhythmic: Answer | None = None
    speed: Speed | None = None
    typical_duration_s: float | None = Field(default=None, ge=0, le=86_400)
    longest_duration_s: float | None = Field(default=None, ge=0, le=86_400)
    episodes_per_day: float | None = Field(default=None, ge=0, le=10_000)
    first_noticed_days_ago: float | None = Field(default=None, ge=0, le=1095)
    trend: Trend | None = None
    states: list[State] = Field(default_factory=list)
    only_in_sleep: Answer | None = None
    stops_when_woken: Answer | None = None
    stops_with_gentle_hold: Answer | None = None
    provoked_by_stimulus: Answer | None = None
    stops_with_distraction: Answer | None = None
    comes_in_clusters: Answer | None = None
    one_side_only: Answer | None = None
    happening_now: Answer | None = None
    minutes_so_far: float | None = Field(default=None, ge=0, le=1440)


class Vitals(_Strict):
    """Optional measurements."""

    temperature_c: float | None = Field(default=None, ge=25, le=45, description="Degrees Celsius.")
    temperature_site: TemperatureSite | None = None
    breaths_per_min: float | None = Field(default=None, ge=0, le=200)
    heart_rate_bpm: float | None = Field(default=None, ge=0, le=350)
    wet_diapers_24h: float | None = Field(default=None, ge=0, le=40)
    blood_glucose_mmol_l: float | None = Field(default=None, ge=0, le=50)


class MotionSummary(_Strict):
    """Summary of tremorwatch's own movement analysis of a recording."""

    dominant_frequency_hz: float | None = Field(default=None, ge=0, le=120)
    pattern: MotionPattern | None = None


class Assessment(_Strict):
    """One assessment: the infant, the episodes, findings, vitals and motion summary."""

    schema_: Literal["tremorwatch.assessment/1"] = Field(default=ASSESSMENT_SCHEMA, alias="schema")
    infant: Infant
    episode: Episode = Field(default_factory=Episode)
    findings: list[Finding] = Field(default_factory=list)
    findings_checked: list[Finding] | None = Field(
        default=None,
        description="Addition to the spec: the finding codes the caregiver was asked about "
        "(an interview in progress). A code listed here but absent from 'findings' means 'no'. "
        "When omitted, giving 'findings' (even empty) means the whole checklist was asked, and "
        "leaving 'findings' out means it was not asked.",
    )
    vitals: Vitals = Field(default_factory=Vitals)
    motion: MotionSummary | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The assessment as the wire JSON object (unset fields left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def parse_assessment(data: str | bytes | dict[str, Any]) -> Assessment:
    """Validate JSON text or a decoded object as ``tremorwatch.assessment/1``.

    Raises
    ------
    InputError
        Malformed JSON (with line and column), a missing required field, an unknown field or
        code (naming the allowed values), or a number out of range.
    """
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"The assessment is not valid JSON: {exc.msg} at line {exc.lineno}, "
                f"column {exc.colno}."
            ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"An assessment must be a JSON object with at least 'infant'; got {type(data).__name__}."
        )
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise pydantic_error_to_input_error(exc) from None
