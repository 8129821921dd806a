"""Rows -> the domain value objects of :mod:`tremorwatch.domain.diary`.

Reports, exports and the web layer read these frozen objects, never ORM rows.
"""

from __future__ import annotations

from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    RecordingInfo,
    RecordingStatus,
)
from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow


def infant_profile(row: InfantRow) -> InfantProfile:
    """An infant row as an :class:`InfantProfile`."""
    return InfantProfile.model_validate(
        {
            "id": row.id,
            "name": row.name,
            "date_of_birth": row.date_of_birth,
            "gestational_age_weeks": row.gestational_age_weeks,
            "birth_weight_g": row.birth_weight_g,
            "sex": row.sex,
            "history": list(row.history or []),
            "vitamin_k_at_birth": row.vitamin_k_at_birth,
        }
    )


def episode_entry(row: EpisodeRow, *, logged_by_name: str | None = None) -> EpisodeEntry:
    """An episode row as an :class:`EpisodeEntry` (``logged_by`` is a display name)."""
    return EpisodeEntry.model_validate(
        {
            "id": row.id,
            "infant_id": row.infant_id,
            "started_at": row.started_at,
            "duration_s": row.duration_s,
            "body_parts": list(row.body_parts or []),
            "states": list(row.states or []),
            "triggers": row.triggers,
            "stops_with_gentle_hold": row.stops_with_gentle_hold,
            "rhythmic": row.rhythmic,
            "responsive": row.responsive,
            "findings": list(row.findings or []),
            "temperature_c": row.temperature_c,
            "temperature_site": row.temperature_site,
            "notes": row.notes,
            "logged_by": logged_by_name,
            "created_at": row.created_at,
        }
    )


def recording_info(row: RecordingRow) -> RecordingInfo:
    """A recording row as a :class:`RecordingInfo` (with its analysis when done)."""
    analysis = MotionAnalysis.model_validate(row.analysis) if row.analysis else None
    return RecordingInfo(
        id=row.id,
        episode_id=row.episode_id,
        filename=row.filename,
        content_type=row.content_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        status=RecordingStatus(row.status),
        progress=min(1.0, max(0.0, row.progress)),
        error=row.error,
        analysis=analysis,
        created_at=row.created_at,
    )


def assessment_record(row: AssessmentRow) -> AssessmentRecord:
    """A saved assessment row as an :class:`AssessmentRecord`."""
    return AssessmentRecord(
        id=row.id,
        infant_id=row.infant_id,
        created_at=row.created_at,
        assessment=Assessment.model_validate(row.answers),
        result=TriageResult.model_validate(row.result),
        episode_id=row.episode_id,
    )
