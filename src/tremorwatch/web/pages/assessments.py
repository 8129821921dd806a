"""A triage result saved in the diary: view it, delete it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.services import assessments, infants
from tremorwatch.services.context import Actor
from tremorwatch.web.pages._deps import db_session, read_form, require_actor
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._knowledge import learn_page_ids
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
SignedIn = Annotated[Actor, Depends(require_actor)]


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def show_assessment(
    request: Request, assessment_id: str, session: DbSession, actor: SignedIn
) -> Response:
    record = assessments.get_assessment(session, actor, assessment_id)
    infant = infants.get_infant(session, actor, record.infant_id)
    return render(
        request,
        "assessments/show.html",
        {
            "nav": "diary",
            "record": record,
            "result": record.result,
            "infant": infant,
            "learn_ids": learn_page_ids(),
        },
    )


@router.get("/assessments/{assessment_id}/delete", response_class=HTMLResponse)
def delete_assessment_page(
    request: Request, assessment_id: str, session: DbSession, actor: SignedIn
) -> Response:
    record = assessments.get_assessment(session, actor, assessment_id)
    return render(request, "assessments/delete.html", {"nav": "diary", "record": record})


@router.post("/assessments/{assessment_id}/delete")
async def delete_assessment(
    request: Request, assessment_id: str, session: DbSession, actor: SignedIn
) -> Response:
    await read_form(request)
    record = assessments.get_assessment(session, actor, assessment_id)
    assessments.delete_assessment(session, actor, record.id)
    return RedirectResponse(f"/babies/{record.infant_id}", status_code=303)
