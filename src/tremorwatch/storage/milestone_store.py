"""Caregivers' milestone ticks: every answer is a new row, so the history is kept.

The history is what makes loss of skills visible (a ``yes`` followed later by ``not_yet``);
answers are never updated in place.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from tremorwatch.domain.diary import MilestoneAnswer
from tremorwatch.storage.base import ID_LENGTH, Base, IdMixin, TimestampMixin, UTCDateTime


class MilestoneAnswerRow(IdMixin, TimestampMixin, Base):
    """One tick (``yes``, ``not_yet`` or ``unsure``) for one milestone at one moment."""

    __tablename__ = "milestone_answers"
    __table_args__ = (Index("ix_milestone_answers_infant_at", "infant_id", "answered_at"),)

    family_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("families.id", ondelete="CASCADE"), nullable=False
    )
    infant_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("infants.id", ondelete="CASCADE"), nullable=False
    )
    milestone_id: Mapped[str] = mapped_column(String(64), nullable=False)
    answer: Mapped[str] = mapped_column(String(16), nullable=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    answered_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    answered_by_name: Mapped[str | None] = mapped_column(String(80), nullable=True)


def answers(session: Session, family_id: str, infant_id: str) -> list[MilestoneAnswerRow]:
    """All ticks for one baby, oldest first."""
    stmt = (
        select(MilestoneAnswerRow)
        .where(MilestoneAnswerRow.family_id == family_id, MilestoneAnswerRow.infant_id == infant_id)
        .order_by(
            MilestoneAnswerRow.answered_at, MilestoneAnswerRow.created_at, MilestoneAnswerRow.id
        )
    )
    return list(session.scalars(stmt))


def to_domain(row: MilestoneAnswerRow) -> MilestoneAnswer:
    """A row as the domain :class:`MilestoneAnswer`."""
    return MilestoneAnswer.model_validate(
        {
            "infant_id": row.infant_id,
            "milestone_id": row.milestone_id,
            "answer": row.answer,
            "answered_at": row.answered_at,
            "answered_by": row.answered_by_name,
        }
    )
