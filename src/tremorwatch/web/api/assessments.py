"""Stateless triage for anyone, and saved assessments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from tremorwatch.domain.diary import AssessmentRecord
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.services import assessments
from tremorwatch.web.deps import ApiActor, DbSession

router = APIRouter(prefix="/assessments", tags=["assessments"])


@router.post("", response_model=TriageResult, response_model_by_alias=True)
def assess(
    data: dict[str, Any] = Body(  # noqa: B008
        ...,
        description="A tremorwatch.assessment/1 object.",
        examples=[{"infant": {"age_days": 45}, "episode": {"stops_with_gentle_hold": "yes"}}],
    ),
) -> TriageResult:
    """Triage an assessment (no account needed; nothing is stored)."""
    return assessments.triage(data)


@router.get("/{assessment_id}", response_model=AssessmentRecord)
def get_assessment(assessment_id: str, actor: ApiActor, db: DbSession) -> AssessmentRecord:
    """A saved assessment."""
    return assessments.get_assessment(db, actor, assessment_id)


@router.delete("/{assessment_id}", status_code=204)
def delete_assessment(assessment_id: str, actor: ApiActor, db: DbSession) -> Response:
    """Delete a saved assessment."""
    assessments.delete_assessment(db, actor, assessment_id)
    return Response(status_code=204)
