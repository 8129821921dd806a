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

from fastapi import APIRouter

from tremorwatch.web.api import assessments, auth, diary, episodes, family, infants, recordings

API_PREFIX = "/api/v1"


def build_router() -> APIRouter:
    """The API router with every sub-router included."""
    router = APIRouter(prefix=API_PREFIX)
    for module in (auth, family, infants, episodes, recordings, assessments, diary):
        router.include_router(module.router)
    return router
