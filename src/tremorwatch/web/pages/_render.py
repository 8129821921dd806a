"""Jinja2 rendering for the caregiver's pages.

One :class:`fastapi.templating.Jinja2Templates` (autoescape on for ``.html``), built lazily,
with the globals every page needs: the emergency number and time zone of the request's
:class:`~tremorwatch.services.place.Place`, the signed-in
user and the CSRF token when the back end provides them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tremorwatch.config import Settings, get_settings
from tremorwatch.domain.filming import filming_advice
from tremorwatch.domain.locale import load_countries
from tremorwatch.web.i18n import install_jinja_i18n
from tremorwatch.web.idempotency import new_key
from tremorwatch.web.pages._labels import label, label_list, translated_labels
from tremorwatch.web.pages._place import FILTERS, place_of

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The shared template environment (autoescape on for .html files)."""
    environment = Jinja2Templates(directory=str(TEMPLATES_DIR))
    # the templates are files of the installed package and do not change while the process
    # runs, so a loaded template is not checked against its file again (Jinja2 otherwise
    # stats the file of every template and import on every render; a restart picks up edits)
    environment.env.auto_reload = False
    install_jinja_i18n(environment.env)
    environment.env.globals["label"] = label
    environment.env.globals["labels"] = translated_labels
    # a fresh key per rendered form: sending the same form twice saves once
    environment.env.globals["new_idempotency_key"] = new_key
    environment.env.globals["filming_advice"] = filming_advice
    environment.env.filters["as_label_pair"] = lambda code, table: (str(code), label(table, code))
    environment.env.globals["label_list"] = label_list
    environment.env.filters.update(FILTERS)
    environment.env.globals["countries"] = lambda: load_countries().sorted_by_name()
    return environment


def app_settings(request: Request) -> Settings:
    """The settings the app was built with, or the process settings."""
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` with the common context."""
    place = place_of(request)
    full: dict[str, Any] = {
        "place": place,
        "emergency_number": place.emergency_number,
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "root_path": request.scope.get("root_path", ""),
    }
    full.update(context or {})
    return templates().TemplateResponse(request, name, full, status_code=status_code)
