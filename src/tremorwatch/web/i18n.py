"""The page language of each request, and translations in the templates.

Which language a request gets, first that applies:

1. the signed-in user's choice (``users.language``, set with the selector at the foot of every
   page, or at sign-up from the language the pages were in);
2. the ``tw_lang`` cookie (set by the selector, so a visitor without an account keeps it);
3. the browser's ``Accept-Language``;
4. English.

:class:`LanguageMiddleware` makes it the current language (:mod:`tremorwatch.i18n`) for the
whole request and says it in ``Content-Language``; :func:`install_jinja_i18n` gives templates
Jinja2's i18n extension (``{% trans %}``, ``_()``), the ``tr`` filter for data texts, and
``lang`` / ``languages`` for the ``<html lang>`` and the selector.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tremorwatch.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    current_language,
    gettext,
    negotiate,
    ngettext,
    pgettext,
    translate,
    use_language,
)

LANGUAGE_COOKIE: Final = "tw_lang"
#: The selector's cookie lives a year (it only holds a language code).
LANGUAGE_COOKIE_MAX_AGE_S: Final = 365 * 24 * 3600


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def request_language(scope: Scope) -> str:
    """The language of a request (see the module docstring)."""
    user = scope.get("state", {}).get("user")
    chosen = getattr(user, "language", None)
    if chosen in LANGUAGES:
        return str(chosen)
    cookie_header = _header(scope, b"cookie")
    if cookie_header:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(cookie_header)
        except Exception:  # noqa: BLE001 - a malformed cookie header is ignored, not fatal
            cookies = SimpleCookie()
        morsel = cookies.get(LANGUAGE_COOKIE)
        if morsel is not None and morsel.value in LANGUAGES:
            return morsel.value
    return negotiate(_header(scope, b"accept-language")) or DEFAULT_LANGUAGE


class LanguageMiddleware:
    """Runs each HTTP request in its language and adds ``Content-Language`` (pure ASGI).

    Installed inside the session middleware, so the signed-in user is known."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = request_language(scope)
        scope.setdefault("state", {})["language"] = language

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"content-language" for k, _ in headers):
                    headers.append((b"content-language", language.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        with use_language(language):
            await self.app(scope, receive, send_with_language)


def install_jinja_i18n(env: Any) -> None:
    """Give a Jinja2 environment the i18n extension and the translation helpers."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
    env.filters["tr"] = translate
    env.globals["languages"] = LANGUAGES
    env.globals["current_language"] = current_language
