"""The language selector at the foot of every page: ``POST /language``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from tremorwatch.errors import InputError
from tremorwatch.i18n import LANGUAGES
from tremorwatch.i18n import gettext as _
from tremorwatch.services import accounts
from tremorwatch.services.context import Actor
from tremorwatch.web.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_S
from tremorwatch.web.pages._deps import current_actor, db_session, read_form
from tremorwatch.web.pages._errors import PageRoute, safe_next
from tremorwatch.web.pages._render import app_settings

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
MaybeActor = Annotated[Actor | None, Depends(current_actor)]


@router.post("/language")
async def choose_language(request: Request, session: DbSession, actor: MaybeActor) -> Response:
    """Keep the chosen language (on the account when signed in, and in a cookie) and go back."""
    form = await read_form(request)
    language = str(form.get("language", ""))
    if language not in LANGUAGES:
        raise InputError(
            _("Choose one of the languages in the list: %(languages)s.")
            % {"languages": ", ".join(LANGUAGES.values())},
            field="language",
        )
    if actor is not None:
        accounts.set_language(session, actor, language)
    response = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=app_settings(request).secure_cookies,
    )
    return response
