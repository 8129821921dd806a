"""Infants, and per infant: episodes, saved assessments, counts per day and trends."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Query, Request, Response

from tremorwatch.domain.diary import AssessmentRecord, EpisodeEntry
from tremorwatch.errors import InputError
from tremorwatch.services import assessments, diary, episodes, infants
from tremorwatch.services.schemas import (
    EpisodeCreate,
    EpisodePublic,
    InfantCreate,
    InfantPublic,
    InfantUpdate,
)
from tremorwatch.web.deps import ApiActor, DbSession, RuntimeDep

router = APIRouter(prefix="/infants", tags=["infants"])


@router.get("", response_model=list[InfantPublic])
def list_infants(actor: ApiActor, db: DbSession) -> list[InfantPublic]:
    """The family's babies."""
    return [infants.infant_public(p) for p in infants.list_infants(db, actor)]


@router.post("", status_code=201, response_model=InfantPublic)
def add_infant(data: InfantCreate, actor: ApiActor, db: DbSession) -> InfantPublic:
    """Add a baby."""
    return infants.infant_public(infants.add_infant(db, actor, data))


@router.get("/{infant_id}", response_model=InfantPublic)
def get_infant(infant_id: str, actor: ApiActor, db: DbSession) -> InfantPublic:
    """One baby."""
    return infants.infant_public(infants.get_infant(db, actor, infant_id))


@router.patch("/{infant_id}", response_model=InfantPublic)
def update_infant(
    infant_id: str, data: InfantUpdate, actor: ApiActor, db: DbSession
) -> InfantPublic:
    """Change a baby's details (only the fields sent)."""
    changes = data.model_dump(exclude_unset=True)
    return infants.infant_public(infants.update_infant(db, actor, infant_id, changes))


@router.delete("/{infant_id}", status_code=204)
def delete_infant(infant_id: str, actor: ApiActor, db: DbSession, runtime: RuntimeDep) -> Response:
    """Delete a baby with all episodes, assessments and videos (owners only)."""
    infants.delete_infant(db, actor, infant_id, files=runtime.files)
    return Response(status_code=204)


@router.get(
    "/{infant_id}/episodes",
    response_model=list[EpisodeEntry],
    responses={
        200: {
            "headers": {
                "Link": {
                    "description": 'The next (older) page: <...?cursor=...>; rel="next" '
                    "(RFC 8288); absent on the last page.",
                    "schema": {"type": "string"},
                },
                "X-Next-Cursor": {
                    "description": "The cursor of the next page; absent on the last page.",
                    "schema": {"type": "string"},
                },
            }
        }
    },
)
def list_episodes(  # noqa: PLR0917 - FastAPI reads query parameters from the signature
    request: Request,
    response: Response,
    infant_id: str,
    actor: ApiActor,
    db: DbSession,
    limit: int = Query(default=100, ge=1, le=1000),
    cursor: str | None = Query(default=None, max_length=200),
) -> list[EpisodeEntry]:
    """A page of a baby's episodes, newest first, cut by keyset.

    The next (older) page is the ``Link: <...>; rel="next"`` header (also ``X-Next-Cursor``,
    to pass as ``cursor``); an episode written between two pages never makes an entry
    appear twice or be skipped.
    """
    if "offset" in request.query_params:
        raise InputError(
            "offset is not supported: page with cursor, from the X-Next-Cursor header (or the "
            'Link rel="next" URL) of the page before.',
            field="offset",
            code="offset_not_supported",
        )
    page = episodes.list_episodes(db, actor, infant_id, limit=limit, cursor=cursor)
    if page.next_cursor is not None:
        following = request.url.include_query_params(cursor=page.next_cursor, limit=limit)
        response.headers["Link"] = f'<{following}>; rel="next"'
        response.headers["X-Next-Cursor"] = page.next_cursor
    return page.items


@router.post("/{infant_id}/episodes", status_code=201, response_model=EpisodePublic)
def log_episode(
    infant_id: str, data: EpisodeCreate, actor: ApiActor, db: DbSession
) -> EpisodePublic:
    """Log an episode; the response carries its triage result."""
    return episodes.log_episode(db, actor, infant_id, data)


@router.get("/{infant_id}/assessments", response_model=list[AssessmentRecord])
def list_assessments(infant_id: str, actor: ApiActor, db: DbSession) -> list[AssessmentRecord]:
    """A baby's saved assessments, newest first."""
    return assessments.list_assessments(db, actor, infant_id)


@router.post("/{infant_id}/assessments", status_code=201, response_model=AssessmentRecord)
def save_assessment(
    infant_id: str,
    actor: ApiActor,
    db: DbSession,
    data: dict[str, Any] = Body(  # noqa: B008 - FastAPI's way to declare a raw JSON body
        ..., description="A tremorwatch.assessment/1 object; 'infant' is filled from the profile."
    ),
) -> AssessmentRecord:
    """Triage answers and save them with the result in the baby's diary."""
    return assessments.save_assessment(db, actor, infant_id, data)


@router.get("/{infant_id}/counts", response_model=list[diary.DayCount])
def counts(
    infant_id: str,
    actor: ApiActor,
    db: DbSession,
    days: int = Query(default=30, ge=1, le=366),
) -> list[diary.DayCount]:
    """Episodes per day (UTC) over the last ``days`` days."""
    return diary.counts_per_day(db, actor, infant_id=infant_id, days=days)


@router.get("/{infant_id}/trends", response_model=diary.Trend)
def trends(
    infant_id: str,
    actor: ApiActor,
    db: DbSession,
    window_days: int = Query(default=7, ge=1, le=90),
) -> diary.Trend:
    """The last ``window_days`` against the ones before."""
    return diary.trends(db, actor, infant_id=infant_id, window_days=window_days)
