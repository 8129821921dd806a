"""Family settings: members and roles, invitation links, API tokens."""

from __future__ import annotations

import importlib.util
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.errors import AccessDenied, Conflict, InputError
from tremorwatch.i18n import N_
from tremorwatch.i18n import gettext as _
from tremorwatch.services import families, tokens
from tremorwatch.services.context import Actor, Role
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
    context = {
        "nav": "family",
        "family": families.family_of(session, actor),
        "members": families.members(session, actor),
        "invitations": families.invitations(session, actor) if is_owner else [],
        "is_owner": is_owner,
        "form": form or FormState(values={"role": "caregiver"}),
        "export_available": importlib.util.find_spec("tremorwatch.web.clinician") is not None,
        **extra,
    }
    return render(request, "family/index.html", context, status_code=status_code)


@router.get("/family", response_class=HTMLResponse)
def family_page(request: Request, session: DbSession, actor: SignedIn) -> Response:
    return _family_page(request, session, actor)


@router.post("/family/invitations", response_class=HTMLResponse)
async def create_invitation(request: Request, session: DbSession, actor: SignedIn) -> Response:
    form = FormState.from_form(await read_form(request))
    email = form.text("email", label=N_("an email address"), max_length=254)
    role = form.raw("role") or "caregiver"
    if role not in {r.value for r in Role}:
        form.add_error("role", _("Choose what the person can do: owner, caregiver or viewer."))
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
    name = form.text("name", label=N_("what the token is for"), required=True, max_length=80)
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
