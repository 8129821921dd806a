"""Add and edit a baby; the baby's diary (timeline, counts per day, trend, filters)."""

from __future__ import annotations

import hashlib
import importlib.util
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.domain.codes import Answer, BodyPart, Disposition, HistoryItem, Sex
from tremorwatch.domain.diary import InfantProfile
from tremorwatch.errors import InputError
from tremorwatch.i18n import N_, strftime
from tremorwatch.i18n import gettext as _
from tremorwatch.services import diary, infants
from tremorwatch.services.context import Actor
from tremorwatch.web.body_cache import body_cache_of
from tremorwatch.web.http_cache import diary_etag, not_modified, with_validator
from tremorwatch.web.pages._ages import age_text
from tremorwatch.web.pages._deps import db_session, read_form, require_actor
from tremorwatch.web.pages._diary_view import build_diary_view
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._forms import FormState
from tremorwatch.web.pages._place import place_of
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: Timeline entries per diary page (older ones are one "Older entries" link away).
DIARY_PAGE_SIZE = 50

DbSession = Annotated[Session, Depends(db_session)]
SignedIn = Annotated[Actor, Depends(require_actor)]


def _infant_data(form: FormState) -> dict[str, Any]:
    """Check every field of the baby form; the service data (errors noted in ``form``)."""
    name = form.text("name", label=N_("a name or nickname"), required=True, max_length=80)
    born = form.date("date_of_birth", label=N_("the date of birth"), required=True)
    today = datetime.now(UTC).date()
    if born is not None and born > today:
        form.add_error("date_of_birth", _("The date of birth cannot be in the future."))
    elif born is not None and born < today - timedelta(days=1095 + 366):
        form.add_error(
            "date_of_birth",
            _(
                "%(day)s is more than four years ago: tremorwatch is for babies and toddlers "
                "up to 3. Check the year."
            )
            % {"day": strftime(born, "%d %B %Y")},
        )
    weeks = form.number(
        "gestational_age_weeks",
        label=N_("weeks of pregnancy at birth"),
        minimum=22,
        maximum=44,
        unit="weeks",
    )
    weight = form.number(
        "birth_weight_g", label=N_("the birth weight"), minimum=300, maximum=7000, unit=N_("grams")
    )
    sex = form.choice("sex", Sex, label=N_("the sex"))
    vitamin_k = form.choice("vitamin_k_at_birth", Answer, label=N_("vitamin K at birth"))
    history = form.choices("history", HistoryItem, label=N_("the history"))
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
    """The diary: trend and counts of the last 14 days, then a page of the filtered timeline."""
    # the page's forms carry the session's CSRF token: another session, another validator;
    # the place (emergency number, country, zone) may come from a cookie or Accept-Language
    etag = diary_etag(request, actor, _csrf_digest(request), repr(place_of(request)))
    # the validator is also the body's cache key (web/body_cache.py): a body is stored only
    # after a full rendering found this baby in this family at this data version, and any
    # change to the baby raises the version, so a hit needs no second look at the baby
    cache = body_cache_of(request.app)
    if cache is not None and etag is not None:
        cached = cache.get(etag)
        if cached is not None:
            unchanged = not_modified(request, etag)
            if unchanged is not None:
                return unchanged
            return with_validator(HTMLResponse(cached), etag)
    # the row is kept for the whole request: the services below check the same baby again
    # and find it in the session instead of reading it once more
    infant_row = infants.infant_row(session, actor, infant_id)
    infant = infants.profile_of(infant_row)
    unchanged = not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    filters = FormState(
        values={
            k: v
            for k, v in request.query_params.items()
            if k in {"from", "to", "limb", "disposition"}
        }
    )
    since = filters.date("from", label=N_("the first day"))
    until = filters.date("to", label=N_("the last day"))
    limb = filters.choice("limb", BodyPart, label=N_("the body part"))
    disposition = filters.choice("disposition", Disposition, label=N_("the check result"))
    if since and until and since > until:
        filters.add_error("to", _("The last day must be on or after the first day."))
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
            "cursor": request.query_params.get("cursor") or None,
            "limit": DIARY_PAGE_SIZE,
        },
    )
    counts, trend = diary.overview(session, actor, infant_id=infant.id, days=14, window_days=7)
    view = build_diary_view(timeline, counts, trend, place=place_of(request))
    page = render(
        request,
        "babies/diary.html",
        {
            "nav": "diary",
            "infant": infant,
            "age_text": age_text(infant),
            "filters": filters,
            "filters_active": any(filters.values.values()),
            "view": view,
            "older_query": _older_query(request, timeline.next_cursor),
            "clinician_pages": _clinician_pages_installed(),
        },
        status_code=200 if filters.ok else 400,
    )
    if cache is not None and etag is not None and page.status_code == 200:
        cache.put(etag, bytes(page.body))
    return with_validator(page, etag)


def _csrf_digest(request: Request) -> str:
    """A digest of the session's CSRF token (the token itself stays out of the validator)."""
    token = str(getattr(request.state, "csrf_token", "") or "")
    return hashlib.blake2b(token.encode(), digest_size=8).hexdigest()


def _older_query(request: Request, cursor: str | None) -> str | None:
    """The query string of the next (older) page of the timeline, filters kept."""
    if cursor is None:
        return None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return urlencode([*kept, ("cursor", cursor)])


def _clinician_pages_installed() -> bool:
    """Whether the clinician pages (report, milestones, share links) are part of this app."""
    return importlib.util.find_spec("tremorwatch.web.clinician") is not None
