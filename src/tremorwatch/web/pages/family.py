"""Family settings: members and roles, invitation links, API tokens."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.domain.locale import load_countries, timezone_names
from tremorwatch.errors import AccessDenied, Conflict, InputError
from tremorwatch.services import families, tokens
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.place import safe_timezone
from tremorwatch.web.pages._deps import db_session, read_form, require_actor, switch_actor
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._forms import FormState
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
SignedIn = Annotated[Actor, Depends(require_actor)]


def _family_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    form: FormState | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    is_owner = actor.role == Role.OWNER
    family = families.family_of(session, actor)
    settings_form = extra.pop("settings_form", None) or FormState(
        values={
            "country": family.country or "",
            "timezone": family.timezone,
            "temperature_unit": family.temperature_unit or "",
        }
    )
    zone = ZoneInfo(safe_timezone(family.timezone))
    context = {
        "nav": "family",
        "family": family,
        "settings_form": settings_form,
        "country_options": [
            (c.code, f"{c.name} (emergency {c.emergency})")
            for c in load_countries().sorted_by_name()
        ],
        "timezones": timezone_names(),
        "now_local": datetime.now(zone).strftime("%H:%M, %d %b %Y"),
        "members": families.members(session, actor),
        "invitations": families.invitations(session, actor) if is_owner else [],
        "is_owner": is_owner,
        "form": form or FormState(values={"role": "caregiver"}),
        "export_available": importlib.util.find_spec("tremorwatch.web.clinician") is not None,
        **extra,
    }
    return render(request, "family/index.html", context, status_code=status_code)


@router.get("/family", response_class=HTMLResponse)
def family_page(request: Request, session: DbSession, actor: SignedIn, saved: str = "") -> Response:
    return _family_page(request, session, actor, settings_saved=saved == "settings")


@router.post("/family/settings", response_class=HTMLResponse)
async def save_settings(request: Request, session: DbSession, actor: SignedIn) -> Response:
    """Country, time zone and temperature unit (owners); the new values apply at once."""
    form = FormState.from_form(await read_form(request))
    country = form.raw("country")
    zone = form.raw("timezone")
    unit = form.raw("temperature_unit")
    if not country:
        form.add_error("country", "Choose the country you live in.")
    elif load_countries().get(country) is None:
        form.add_error("country", "Choose your country from the list.")
    if unit not in ("", "C", "F"):
        form.add_error("temperature_unit", "Choose °C, °F or the country's usual unit.")
    if form.ok:
        try:
            families.update_settings(
                session,
                actor,
                {"country": country, "timezone": zone, "temperature_unit": unit or None},
            )
        except InputError as exc:
            form.add_service_error(exc)
        else:
            return RedirectResponse("/family?saved=settings#place-title", status_code=303)
    return _family_page(request, session, actor, settings_form=form, status_code=400)


@router.post("/family/invitations", response_class=HTMLResponse)
async def create_invitation(request: Request, session: DbSession, actor: SignedIn) -> Response:
    form = FormState.from_form(await read_form(request))
    email = form.text("email", label="an email address", max_length=254)
    role = form.raw("role") or "caregiver"
    if role not in {r.value for r in Role}:
        form.add_error("role", "Choose what the person can do: owner, caregiver or viewer.")
    if form.ok:
        try:
            created = families.invite(session, actor, {"email": email or None, "role": role})
        except (InputError, Conflict) as exc:
            form.add_service_error(exc)
        else:
            link = str(request.base_url).rstrip("/") + f"/invitations/{created.token}"
            return _family_page(
                request,
                session,
                actor,
                created_invitation=created,
                invite_link=link,
            )
    return _family_page(request, session, actor, form=form, status_code=400)


@router.post("/family/members/{user_id}/role")
async def change_role(
    request: Request, user_id: str, session: DbSession, actor: SignedIn
) -> Response:
    form = FormState.from_form(await read_form(request))
    try:
        families.change_role(session, actor, user_id, form.raw("role"))
    except (InputError, Conflict) as exc:
        if exc.code == "not_found":
            raise
        form.add_service_error(exc)
        return _family_page(request, session, actor, form=form, status_code=400)
    return RedirectResponse("/family", status_code=303)


@router.post("/family/members/{user_id}/remove")
async def remove_member(
    request: Request, user_id: str, session: DbSession, actor: SignedIn
) -> Response:
    await read_form(request)
    try:
        families.remove_member(session, actor, user_id)
    except Conflict as exc:
        form = FormState()
        form.add_service_error(exc)
        return _family_page(request, session, actor, form=form, status_code=400)
    return RedirectResponse("/family", status_code=303)


@router.get("/invitations/{code}", response_class=HTMLResponse)
def invitation_page(request: Request, code: str) -> Response:
    return render(request, "family/accept.html", {"code": code, "form": FormState()})


@router.post("/invitations/accept", response_class=HTMLResponse)
async def accept_invitation(request: Request, session: DbSession, actor: SignedIn) -> Response:
    form = FormState.from_form(await read_form(request))
    code = form.raw("code")
    try:
        joined = families.accept_invitation(session, actor.user_id, code)
    except (InputError, AccessDenied, Conflict) as exc:
        form.add_error("__all__", exc.message)
        return render(request, "family/accept.html", {"code": code, "form": form}, status_code=400)
    response = RedirectResponse("/", status_code=303)
    switch_actor(request, response, joined)
    return response


@router.get("/family/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, session: DbSession, actor: SignedIn) -> Response:
    return render(
        request,
        "family/tokens.html",
        {"nav": "family", "tokens": tokens.list_tokens(session, actor), "form": FormState()},
    )


@router.post("/family/tokens", response_class=HTMLResponse)
async def create_token(request: Request, session: DbSession, actor: SignedIn) -> Response:
    form = FormState.from_form(await read_form(request))
    name = form.text("name", label="what the token is for", required=True, max_length=80)
    created = None
    status_code = 400
    if form.ok:
        try:
            created = tokens.create_token(session, actor, {"name": name})
            form = FormState()
            status_code = 201
        except InputError as exc:
            form.add_service_error(exc)
    return render(
        request,
        "family/tokens.html",
        {
            "nav": "family",
            "tokens": tokens.list_tokens(session, actor),
            "form": form,
            "created_token": created,
        },
        status_code=status_code,
    )


@router.post("/family/tokens/{token_id}/revoke")
async def revoke_token(
    request: Request, token_id: str, session: DbSession, actor: SignedIn
) -> Response:
    await read_form(request)
    tokens.revoke_token(session, actor, token_id)
    return RedirectResponse("/family/tokens", status_code=303)
