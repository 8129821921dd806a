"""The start page: the emergency check first, then the babies (when signed in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.services import infants
from tremorwatch.services.context import Actor
from tremorwatch.web.pages._ages import age_text
from tremorwatch.web.pages._deps import current_actor, db_session
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/", response_class=HTMLResponse, name="home")
def home(
    request: Request,
    session: Annotated[Session, Depends(db_session)],
    actor: Annotated[Actor | None, Depends(current_actor)],
) -> Response:
    babies = []
    if actor is not None:
        babies = [
            {"infant": infant, "age_text": age_text(infant)}
            for infant in infants.list_infants(session, actor)
        ]
    return render(request, "home.html", {"infants": babies, "nav": "home"})
