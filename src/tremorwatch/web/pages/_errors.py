"""Errors on the pages become pages, not JSON: a 404 page, a login redirect, a kind 403.

:class:`PageRoute` is the route class of every page router. Another family's baby, episode or
video raises :class:`~tremorwatch.errors.NotFound` in the services and shows the same 404 page
as an id that never existed.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from tremorwatch.errors import AccessDenied, NotFound, RateLimited
from tremorwatch.web.pages._render import render
from tremorwatch.web.security import LoginRequired


def not_found_page(request: Request) -> Response:
    """The one 404 page (unknown ids and other families' ids alike)."""
    return render(request, "errors/not_found.html", status_code=404)


def error_page(
    request: Request, *, status_code: int, title: str, message: str, back_url: str = "/"
) -> Response:
    """A short page that says what went wrong and how to go on."""
    return render(
        request,
        "errors/error.html",
        {"title": title, "message": message, "back_url": back_url},
        status_code=status_code,
    )


def login_redirect(request: Request) -> RedirectResponse:
    """Send the person to the login page, and back here afterwards."""
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def safe_next(target: str | None, default: str = "/") -> str:
    """A same-site path to go to after logging in (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


class PageRoute(APIRoute):
    """A route whose tremorwatch errors render as pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except NotFound:
                return not_found_page(request)
            except LoginRequired:
                return login_redirect(request)
            except RateLimited as exc:
                return error_page(
                    request, status_code=429, title="Please wait a little", message=exc.message
                )
            except AccessDenied as exc:
                if exc.code == "csrf_failed":
                    return error_page(
                        request,
                        status_code=403,
                        title="This form has expired",
                        message="For your safety the form could not be sent. Go back, reload "
                        "the page and send it again. Nothing was changed.",
                    )
                return error_page(
                    request, status_code=403, title="You cannot do this", message=exc.message
                )
            except HTTPException as exc:
                if exc.status_code == 404:
                    return not_found_page(request)
                raise

        return page_handler
