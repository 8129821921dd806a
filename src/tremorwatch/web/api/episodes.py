"""One episode, and its recordings (list, upload)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from tremorwatch.domain.diary import RecordingInfo
from tremorwatch.services import episodes, recordings
from tremorwatch.services.schemas import EpisodePublic, EpisodeUpdate
from tremorwatch.web.api.uploads import stream_upload
from tremorwatch.web.deps import ApiActor, DbSession, RuntimeDep

router = APIRouter(prefix="/episodes", tags=["episodes"])


@router.get("/{episode_id}", response_model=EpisodePublic)
def get_episode(episode_id: str, actor: ApiActor, db: DbSession) -> EpisodePublic:
    """An episode with its latest triage and recordings."""
    return episodes.get_episode(db, actor, episode_id)


@router.patch("/{episode_id}", response_model=EpisodePublic)
def update_episode(
    episode_id: str, data: EpisodeUpdate, actor: ApiActor, db: DbSession
) -> EpisodePublic:
    """Change an episode (only the fields sent); it is triaged again."""
    return episodes.update_episode(db, actor, episode_id, data.model_dump(exclude_unset=True))


@router.delete("/{episode_id}", status_code=204)
def delete_episode(
    episode_id: str, actor: ApiActor, db: DbSession, runtime: RuntimeDep
) -> Response:
    """Delete an episode with its triage results and videos."""
    episodes.delete_episode(db, actor, episode_id, files=runtime.files)
    return Response(status_code=204)


@router.get("/{episode_id}/recordings", response_model=list[RecordingInfo])
def list_recordings(episode_id: str, actor: ApiActor, db: DbSession) -> list[RecordingInfo]:
    """The episode's recordings with their analysis status."""
    return recordings.list_recordings(db, actor, episode_id)


@router.post(
    "/{episode_id}/recordings",
    status_code=202,
    response_model=RecordingInfo,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
                "video/mp4": {"schema": {"type": "string", "format": "binary"}},
                "video/webm": {"schema": {"type": "string", "format": "binary"}},
                "text/csv": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def upload_recording(
    episode_id: str, request: Request, actor: ApiActor, runtime: RuntimeDep
) -> RecordingInfo:
    """Upload a video (MP4/MOV/WebM) or accelerometer CSV; its analysis is queued.

    The file is streamed to disk; over the size limit is a 413, a file that is not a video or
    CSV a 415. Poll ``GET /api/v1/recordings/{id}`` for status and progress.
    """

    def check() -> None:
        with runtime.session() as db:
            recordings.check_can_upload(db, actor, episode_id)

    await run_in_threadpool(check)
    upload = await stream_upload(request, runtime.files)

    def attach() -> RecordingInfo:
        with runtime.session() as db:
            return recordings.attach_recording(
                db, actor, episode_id, upload.stored, upload.filename, runtime=runtime
            )

    return await run_in_threadpool(attach)
