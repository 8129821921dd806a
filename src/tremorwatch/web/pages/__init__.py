"""The caregiver's server-rendered pages (mobile first, usable without JavaScript).

``router`` is included by :func:`tremorwatch.web.app.create_app`; ``render_error`` is called
by :mod:`tremorwatch.web.errors` for errors on page paths. Routes are thin: parse the form,
call one service, render a template. Modules:

=================  ====================================================================
``home``           the start page
``check``          "Is this an emergency?": the adaptive triage interview (no account needed)
``learn``          the knowledge pages
``accounts``       sign-up, log in, log out
``family``         members and roles, invitation links, API tokens
``babies``         add and edit a baby; the diary (timeline, counts per day, trend, filters)
``episodes``       log an episode with a video, its triage and analysis; edit, delete
``assessments``    a saved triage result
``place``          choose the country (the emergency number) without an account
``static_files``   the CSS and the small polling script
=================  ====================================================================
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tremorwatch.web.pages import (
    accounts,
    assessments,
    babies,
    check,
    episodes,
    family,
    home,
    learn,
    place,
    static_files,
)
from tremorwatch.web.pages._errors import error_page, not_found_page

router = APIRouter(include_in_schema=False)
for _module in (
    static_files,
    home,
    check,
    learn,
    accounts,
    family,
    babies,
    episodes,
    assessments,
    place,
):
    router.include_router(_module.router)

_TITLES = {
    401: "Please log in",
    403: "You cannot do this",
    405: "That did not work",
    409: "That clashes with something saved",
    413: "That file is too large",
    415: "That file is not a video",
    422: "Please check your answers",
    429: "Please wait a little",
}


def render_error(request: Request, status_code: int, error: dict[str, Any]) -> Response:
    """An error as a page (called by the app's one error handler for page paths)."""
    if status_code == 404:
        return not_found_page(request)
    if error.get("code") == "database_unavailable":
        return error_page(
            request,
            status_code=status_code,
            title="tremorwatch cannot reach its database just now",
            message="Nothing of what you just sent was saved, and nothing saved before is lost. "
            "Please try again in a minute. If your baby seems unwell, do not wait for "
            "tremorwatch: call your doctor or emergency services.",
        )
    if status_code >= 500:
        return error_page(
            request,
            status_code=status_code,
            title="Something went wrong on our side",
            message="Nothing you saved was lost. Please try again in a moment. If your baby "
            "seems unwell, do not wait for tremorwatch: call your doctor or emergency services.",
        )
    return error_page(
        request,
        status_code=status_code,
        title=_TITLES.get(status_code, "That did not work"),
        message=str(error.get("message") or "Please go back and try again."),
    )


__all__ = ["render_error", "router"]
