"""Assessments: stateless triage for anyone, and triage results saved to a baby's diary.

Public functions (stable)::

    triage(data) -> TriageResult                          no account, nothing stored
    save_assessment(session, actor, infant_id, data) -> AssessmentRecord   (caregiver+)
    list_assessments(session, actor, infant_id) -> list[AssessmentRecord]
    get_assessment(session, actor, assessment_id) -> AssessmentRecord
    delete_assessment(session, actor, assessment_id) -> None

``data`` is a ``tremorwatch.assessment/1`` object (dict, JSON text or :class:`Assessment`).
When saving, ``infant`` may be left out (or partly): it is filled from the baby's profile, with
``age_days`` computed for today.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from tremorwatch.domain.assessment import Assessment, parse_assessment
from tremorwatch.domain.diary import AssessmentRecord, InfantProfile
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.errors import NotFound
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.episodes import run_triage
from tremorwatch.services.infants import infant_row
from tremorwatch.storage import convert
from tremorwatch.storage.models_diary import AssessmentRow
from tremorwatch.storage.repositories import diary as repo


def _parse(data: Assessment | str | bytes | dict[str, Any]) -> Assessment:
    return data if isinstance(data, Assessment) else parse_assessment(data)


def triage(data: Assessment | str | bytes | dict[str, Any]) -> TriageResult:
    """Triage one assessment; nothing is stored."""
    return run_triage(_parse(data))


def _with_profile(data: dict[str, Any], profile: InfantProfile) -> dict[str, Any]:
    given = dict(data.get("infant") or {})
    today = datetime.now(UTC).date()
    filled = {
        "age_days": min(1095, profile.age_days(today)),
        "gestational_age_weeks": profile.gestational_age_weeks,
        "birth_weight_g": profile.birth_weight_g,
        "sex": profile.sex.value if profile.sex else None,
        "history": [h.value for h in profile.history],
        "vitamin_k_at_birth": profile.vitamin_k_at_birth.value
        if profile.vitamin_k_at_birth
        else None,
    }
    filled = {k: v for k, v in filled.items() if v is not None}
    return {**data, "infant": {**filled, **given}}


def save_assessment(
    session: Session,
    actor: Actor,
    infant_id: str,
    data: Assessment | str | bytes | dict[str, Any],
) -> AssessmentRecord:
    """Triage the answers and save answers and result in the baby's diary."""
    actor.require(Role.CAREGIVER)
    row_infant = infant_row(session, actor, infant_id)
    if isinstance(data, dict):
        data = _with_profile(data, convert.infant_profile(row_infant))
    assessment = _parse(data)
    result = run_triage(assessment)
    row = AssessmentRow(
        family_id=actor.family_id,
        infant_id=row_infant.id,
        disposition=result.disposition.value,
        answers=assessment.to_json_dict(),
        result=result.to_json_dict(),
        created_by=actor.user_id,
    )
    session.add(row)
    session.commit()
    return convert.assessment_record(row)


def list_assessments(session: Session, actor: Actor, infant_id: str) -> list[AssessmentRecord]:
    """A baby's saved assessments, newest first."""
    infant_row(session, actor, infant_id)
    rows = repo.assessments(session, actor.family_id, infant_id=infant_id)
    return [convert.assessment_record(r) for r in rows]


def _row(session: Session, actor: Actor, assessment_id: str) -> AssessmentRow:
    row = repo.assessment(session, actor.family_id, assessment_id)
    if row is None:
        raise NotFound("No such assessment in your family's diary.", field="assessment_id")
    return row


def get_assessment(session: Session, actor: Actor, assessment_id: str) -> AssessmentRecord:
    """One saved assessment."""
    return convert.assessment_record(_row(session, actor, assessment_id))


def delete_assessment(session: Session, actor: Actor, assessment_id: str) -> None:
    """Delete a saved assessment (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    session.delete(_row(session, actor, assessment_id))
    session.commit()
