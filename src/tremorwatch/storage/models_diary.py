"""The diary: infants, episodes, recordings (with their analysis job state) and assessments.

Every row carries ``family_id`` (denormalised from the infant) so each query can be scoped to
the caller's family with one indexed condition. Lists of codes are JSON arrays of the wire
strings of :mod:`tremorwatch.domain.codes`; results are the JSON of the exchange formats.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tremorwatch.storage.base import ID_LENGTH, Base, IdMixin, TimestampMixin, UTCDateTime, utcnow


def _family_fk() -> Mapped[str]:
    return mapped_column(
        String(ID_LENGTH), ForeignKey("families.id", ondelete="CASCADE"), nullable=False
    )


class InfantRow(IdMixin, TimestampMixin, Base):
    """A baby."""

    __tablename__ = "infants"
    __table_args__ = (Index("ix_infants_family", "family_id", "created_at"),)

    family_id: Mapped[str] = _family_fk()
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    date_of_birth: Mapped[date] = mapped_column(Date, nullable=False)
    gestational_age_weeks: Mapped[float | None] = mapped_column(Float, nullable=True)
    birth_weight_g: Mapped[float | None] = mapped_column(Float, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(16), nullable=True)
    history: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    vitamin_k_at_birth: Mapped[str | None] = mapped_column(String(8), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow
    )


class EpisodeRow(IdMixin, TimestampMixin, Base):
    """One logged episode of shaking."""

    __tablename__ = "episodes"
    __table_args__ = (
        Index("ix_episodes_family_started", "family_id", "started_at"),
        Index("ix_episodes_infant_started", "infant_id", "started_at"),
    )

    family_id: Mapped[str] = _family_fk()
    infant_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("infants.id", ondelete="CASCADE"), nullable=False
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    body_parts: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    states: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    triggers: Mapped[str] = mapped_column(Text, nullable=False, default="")
    stops_with_gentle_hold: Mapped[str | None] = mapped_column(String(8), nullable=True)
    rhythmic: Mapped[str | None] = mapped_column(String(8), nullable=True)
    responsive: Mapped[str | None] = mapped_column(String(8), nullable=True)
    findings: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    temperature_c: Mapped[float | None] = mapped_column(Float, nullable=True)
    temperature_site: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    logged_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow
    )


class RecordingRow(IdMixin, TimestampMixin, Base):
    """A video or accelerometer file attached to an episode, and its analysis job.

    ``status`` is ``queued``, ``running``, ``done`` or ``failed``; ``progress`` 0-1;
    ``error`` the reason of a failure in words; ``analysis`` the motion-analysis JSON.
    ``storage_key`` is the file's path relative to the private media folder.
    ``heartbeat_at`` is the job's lease: renewed by the process running the analysis; a
    ``running`` row whose lease is older than ``settings.job_lease_s`` lost its worker.
    ``worker_id`` is who runs (or last ran) the analysis (``settings.server_id``): a server
    starting up requeues at once only its own interrupted jobs, a sibling's only after their
    lease ran out.
    """

    __tablename__ = "recordings"
    __table_args__ = (Index("ix_recordings_episode", "episode_id", "created_at"),)

    family_id: Mapped[str] = _family_fk()
    episode_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("episodes.id", ondelete="CASCADE"), nullable=False
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    storage_key: Mapped[str] = mapped_column(String(255), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    progress: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    analysis: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    worker_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    uploaded_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class AssessmentRow(IdMixin, TimestampMixin, Base):
    """A triage run saved in the diary: the answers and the engine's result (JSON)."""

    __tablename__ = "assessments"
    __table_args__ = (
        Index("ix_assessments_family_created", "family_id", "created_at"),
        Index("ix_assessments_infant_created", "infant_id", "created_at"),
    )

    family_id: Mapped[str] = _family_fk()
    infant_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("infants.id", ondelete="CASCADE"), nullable=False
    )
    episode_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("episodes.id", ondelete="CASCADE"), nullable=True, index=True
    )
    disposition: Mapped[str] = mapped_column(String(16), nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
