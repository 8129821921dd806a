"""A recording: status and progress, analysis result, video download, retry, delete."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from tremorwatch.domain.diary import RecordingInfo
from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.errors import Conflict
from tremorwatch.services import recordings
from tremorwatch.web.deps import ApiActor, DbSession, RuntimeDep

router = APIRouter(prefix="/recordings", tags=["recordings"])


@router.get("/{recording_id}", response_model=RecordingInfo)
def get_recording(recording_id: str, actor: ApiActor, db: DbSession) -> RecordingInfo:
    """Status (queued, running, done, failed), progress 0-1, failure reason, analysis."""
    return recordings.get_recording(db, actor, recording_id)


@router.get("/{recording_id}/analysis", response_model=MotionAnalysis)
def get_analysis(recording_id: str, actor: ApiActor, db: DbSession) -> MotionAnalysis:
    """The motion analysis (``tremorwatch.motion-analysis/1``) once done; 409 before."""
    info = recordings.get_recording(db, actor, recording_id)
    if info.analysis is None:
        message = (
            f"The analysis failed: {info.error}"
            if info.status == "failed"
            else f"The analysis is not finished yet (status {info.status.value})."
        )
        raise Conflict(message, field="status", code="analysis_not_ready")
    return info.analysis


@router.get(
    "/{recording_id}/video",
    response_class=StreamingResponse,
    responses={200: {"content": {"video/mp4": {}, "video/webm": {}, "text/csv": {}}}},
)
def download_video(
    recording_id: str, actor: ApiActor, db: DbSession, runtime: RuntimeDep
) -> StreamingResponse:
    """The uploaded file itself (only for the family it belongs to)."""
    info, chunks = recordings.open_recording(db, actor, recording_id, runtime.files)
    safe_name = info.filename.replace('"', "").encode("ascii", "replace").decode("ascii")
    return StreamingResponse(
        chunks,
        media_type=info.content_type,
        headers={
            "Content-Length": str(info.size_bytes),
            "Content-Disposition": f'attachment; filename="{safe_name}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/{recording_id}/retry", status_code=202, response_model=RecordingInfo)
def retry(recording_id: str, actor: ApiActor, db: DbSession, runtime: RuntimeDep) -> RecordingInfo:
    """Queue a failed analysis again."""
    return recordings.retry_recording(db, actor, recording_id, runtime=runtime)


@router.delete("/{recording_id}", status_code=204)
def delete_recording(
    recording_id: str, actor: ApiActor, db: DbSession, runtime: RuntimeDep
) -> Response:
    """Delete a recording and its file."""
    recordings.delete_recording(db, actor, recording_id, runtime.files)
    return Response(status_code=204)
