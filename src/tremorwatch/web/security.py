"""Sessions, CSRF protection and who-is-calling dependencies for pages and the API.

Stable helpers (the pages use them):

* ``install_security(app, runtime)``: signed session cookie ``tw_session`` (Starlette
  SessionMiddleware, itsdangerous-signed; HttpOnly; SameSite=Lax; Secure when
  ``settings.secure_cookies``) and a middleware that puts ``request.state.csrf_token`` and
  ``request.state.user`` (an :class:`~tremorwatch.services.context.Actor` or ``None``) on every
  page request.
* ``csrf_token(request) -> str``: the session's CSRF token, for a hidden form field named
  ``csrf_token`` (templates: ``<input type="hidden" name="csrf_token" value="{{ csrf_token }}">``).
* ``await verify_csrf(request, form=None)``: raise ``AccessDenied(code="csrf_failed")`` unless
  the form field ``csrf_token``, the header ``X-CSRF-Token`` or the query parameter
  ``csrf_token`` matches. ``csrf_protect`` is the same as a FastAPI dependency (for forms that
  are not file uploads; an upload form puts the token in the action URL's query string).
* ``sign_in(request, actor)`` / ``sign_out(request)``: start (with a fresh CSRF token, against
  session fixation) or end a session.
* ``current_user(request) -> Actor | None`` and ``require_user(request) -> Actor`` for pages;
  ``require_user`` raises :class:`LoginRequired`, which the error handler turns into a 303
  redirect to ``/login?next=<path>``.
* ``api_actor`` / ``optional_api_actor``: for the JSON API, an ``Authorization: Bearer <token>``
  API token or the session cookie (then unsafe methods also need ``X-CSRF-Token``); a missing
  or bad credential is a 401 JSON error ``not_signed_in``.
* Login throttling: :class:`~tremorwatch.services.accounts.LoginThrottle` on
  ``runtime.throttle``, keyed by e-mail and client address (``client_key(request)``).
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from tremorwatch.config import Settings
from tremorwatch.errors import AccessDenied, StorageError
from tremorwatch.services import accounts
from tremorwatch.services.context import Actor
from tremorwatch.services.runtime import Runtime

SESSION_COOKIE = "tw_session"
#: Session lifetime, seconds (14 days).
SESSION_MAX_AGE_S = 14 * 24 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class LoginRequired(AccessDenied):
    """A page needs a signed-in user; the handler redirects to the login page."""

    code = "not_signed_in"


def secret_key(settings: Settings) -> str:
    """``settings.secret_key``, or a key generated once into ``<data_dir>/secret_key``."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def _ensure_csrf(session: dict[str, Any]) -> str:
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_token(request: Request) -> str:
    """The CSRF token of this session (created on first use)."""
    return _ensure_csrf(request.session)


async def verify_csrf(request: Request, form: FormData | None = None) -> None:
    """Raise :class:`AccessDenied` unless the request carries this session's CSRF token."""
    expected = request.session.get("csrf")
    submitted: Any = request.headers.get(CSRF_HEADER) or request.query_params.get(CSRF_FIELD)
    if not submitted:
        content_type = request.headers.get("content-type", "")
        if form is None and content_type.startswith("application/x-www-form-urlencoded"):
            form = await request.form()
        if form is not None:
            submitted = form.get(CSRF_FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(submitted, str)
        or not hmac.compare_digest(expected, submitted)
    ):
        raise AccessDenied(
            "This form has expired or did not come from tremorwatch. Reload the page and "
            "try again.",
            code="csrf_failed",
        )


async def csrf_protect(request: Request) -> None:
    """FastAPI dependency: CSRF check for state-changing page requests."""
    if request.method not in _SAFE_METHODS:
        await verify_csrf(request)


def sign_in(request: Request, actor: Actor) -> None:
    """Start a session for ``actor`` (a new CSRF token: no session fixation)."""
    request.session.clear()
    request.session["uid"] = actor.user_id
    request.session["fid"] = actor.family_id
    _ensure_csrf(request.session)
    request.state.user = actor
    request.state.csrf_token = request.session["csrf"]


def sign_out(request: Request) -> None:
    """End the session."""
    request.session.clear()
    request.state.user = None
    request.state.csrf_token = _ensure_csrf(request.session)


def get_runtime(request: Request) -> Runtime:
    """The app's :class:`Runtime`."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def client_key(request: Request) -> str:
    """The client address used for login throttling."""
    return request.client.host if request.client else "unknown"


def _session_actor(runtime: Runtime, uid: str, fid: str | None) -> Actor | None:
    with runtime.session() as session:
        return accounts.actor_for_user(session, uid, fid)


def _token_actor(runtime: Runtime, token: str) -> Actor | None:
    with runtime.session() as session:
        return accounts.actor_for_token(session, token)


async def current_user(request: Request) -> Actor | None:
    """The signed-in user of a page request (session cookie), or ``None``."""
    if hasattr(request.state, "user"):  # set by RequestStateMiddleware or an earlier call
        user: Actor | None = request.state.user
        return user
    uid = request.session.get("uid")
    actor = None
    if isinstance(uid, str):
        actor = await run_in_threadpool(
            _session_actor, get_runtime(request), uid, request.session.get("fid")
        )
    request.state.user = actor
    return actor


async def require_user(request: Request) -> Actor:
    """The signed-in user of a page request, else :class:`LoginRequired` (-> /login)."""
    actor = await current_user(request)
    if actor is None:
        raise LoginRequired("Please sign in to see this page.")
    return actor


def _not_signed_in() -> AccessDenied:
    return AccessDenied(
        "Sign in first: send 'Authorization: Bearer <API token>' or the session cookie from "
        "POST /api/v1/auth/login.",
        code="not_signed_in",
    )


async def optional_api_actor(request: Request) -> Actor | None:
    """API caller from a bearer token or the session; ``None`` when neither is given."""
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _not_signed_in()
        actor = await run_in_threadpool(_token_actor, get_runtime(request), token.strip())
        if actor is None:
            raise AccessDenied(
                "This API token is not valid or has been revoked.", code="not_signed_in"
            )
        return actor
    actor = await current_user(request)
    if actor is not None and request.method not in _SAFE_METHODS:
        await verify_csrf(request, FormData())
    return actor


async def api_actor(request: Request) -> Actor:
    """API caller (bearer token or session + CSRF header), else a 401 error."""
    actor = await optional_api_actor(request)
    if actor is None:
        raise _not_signed_in()
    return actor


class RequestStateMiddleware:
    """Puts ``csrf_token`` and ``user`` on ``request.state`` for page requests (pure ASGI)."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and not path.startswith(("/static/", "/api/")):
            session = scope.get("session")
            state = scope.setdefault("state", {})
            if session is not None:
                state["csrf_token"] = _ensure_csrf(session)
                uid = session.get("uid")
                actor = None
                state["user"] = None
                if isinstance(uid, str):
                    try:
                        actor = await run_in_threadpool(
                            _session_actor, self.runtime, uid, session.get("fid")
                        )
                    except StorageError as exc:  # the database is away: the 503 page, here
                        from tremorwatch.web.errors import handle_tremorwatch_error

                        response = await handle_tremorwatch_error(Request(scope, receive), exc)
                        await response(scope, receive, send)
                        return
                    if actor is None:  # the account or membership is gone
                        session.pop("uid", None)
                state["user"] = actor
        await self.app(scope, receive, send)


def install_security(app: FastAPI, runtime: Runtime) -> None:
    """Add the session cookie and the request-state middleware to ``app``."""
    settings = runtime.settings
    app.add_middleware(RequestStateMiddleware, runtime=runtime)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE_S,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
