"""Sign-up, log in and log out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.domain.locale import load_countries
from tremorwatch.errors import AccessDenied, Conflict, InputError, RateLimited
from tremorwatch.services import accounts, infants
from tremorwatch.services.context import Actor
from tremorwatch.services.place import safe_timezone
from tremorwatch.web.pages._deps import (
    client_address,
    current_actor,
    db_session,
    login_throttle,
    read_form,
    sign_in,
    sign_out,
)
from tremorwatch.web.pages._errors import PageRoute, safe_next
from tremorwatch.web.pages._forms import FormState
from tremorwatch.web.pages._place import place_of
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
MaybeActor = Annotated[Actor | None, Depends(current_actor)]


def _looks_like_email(value: str) -> bool:
    name, at, domain = value.partition("@")
    return bool(name and at and "." in domain.strip(".") and " " not in value)


def _browser_guess(request: Request) -> dict[str, str]:
    """The sign-up form's first values: the country of the browser's region, if it names one."""
    place = place_of(request)
    if place.how in ("browser", "chosen") and place.country is not None:
        return {"country": place.country.code}
    return {}


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, invitation: str = "") -> Response:
    return render(
        request,
        "auth/signup.html",
        {
            "form": FormState(values=_browser_guess(request)),
            "invitation": invitation,
            "nav": "signup",
        },
    )


@router.post("/signup", response_class=HTMLResponse)
async def signup(request: Request, session: DbSession, invitation: str = "") -> Response:
    form = FormState.from_form(await read_form(request))
    form.text("display_name", label="your name", required=True, max_length=80)
    email = form.text("email", label="your email address", required=True, max_length=254)
    if email and not _looks_like_email(email):
        form.add_error("email", "Enter an email address like name@example.org.")
    if len(form.values.get("password", "")) < 10:
        form.add_error("password", "Choose a password of at least 10 characters.")
    family_name = form.text("family_name", label="a family name", max_length=80)
    country = form.raw("country").upper()
    if country and load_countries().get(country) is None:
        form.add_error("country", "Choose the country you live in from the list.")
    if form.ok:
        data = {
            "display_name": form.raw("display_name"),
            "email": form.raw("email"),
            "password": form.values.get("password", ""),
            "family_name": family_name or None,
            "invitation": invitation or None,
            "country": country or None,
            # The browser's zone (hidden field, from JavaScript); UTC when it sent none we know.
            "timezone": safe_timezone(form.raw("timezone")),
        }
        try:
            actor = accounts.sign_up(session, data)
        except (InputError, AccessDenied, Conflict) as exc:
            form.add_service_error(exc)
        else:
            target = "/" if invitation else "/babies/new"
            response = RedirectResponse(target, status_code=303)
            sign_in(request, response, actor)
            return response
    form.values.pop("password", None)
    return render(
        request,
        "auth/signup.html",
        {"form": form, "invitation": invitation, "nav": "signup"},
        status_code=400,
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, actor: MaybeActor, next: str = "") -> Response:
    if actor is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(
        request, "auth/login.html", {"form": FormState(), "next_url": next, "nav": "login"}
    )


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, session: DbSession, next: str = "") -> Response:
    form = FormState.from_form(await read_form(request))
    form.text("email", label="your email address", required=True, max_length=254)
    if not form.values.get("password"):
        form.add_error("password", "Enter your password.")
    status_code = 400
    if form.ok:
        try:
            actor = accounts.authenticate(
                session,
                {"email": form.raw("email"), "password": form.values.get("password", "")},
                throttle=login_throttle(request),
                client=client_address(request),
            )
        except RateLimited as exc:
            form.add_error("__all__", exc.message)
            status_code = 429
        except (AccessDenied, InputError) as exc:
            form.add_error(
                "password" if exc.field in (None, "password") else exc.field, exc.message
            )
            status_code = 401 if isinstance(exc, AccessDenied) else 400
        else:
            target = safe_next(next)
            if target == "/" and not infants.list_infants(session, actor):
                target = "/babies/new"
            response = RedirectResponse(target, status_code=303)
            sign_in(request, response, actor)
            return response
    form.values.pop("password", None)
    return render(
        request,
        "auth/login.html",
        {"form": form, "next_url": next, "nav": "login"},
        status_code=status_code,
    )


@router.post("/logout")
async def logout(request: Request) -> Response:
    await read_form(request)
    response = RedirectResponse("/", status_code=303)
    sign_out(request, response)
    return response
