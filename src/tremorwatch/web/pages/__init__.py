"""The caregiver's server-rendered pages (mobile first, usable without JavaScript).

``router`` is included by :func:`tremorwatch.web.app.create_app`. Routes are thin: parse the
form, call one service, render a template.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tremorwatch.web.pages import static_files
from tremorwatch.web.pages._render import render

router = APIRouter(include_in_schema=False)
router.include_router(static_files.router)


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request) -> HTMLResponse:
    """The home page: the emergency question first, then the diary and learning."""
    return render(request, "home.html")
