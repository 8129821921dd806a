"""The JSON API under ``/api/v1`` (OpenAPI document at ``/api/v1/openapi.json``).

Routes are thin: parse, call one service, return its public schema. Errors come from the one
handler in :mod:`tremorwatch.web.errors` as ``{"error": {"code", "message", "field"}}``.

=====================================  ==================================================
auth.py                                sign-up, login/logout (session), me, API tokens
family.py                              family, members, roles, invitations, join
infants.py                             infants, their episodes, assessments and diary
episodes.py                            one episode, its recordings (upload)
recordings.py                          status, analysis, video download, retry, delete
assessments.py                         stateless triage, saved assessments
diary.py                               timeline with filters, counts per day, trends
=====================================  ==================================================
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tremorwatch.web.api import assessments, auth, diary, episodes, family, infants, recordings

API_PREFIX = "/api/v1"


class ErrorDetail(BaseModel):
    code: str = Field(description="machine-readable error code, e.g. `not_found`")
    message: str = Field(description="what was wrong and how to fix it, for a person")
    field: str | None = Field(default=None, description="the input field at fault, if one is")


class ErrorBody(BaseModel):
    """The one error shape of the API (see :mod:`tremorwatch.web.errors`)."""

    error: ErrorDetail


_ERROR_MEANINGS = {
    400: "malformed request",
    401: "not signed in, or the credentials are wrong",
    403: "signed in, but this family role may not do this",
    404: "no such resource in your family",
    409: "conflicts with what is already saved",
    413: "the upload is larger than this instance accepts",
    415: "the file type is not one tremorwatch reads",
    422: "the input is not valid; `field` names the field",
    429: "too many attempts; wait and try again",
    503: "the database or the job queue is not reachable; try again shortly",
}

#: Every error status an operation can answer, documented with the error body so that a client
#: (and the contract test against ``openapi.json``) knows each one; 500 is not among them.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": meaning}
    for status, meaning in _ERROR_MEANINGS.items()
}


def build_router() -> APIRouter:
    """The API router with every sub-router included."""
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for module in (auth, family, infants, episodes, recordings, assessments, diary):
        router.include_router(module.router)
    return router
