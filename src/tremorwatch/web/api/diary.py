"""The family's diary timeline with filters."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from tremorwatch.domain.codes import BodyPart, Disposition
from tremorwatch.services import diary
from tremorwatch.web.body_cache import body_cache_of
from tremorwatch.web.deps import ApiActor, DbSession
from tremorwatch.web.http_cache import diary_etag, not_modified, with_validator

router = APIRouter(prefix="/diary", tags=["diary"])


@router.get("", response_model=diary.Timeline)
def timeline(  # noqa: PLR0917 - FastAPI reads query parameters from the signature
    request: Request,
    actor: ApiActor,
    db: DbSession,
    infant_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kind: Literal["all", "episodes", "assessments"] = "all",
    disposition: list[Disposition] = Query(default=[]),  # noqa: B008
    body_part: BodyPart | None = None,
    limit: int = Query(default=50, ge=1, le=1000),
    cursor: str | None = Query(default=None, max_length=200),
) -> Response:
    """One page of episodes and assessments, newest first, filtered.

    Pass the answer's ``next_cursor`` as ``cursor`` for the next (older) page; it is null on
    the last page. Answers carry an ``ETag``; send it back as ``If-None-Match`` to get
    ``304 Not Modified`` (no body) while the family's diary has not changed.
    """
    etag = diary_etag(request, actor)
    unchanged = not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    # the validator is the body's cache key: it holds the family's data version read by
    # this request's sign-in lookup, and who asks (web/body_cache.py)
    cache = body_cache_of(request.app)
    if cache is not None and etag is not None:
        cached = cache.get(etag)
        if cached is not None:
            return with_validator(Response(cached, media_type="application/json"), etag)
    filters = diary.DiaryFilter(
        infant_id=infant_id,
        since=since,
        until=until,
        kind=kind,
        disposition=disposition,
        body_part=body_part,
        limit=limit,
        cursor=cursor,
    )
    timeline_ = diary.timeline(db, actor, filters)
    # serialised directly: the items are already validated domain objects (a second
    # validation against response_model would double the cost of a long diary)
    body = timeline_.model_dump_json().encode()
    if cache is not None and etag is not None:
        cache.put(etag, body)
    return with_validator(Response(body, media_type="application/json"), etag)
