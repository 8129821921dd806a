"""Shared helpers of the clinician pages: templates, dates from the query, safe headers."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tremorwatch.errors import InputError
from tremorwatch.services import reports as report_service
from tremorwatch.web.pages._place import place_of
from tremorwatch.web.pages._render import TEMPLATES_DIR, templates

OWN_TEMPLATES: Final = Path(__file__).resolve().parent / "templates"

#: Headers of every page reached through a share link: no caching, no referrer (the token is in
#: the URL), not indexed.
SHARED_HEADERS: Final = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}


@lru_cache(maxsize=1)
def clinician_templates() -> Jinja2Templates:
    """Our templates first, then the app's (so ours can extend ``base.html``)."""
    env = Jinja2Templates(directory=[str(OWN_TEMPLATES), str(TEMPLATES_DIR)])
    env.env.globals.update(templates().env.globals)
    env.env.filters.update(
        {k: v for k, v in templates().env.filters.items() if k not in env.env.filters}
    )
    return env


def render_page(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render one of our templates with the app's common context."""
    place = place_of(request)
    full: dict[str, Any] = {
        "place": place,
        "emergency_number": place.emergency_number,
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
    }
    full.update(context or {})
    response = clinician_templates().TemplateResponse(request, name, full, status_code=status_code)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def parse_day(value: str | None, name: str) -> date | None:
    """``YYYY-MM-DD`` or empty as a date or None; InputError naming the field."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{name} must be a date like 2026-01-31; got {value!r}.", field=name
        ) from None


def day_range(
    date_from: str | None, date_to: str | None, *, timezone: str = "UTC"
) -> tuple[date, date]:
    """The requested range; the last 30 days (up to today in ``timezone``) by default."""
    first, last = report_service.default_range(timezone=timezone)
    start = parse_day(date_from, "from") or first
    end = parse_day(date_to, "to") or max(last, start)
    return start, end


def masked_client(request: Request) -> str:
    """The client address with its last part hidden (kept in the share access log)."""
    host = request.client.host if request.client else ""
    if "." in host:
        return ".".join([*host.split(".")[:3], "x"])
    if ":" in host:
        return ":".join([*host.split(":")[:3], "x"])
    return host


def attachment(name: str) -> dict[str, str]:
    """Headers for a download named ``name``."""
    return {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store",
    }
