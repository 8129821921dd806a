"""The ONE place where errors become HTTP responses.

Every error of the :mod:`tremorwatch.errors` tree maps to a status by its class (the most
specific class in :data:`STATUS_BY_CLASS` wins), with a few codes refined further
(:data:`STATUS_BY_CODE`); the body is always ``{"error": {"code", "message", "field"}}``.
Request validation errors (pydantic) and HTTP errors (unknown route, wrong method) get the same
shape. On pages (paths outside ``/api``) a :class:`~tremorwatch.web.security.LoginRequired`
becomes a redirect to the login page, and other errors are rendered by
``tremorwatch.web.pages.render_error(request, status_code, error)`` when the pages provide it.
"""

from __future__ import annotations

import logging
from typing import Any, cast
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tremorwatch.errors import (
    DATABASE_UNAVAILABLE,
    AccessDenied,
    ConfigError,
    Conflict,
    InputError,
    JobError,
    NotFound,
    RateLimited,
    RecordingError,
    RuleSetError,
    StorageError,
    TremorwatchError,
)
from tremorwatch.web.security import LoginRequired

log = logging.getLogger(__name__)

DATABASE_UNAVAILABLE_MESSAGE = (
    "The database is not reachable at the moment, so nothing of this request was saved. Try "
    "again in a minute; if it keeps happening, tell the person who runs this tremorwatch."
)

#: class -> HTTP status; looked up along the class's MRO, so subclasses inherit.
STATUS_BY_CLASS: dict[type[TremorwatchError], int] = {
    TremorwatchError: 500,
    InputError: 422,
    NotFound: 404,
    RecordingError: 422,
    RuleSetError: 500,
    ConfigError: 500,
    StorageError: 503,
    JobError: 503,
    AccessDenied: 403,
    RateLimited: 429,
    Conflict: 409,
}

#: code -> HTTP status, for codes that need a status of their own within a class.
STATUS_BY_CODE: dict[str, int] = {
    "not_signed_in": 401,
    "bad_credentials": 401,
    "too_large": 413,
    "unsupported_media_type": 415,
}

_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def status_for(exc: TremorwatchError) -> int:
    """The HTTP status of an error of the tree."""
    if exc.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[exc.code]
    for klass in type(exc).__mro__:
        if klass in STATUS_BY_CLASS:
            return STATUS_BY_CLASS[klass]
    return 500


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The JSON error body."""
    return {"error": {"code": code, "message": message, "field": field}}


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _page_response(request: Request, status: int, error: dict[str, Any]) -> Response | None:
    if not _is_page(request) or "text/html" not in request.headers.get("accept", ""):
        return None
    try:
        from tremorwatch.web import pages
    except ImportError:  # pragma: no cover - pages are part of the app
        return None
    render = getattr(pages, "render_error", None)
    if render is None:
        return None
    response: Response = render(request, status, error)
    return response


async def handle_tremorwatch_error(request: Request, exc: Exception) -> Response:
    """Map an error of the tree to its status and the JSON body (or a page)."""
    exc = cast(TremorwatchError, exc)  # registered for this class only
    if isinstance(exc, LoginRequired) and _is_page(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    status = status_for(exc)
    if status >= 500:
        log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
    message = exc.message
    if exc.code == DATABASE_UNAVAILABLE:  # the server's address and the driver's words: log only
        message = DATABASE_UNAVAILABLE_MESSAGE
    body = error_body(exc.code, message, exc.field)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    page = _page_response(request, status, body["error"])
    if page is not None:
        return page
    return JSONResponse(body, status_code=status, headers=headers)


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """Pydantic request validation -> 422 ``invalid_input`` naming the fields."""
    exc = cast(RequestValidationError, exc)
    errors = list(exc.errors())
    parts = []
    for err in errors[:5]:
        where = _loc(err.get("loc", ())) or "request body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    field = _loc(errors[0].get("loc", ())) if errors else None
    body = error_body("invalid_input", "; ".join(parts) + more, field or None)
    return JSONResponse(body, status_code=422)


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """Starlette/FastAPI HTTP errors (unknown route, wrong method) in the same shape."""
    exc = cast(StarletteHTTPException, exc)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = str(exc.detail) if exc.detail else "Request failed."
    if exc.status_code == 404:
        message = "There is nothing at this address."
    body = error_body(code, message)
    page = _page_response(request, exc.status_code, body["error"])
    if page is not None:
        return page
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """Anything else: a 500 in the same shape, without internals (logged with traceback)."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    body = error_body(
        "internal_error",
        "Something went wrong that tremorwatch did not expect. Nothing you saved was lost; "
        "please try again, and report it if it keeps happening.",
    )
    page = _page_response(request, 500, body["error"])
    return page if page is not None else JSONResponse(body, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(Exception, handle_unexpected)
    app.add_exception_handler(TremorwatchError, handle_tremorwatch_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
