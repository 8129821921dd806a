"""Developmental milestones in the diary: the checklist of a baby's age, ticks, history.

Public functions (stable)::

    checklist(session, actor, infant_id, *, on=None, age_months=None) -> Checklist
    record_answers(session, actor, infant_id, answers: {milestone_id: "yes"|"not_yet"|"unsure"},
                   *, at=None) -> list[MilestoneAnswer]          (caregivers and owners)
    history(session, actor, infant_id) -> list[MilestoneAnswer]   oldest first
    triage_findings(session, actor, infant_id) -> list[Finding]   [loss_of_skills] or []

Every tick is a new row (history is never overwritten), so a skill ticked ``yes`` and later
``not_yet`` shows as a loss of skills here, in the report and in triage.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from tremorwatch.domain.codes import Finding
from tremorwatch.domain.diary import MilestoneAnswer, MilestoneAnswerValue
from tremorwatch.domain.milestones import (
    CHECKPOINT_AGES_MONTHS,
    Milestone,
    MilestoneStatus,
    checklist_age_months,
    checklist_due,
    findings_from_milestones,
    latest_answers,
    load_catalogue,
    milestone_status,
)
from tremorwatch.errors import InputError
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.infants import get_infant, infant_row
from tremorwatch.storage import milestone_store
from tremorwatch.storage.milestone_store import MilestoneAnswerRow


class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    milestone: Milestone
    answer: MilestoneAnswerValue | None
    answered_at: datetime | None


class Checklist(BaseModel):
    """One checkpoint's skills with their latest ticks, and the baby's milestone status."""

    model_config = ConfigDict(frozen=True)

    infant_id: str
    age_months: int
    due_age_months: int
    #: Whether the shown checklist is due now (by corrected age), and the day it is due from.
    due_now: bool = True
    due_from: date | None = None
    corrected: bool
    items: list[ChecklistItem]
    status: MilestoneStatus
    source: str


def history(session: Session, actor: Actor, infant_id: str) -> list[MilestoneAnswer]:
    """Every tick for the baby, oldest first."""
    infant_row(session, actor, infant_id)
    return [
        milestone_store.to_domain(r)
        for r in milestone_store.answers(session, actor.family_id, infant_id)
    ]


def checklist(
    session: Session,
    actor: Actor,
    infant_id: str,
    *,
    on: date | None = None,
    age_months: int | None = None,
) -> Checklist:
    """The checklist due on ``on`` (today) by corrected age, or the one of ``age_months``."""
    profile = get_infant(session, actor, infant_id)
    day = on or datetime.now(UTC).date()
    due = checklist_age_months(profile, day)
    shown = due if age_months is None else age_months
    catalogue = load_catalogue()
    checkpoint = catalogue.checkpoint(shown)
    answers = history(session, actor, infant_id)
    latest = latest_answers(answers)
    items = [
        ChecklistItem(
            milestone=m,
            answer=latest[m.id].answer if m.id in latest else None,
            answered_at=latest[m.id].answered_at if m.id in latest else None,
        )
        for m in checkpoint.milestones
    ]
    ga = profile.gestational_age_weeks
    due_now, due_from = checklist_due(profile, day, shown)
    return Checklist(
        due_now=due_now,
        due_from=due_from,
        infant_id=infant_id,
        age_months=shown,
        due_age_months=due,
        corrected=ga is not None and ga < 37,
        items=items,
        status=milestone_status(profile, answers, on=day, catalogue=catalogue),
        source=catalogue.source.citation,
    )


def record_answers(
    session: Session,
    actor: Actor,
    infant_id: str,
    answers: dict[str, Any],
    *,
    at: datetime | None = None,
) -> list[MilestoneAnswer]:
    """Save ticks (new rows); unknown ids or values are refused before anything is saved."""
    actor.require(Role.CAREGIVER)
    infant_row(session, actor, infant_id)
    catalogue = load_catalogue()
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    allowed = [v.value for v in MilestoneAnswerValue]
    rows = []
    for milestone_id, value in answers.items():
        catalogue.milestone(milestone_id)
        if value not in allowed:
            raise InputError(
                f"The answer for {milestone_id} must be one of {', '.join(allowed)}; got {value!r}.",
                field=milestone_id,
            )
        rows.append(
            MilestoneAnswerRow(
                family_id=actor.family_id,
                infant_id=infant_id,
                milestone_id=milestone_id,
                answer=value,
                answered_at=moment,
                answered_by=actor.user_id,
                answered_by_name=actor.display_name,
            )
        )
    session.add_all(rows)
    session.commit()
    return [milestone_store.to_domain(r) for r in rows]


def triage_findings(session: Session, actor: Actor, infant_id: str) -> list[Finding]:
    """Findings the milestone history adds to a triage assessment (``loss_of_skills``)."""
    return findings_from_milestones(history(session, actor, infant_id))


__all__ = [
    "CHECKPOINT_AGES_MONTHS",
    "Checklist",
    "ChecklistItem",
    "checklist",
    "history",
    "record_answers",
    "triage_findings",
]
