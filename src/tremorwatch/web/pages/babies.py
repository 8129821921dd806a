"""Add and edit a baby; the baby's diary (timeline, counts per day, trend, filters)."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.domain.codes import Answer, BodyPart, Disposition, HistoryItem, Sex
from tremorwatch.domain.diary import InfantProfile
from tremorwatch.errors import InputError
from tremorwatch.services import diary, infants
from tremorwatch.services.context import Actor
from tremorwatch.web.pages._ages import age_text
from tremorwatch.web.pages._deps import db_session, read_form, require_actor
from tremorwatch.web.pages._diary_view import build_diary_view
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._forms import FormState
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
SignedIn = Annotated[Actor, Depends(require_actor)]


def _infant_data(form: FormState) -> dict[str, Any]:
    """Check every field of the baby form; the service data (errors noted in ``form``)."""
    name = form.text("name", label="a name or nickname", required=True, max_length=80)
    born = form.date("date_of_birth", label="the date of birth", required=True)
    today = datetime.now(UTC).date()
    if born is not None and born > today:
        form.add_error("date_of_birth", "The date of birth cannot be in the future.")
    elif born is not None and born < today - timedelta(days=1095 + 366):
        form.add_error(
            "date_of_birth",
            f"{born:%d %B %Y} is more than four years ago: tremorwatch is for babies and "
            "toddlers up to 3. Check the year.",
        )
    weeks = form.number(
        "gestational_age_weeks",
        label="weeks of pregnancy at birth",
        minimum=22,
        maximum=44,
        unit="weeks",
    )
    weight = form.number(
        "birth_weight_g", label="the birth weight", minimum=300, maximum=7000, unit="grams"
    )
    sex = form.choice("sex", Sex, label="the sex")
    vitamin_k = form.choice("vitamin_k_at_birth", Answer, label="vitamin K at birth")
    history = form.choices("history", HistoryItem, label="the history")
    return {
        "name": name,
        "date_of_birth": born,
        "gestational_age_weeks": weeks,
        "birth_weight_g": weight,
        "sex": sex,
        "vitamin_k_at_birth": vitamin_k,
        "history": history,
    }


def _form_of(infant: InfantProfile) -> FormState:
    def text(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    return FormState(
        values={
            "name": infant.name,
            "date_of_birth": infant.date_of_birth.isoformat(),
            "gestational_age_weeks": text(infant.gestational_age_weeks),
            "birth_weight_g": text(infant.birth_weight_g),
            "sex": infant.sex.value if infant.sex else "",
            "vitamin_k_at_birth": infant.vitamin_k_at_birth.value
            if infant.vitamin_k_at_birth
            else "",
            "history": [h.value for h in infant.history],
        }
    )


@router.get("/babies/new", response_class=HTMLResponse)
def new_infant_page(request: Request, actor: SignedIn) -> Response:
    return render(
        request, "babies/form.html", {"form": FormState(), "action": "/babies/new", "infant": None}
    )


@router.post("/babies/new", response_class=HTMLResponse)
async def add_infant(request: Request, session: DbSession, actor: SignedIn) -> Response:
    form = FormState.from_form(await read_form(request), multi=["history"])
    data = _infant_data(form)
    if form.ok:
        try:
            infant = infants.add_infant(session, actor, data)
        except InputError as exc:
            form.add_service_error(exc)
        else:
            return RedirectResponse(f"/babies/{infant.id}", status_code=303)
    return render(
        request,
        "babies/form.html",
        {"form": form, "action": "/babies/new", "infant": None},
        status_code=400,
    )


@router.get("/babies/{infant_id}/edit", response_class=HTMLResponse)
def edit_infant_page(
    request: Request, infant_id: str, session: DbSession, actor: SignedIn
) -> Response:
    infant = infants.get_infant(session, actor, infant_id)
    return render(
        request,
        "babies/form.html",
        {"form": _form_of(infant), "action": f"/babies/{infant.id}/edit", "infant": infant},
    )


@router.post("/babies/{infant_id}/edit", response_class=HTMLResponse)
async def edit_infant(
    request: Request, infant_id: str, session: DbSession, actor: SignedIn
) -> Response:
    infant = infants.get_infant(session, actor, infant_id)
    form = FormState.from_form(await read_form(request), multi=["history"])
    data = _infant_data(form)
    if form.ok:
        try:
            infants.update_infant(session, actor, infant.id, data)
        except InputError as exc:
            form.add_service_error(exc)
        else:
            return RedirectResponse(f"/babies/{infant.id}", status_code=303)
    return render(
        request,
        "babies/form.html",
        {"form": form, "action": f"/babies/{infant.id}/edit", "infant": infant},
        status_code=400,
    )


@router.get("/diary", response_class=HTMLResponse)
def diary_start(request: Request, session: DbSession, actor: SignedIn) -> Response:
    """The diary of the only baby, or the list of babies to choose from."""
    babies = infants.list_infants(session, actor)
    if len(babies) == 1:
        return RedirectResponse(f"/babies/{babies[0].id}", status_code=303)
    if not babies:
        return RedirectResponse("/babies/new", status_code=303)
    return RedirectResponse("/", status_code=303)


@router.get("/babies/{infant_id}", response_class=HTMLResponse)
def infant_diary(request: Request, infant_id: str, session: DbSession, actor: SignedIn) -> Response:
    """The diary: trend and counts of the last 14 days, then the filtered timeline."""
    infant = infants.get_infant(session, actor, infant_id)
    filters = FormState(
        values={
            k: v
            for k, v in request.query_params.items()
            if k in {"from", "to", "limb", "disposition"}
        }
    )
    since = filters.date("from", label="the first day")
    until = filters.date("to", label="the last day")
    limb = filters.choice("limb", BodyPart, label="the body part")
    disposition = filters.choice("disposition", Disposition, label="the check result")
    if since and until and since > until:
        filters.add_error("to", "The last day must be on or after the first day.")
        until = None
    timeline = diary.timeline(
        session,
        actor,
        {
            "infant_id": infant.id,
            "since": since,
            "until": until,
            "body_part": limb,
            "disposition": [disposition] if disposition else [],
        },
    )
    counts = diary.counts_per_day(session, actor, infant_id=infant.id, days=14)
    trend = diary.trends(session, actor, infant_id=infant.id, window_days=7)
    view = build_diary_view(timeline, counts, trend)
    return render(
        request,
        "babies/diary.html",
        {
            "nav": "diary",
            "infant": infant,
            "age_text": age_text(infant),
            "filters": filters,
            "filters_active": any(filters.values.values()),
            "view": view,
            "clinician_pages": _clinician_pages_installed(),
        },
        status_code=200 if filters.ok else 400,
    )


def _clinician_pages_installed() -> bool:
    """Whether the clinician pages (report, milestones, share links) are part of this app."""
    return importlib.util.find_spec("tremorwatch.web.clinician") is not None
