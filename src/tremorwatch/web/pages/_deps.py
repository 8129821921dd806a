"""What the pages take from the web back end: a database session, the caller, CSRF, sign-in.

Thin adapters over :mod:`tremorwatch.web.security` and the app's
:class:`~tremorwatch.services.runtime.Runtime`, so the page modules read as plain use cases.
"""

from __future__ import annotations

from fastapi import Request, Response
from starlette.datastructures import FormData

from tremorwatch.services.accounts import LoginThrottle
from tremorwatch.services.context import Actor
from tremorwatch.services.runtime import Runtime
from tremorwatch.web import security
from tremorwatch.web.deps import db_session

__all__ = [
    "LoginRequired",
    "check_csrf_before_upload",
    "client_address",
    "current_actor",
    "db_session",
    "login_throttle",
    "read_form",
    "require_actor",
    "runtime_of",
    "sign_in",
    "sign_out",
    "switch_actor",
]

current_actor = security.current_user
require_actor = security.require_user
LoginRequired = security.LoginRequired


def runtime_of(request: Request) -> Runtime:
    """The app's runtime (engine, file store, queue, throttle)."""
    return security.get_runtime(request)


async def read_form(request: Request) -> FormData:
    """The submitted (url-encoded) form, after the CSRF check."""
    form = await request.form()
    await security.verify_csrf(request, form)
    return form


async def check_csrf_before_upload(request: Request) -> None:
    """CSRF check of an upload form (token in the action URL), before any byte is read."""
    await security.verify_csrf(request, FormData())


def sign_in(request: Request, response: Response, actor: Actor) -> None:
    """Start the caregiver's session (the cookie rides on ``response``)."""
    security.sign_in(request, actor)


def switch_actor(request: Request, response: Response, actor: Actor) -> None:
    """Act in another family (after accepting an invitation)."""
    security.sign_in(request, actor)


def sign_out(request: Request, response: Response) -> None:
    security.sign_out(request)


def login_throttle(request: Request) -> LoginThrottle:
    return runtime_of(request).throttle


def client_address(request: Request) -> str:
    return security.client_key(request)
