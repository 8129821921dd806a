"""The one validation source: Create/Update/Public schemas shared by pages, API and CLI.

Create and Update schemas refuse unknown fields (a typo is an error, never silently dropped);
Public schemas never carry secrets (password hashes, token hashes). Use :func:`validate` to get
a :class:`~tremorwatch.errors.InputError` naming the field instead of a pydantic error.
Times without a time zone are taken as UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tremorwatch._checks import pydantic_error_to_input_error
from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Finding,
    HistoryItem,
    Sex,
    State,
    TemperatureSite,
)
from tremorwatch.domain.diary import EpisodeEntry, InfantProfile, RecordingInfo
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.services.context import Role

M = TypeVar("M", bound=BaseModel)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Shortest accepted password.
MIN_PASSWORD_LENGTH = 10
#: Clock skew allowed for "not in the future" checks.
FUTURE_SLACK = timedelta(minutes=10)


def validate(model: type[M], data: Any) -> M:
    """Validate ``data`` (a dict or a model) as ``model``; InputError naming the field."""
    if isinstance(data, model):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump(exclude_unset=True)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise pydantic_error_to_input_error(exc) from None


def _as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a time whose UTC day falls outside years 1-9999 is refused (ValueError,
    which validation reports on the field) rather than overflowing into a crash."""
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is not a date tremorwatch can store (years 1 to 9999)") from None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        """No text field may hold a NUL character: no form or name needs one, and PostgreSQL
        cannot store it, so it is refused here with the field's name."""
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain the NUL character (\\x00)")
        return value


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# -- accounts ------------------------------------------------------------------------------


class SignUp(_In):
    """A new caregiver account (and a new family, unless joining by invitation)."""

    email: str = Field(max_length=254, description="E-mail address used to sign in.")
    password: str = Field(
        min_length=MIN_PASSWORD_LENGTH, max_length=256, description="At least 10 characters."
    )
    display_name: str = Field(min_length=1, max_length=80, description="Name shown to family.")
    family_name: str | None = Field(default=None, max_length=80)
    invitation: str | None = Field(default=None, max_length=200, description="Invitation code.")
    country: str | None = Field(
        default=None, description="The family's country, ISO 3166-1 alpha-2 (emergency number)."
    )
    timezone: str | None = Field(default=None, description="IANA time zone, e.g. Europe/Madrid.")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if not _EMAIL.match(value):
            raise ValueError("is not an e-mail address (like name@example.org)")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        return _known_country(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        return _known_timezone(value)


def _known_country(value: str | None) -> str | None:
    from tremorwatch.domain.locale import load_countries

    if value is None or not value.strip():
        return None
    found = load_countries().get(value)
    if found is None:
        raise ValueError(
            f"is not a country tremorwatch knows the emergency number of ({value!r}); "
            "use a two-letter code such as ES, GB or US"
        )
    return found.code


def _known_timezone(value: str | None) -> str | None:
    from tremorwatch.domain.locale import check_timezone
    from tremorwatch.errors import InputError

    if value is None or not value.strip():
        return None
    try:
        return check_timezone(value)
    except InputError:
        raise ValueError(f"is not a time zone like Europe/Madrid ({value!r})") from None


class Login(_In):
    """E-mail and password."""

    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=256)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return value.strip().lower()


class UserPublic(_Out):
    id: str
    email: str
    display_name: str


class MemberPublic(_Out):
    user_id: str
    display_name: str
    email: str
    role: Role


class FamilyPublic(_Out):
    id: str
    name: str
    role: Role
    country: str | None = None
    timezone: str = "UTC"
    temperature_unit: str | None = None


class FamilySettings(_In):
    """The family's place: country (emergency number), time zone, temperature unit."""

    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2, e.g. ES.")
    timezone: str | None = Field(default=None, description="IANA time zone, e.g. Europe/Madrid.")
    temperature_unit: str | None = Field(
        default=None, pattern=r"^[CF]$", description="C or F; empty for the country's usual one."
    )

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        return _known_country(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        return _known_timezone(value)


class TokenCreate(_In):
    name: str = Field(min_length=1, max_length=80, description="What the token is for.")


class TokenPublic(_Out):
    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class TokenCreated(TokenPublic):
    token: str = Field(description="The secret; shown once, store it safely.")


class InvitationCreate(_In):
    email: str | None = Field(default=None, max_length=254)
    role: Role = Role.CAREGIVER
    valid_days: int = Field(default=7, ge=1, le=30)


class InvitationPublic(_Out):
    id: str
    email: str | None
    role: Role
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None


class InvitationCreated(InvitationPublic):
    token: str = Field(description="The invitation code; shown once.")


# -- diary ---------------------------------------------------------------------------------


class InfantCreate(_In):
    """A baby added to the diary (the history items of the assessment spec)."""

    name: str = Field(min_length=1, max_length=80, description="Name or nickname.")
    date_of_birth: date
    gestational_age_weeks: float | None = Field(default=None, ge=22, le=44)
    birth_weight_g: float | None = Field(default=None, ge=300, le=7000)
    sex: Sex | None = None
    history: list[HistoryItem] = Field(default_factory=list)
    vitamin_k_at_birth: Answer | None = None

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: date) -> date:
        today = datetime.now(UTC).date()
        if value > today + timedelta(days=1):
            raise ValueError("is in the future")
        if value < today - timedelta(days=1095 + 366):
            raise ValueError("is more than four years ago; tremorwatch is for babies up to 3")
        return value

    @field_validator("history")
    @classmethod
    def _unique(cls, value: list[HistoryItem]) -> list[HistoryItem]:
        return list(dict.fromkeys(value))


class InfantUpdate(InfantCreate):
    """Changes to a baby: only the fields given are changed."""

    name: str = Field(default=None, min_length=1, max_length=80)  # type: ignore[assignment]
    date_of_birth: date = Field(default=None)  # type: ignore[assignment]


class EpisodeCreate(_In):
    """One logged episode."""

    started_at: datetime = Field(description="When it started (UTC if no time zone is given).")
    duration_s: float | None = Field(default=None, ge=0, le=86_400, description="Seconds.")
    body_parts: list[BodyPart] = Field(default_factory=list)
    states: list[State] = Field(default_factory=list)
    triggers: str = Field(default="", max_length=500)
    stops_with_gentle_hold: Answer | None = None
    rhythmic: Answer | None = None
    responsive: Answer | None = Field(default=None, description="Did the baby respond normally?")
    findings: list[Finding] = Field(default_factory=list)
    temperature_c: float | None = Field(default=None, ge=25, le=45, description="Celsius.")
    temperature_site: TemperatureSite | None = None
    notes: str = Field(default="", max_length=2000)

    @field_validator("started_at")
    @classmethod
    def _not_future(cls, value: datetime) -> datetime:
        value = _as_utc(value)
        if value > datetime.now(UTC) + FUTURE_SLACK:
            raise ValueError("is in the future")
        return value

    @field_validator("body_parts", "states", "findings")
    @classmethod
    def _unique(cls, value: list[Any]) -> list[Any]:
        return list(dict.fromkeys(value))


class EpisodeUpdate(EpisodeCreate):
    """Changes to an episode: only the fields given are changed."""

    started_at: datetime = Field(default=None)  # type: ignore[assignment]


class EpisodePublic(BaseModel):
    """An episode with its latest triage result and its recordings."""

    episode: EpisodeEntry
    triage: TriageResult | None = None
    assessment_id: str | None = None
    recordings: list[RecordingInfo] = Field(default_factory=list)


class InfantPublic(BaseModel):
    """A baby with the derived ages."""

    infant: InfantProfile
    age_days: int
    corrected_age_days: int
