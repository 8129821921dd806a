"""Choose the country (and so the emergency number) without an account: ``/country``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tremorwatch.domain.locale import load_countries
from tremorwatch.web.pages._deps import read_form
from tremorwatch.web.pages._errors import PageRoute, safe_next
from tremorwatch.web.pages._place import COUNTRY_COOKIE
from tremorwatch.web.pages._render import app_settings, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: How long the chosen country is kept in the browser, seconds (one year).
COUNTRY_COOKIE_MAX_AGE = 365 * 24 * 3600


@router.get("/country", response_class=HTMLResponse)
def country_page(request: Request, next: str = "") -> Response:
    return render(request, "country.html", {"next_url": safe_next(next)})


@router.post("/country")
async def choose_country(request: Request) -> Response:
    form = await read_form(request)
    raw = form.get("country")
    target = safe_next(str(form.get("next") or ""))
    country = load_countries().get(raw if isinstance(raw, str) else None)
    if country is None:
        return render(
            request,
            "country.html",
            {"next_url": target, "country_error": "Choose your country from the list."},
            status_code=400,
        )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COUNTRY_COOKIE,
        country.code,
        max_age=COUNTRY_COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=app_settings(request).secure_cookies,
    )
    return response
