"""Idempotent writes: a reload or a retry of the same write is answered, not done again.

A write (POST, PUT, PATCH, DELETE) that carries an idempotency key runs once per caller and
key; a repeat gets the first response again, marked ``Idempotent-Replayed: true``. The key comes
from

* the ``Idempotency-Key`` header (the JSON API; any string of 1-200 visible ASCII characters,
  e.g. a UUID, one per logical request),
* the ``idempotency_key`` form field (every page form made with the ``csrf()`` macro carries a
  fresh one, so reloading the result page of a check re-sends the same key and the check is
  not saved twice), or
* the ``idempotency_key`` query parameter (upload forms, whose file body is streamed).

The caller is the API token (its hash) or the signed-in user of the session; requests of
nobody in particular are left alone. The first request stores a ``pending`` row (unique on
caller and key, so two processes cannot both run it); a repeat while it runs gets 409
``idempotency_in_progress``; the same key on a different request (method, path, query or
body) gets 422 ``idempotency_key_reused`` on the API, while a page form sent again with other
answers (after the browser's back button) simply runs as the new request it is. Responses with status 5xx, 401, 403, 409 or 429
are not kept (the row is removed, so a retry runs again), nor are answers marked
``Cache-Control: no-store``; writes whose answer shows a secret (API tokens, invitations,
share links, sign-in) are never handled here, so no secret is stored in clear. Keys expire after
``services.idempotency.KEEP_HOURS``; a row left ``pending`` by a process that died is taken
over after ``ABANDONED_AFTER_S``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import parse_qsl

from fastapi import Request
from starlette._utils import get_route_path
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tremorwatch.errors import Conflict, InputError
from tremorwatch.services import idempotency
from tremorwatch.services.idempotency import StoredResponse
from tremorwatch.services.runtime import Runtime

HEADER = "idempotency-key"
FIELD = "idempotency_key"
#: Bodies up to this size are read whole (and hashed into the fingerprint); larger ones
#: (uploads) are streamed through and only method, path and query are compared.
BUFFER_LIMIT = 1024 * 1024
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Writes whose answer reveals a secret (API token, invitation or share link, session): their
#: answers are never stored, so these run every time (a repeat makes a second, harmless one).
_SECRET_ANSWERS = re.compile(
    r"^/(?:api/v1/auth/|api/v1/family/(?:invitations|join)$|api/v1/infants/[^/]+/shares$"
    r"|family/(?:invitations|tokens)$|babies/[^/]+/shares$|login$|signup$|invitations/accept$)"
)


def new_key() -> str:
    """A fresh key for a form."""
    return secrets.token_urlsafe(18)


def _valid(key: str) -> bool:
    return 0 < len(key) <= 200 and all(33 <= ord(c) < 127 for c in key)


def _caller(scope: Scope, headers: dict[bytes, bytes]) -> str | None:
    auth = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return hashlib.sha256(b"token:" + token.strip().encode()).hexdigest()
    session = scope.get("session")
    uid = session.get("uid") if session is not None else None
    if isinstance(uid, str):
        return hashlib.sha256(b"user:" + uid.encode()).hexdigest()
    return None


class IdempotencyMiddleware:
    """Run each (caller, key) write once; see the module docstring. Pure ASGI."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _UNSAFE
            or _SECRET_ANSWERS.match(get_route_path(scope))
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope["headers"]}
        query = [
            (k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
        ]
        key = headers.get(HEADER.encode(), b"").decode("latin-1")
        from_header = bool(key)
        key = key or next((v for k, v in query if k == FIELD), "")
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        length = headers.get(b"content-length", b"")
        bufferable = not content_type.startswith("multipart/") and (
            length.isdigit() and int(length) <= BUFFER_LIMIT
        )
        body = b""
        if bufferable:
            body = await _read_body(receive)
            if not key and content_type.startswith("application/x-www-form-urlencoded"):
                fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                key = next((v for k, v in fields if k == FIELD), "")
            receive = _replay_receive(body, receive)
        caller = _caller(scope, headers) if key else None
        if caller is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not _valid(key):
            await self._error(
                request,
                InputError(
                    "The Idempotency-Key must be 1 to 200 visible ASCII characters, for "
                    "example a UUID.",
                    field="Idempotency-Key",
                    code="idempotency_key_invalid",
                ),
                scope,
                receive,
                send,
            )
            return
        kept_query = sorted((k, v) for k, v in query if k not in (FIELD, "csrf_token"))
        digest = hashlib.sha256()
        for part in (scope["method"], get_route_path(scope), repr(kept_query)):
            digest.update(part.encode() + b"\0")
        digest.update(body if bufferable else content_type.partition(";")[0].encode())
        outcome, found = await run_in_threadpool(
            idempotency.claim, self.runtime, caller, key, digest.hexdigest()
        )
        if outcome == "replay":
            await _send_stored(found, send)
            return
        if outcome == "reused" and not from_header:
            # a page form sent again with other answers (the browser's back button): a new
            # request of its own, run as such
            await self.app(scope, receive, send)
            return
        if outcome == "reused":
            error: Exception = InputError(
                "This idempotency key was already used for a different request. Use a new "
                "key for a new request (or open the form again).",
                field="Idempotency-Key",
                code="idempotency_key_reused",
            )
            await self._error(request, error, scope, receive, send)
            return
        if outcome == "busy":
            error = Conflict(
                "The same request is still being processed. Wait a moment, then reload.",
                code="idempotency_in_progress",
            )
            await self._error(request, error, scope, receive, send)
            return
        await self._run(found, scope, receive, send)

    async def _run(self, row_id: str, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capturing_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, capturing_send)
        except BaseException:
            await run_in_threadpool(idempotency.forget, self.runtime, row_id)
            raise
        await run_in_threadpool(
            idempotency.finish, self.runtime, row_id, _status_and_headers(start), b"".join(chunks)
        )

    async def _error(
        self, request: Request, error: Exception, scope: Scope, receive: Receive, send: Send
    ) -> None:
        from tremorwatch.web.errors import handle_tremorwatch_error

        response = await handle_tremorwatch_error(request, error)
        if isinstance(error, Conflict):
            response.headers["Retry-After"] = "2"
        await response(scope, receive, send)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay_receive(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _status_and_headers(start: Message | None) -> tuple[int, dict[str, str]]:
    if start is None:
        return 500, {}
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start["headers"]}
    return int(start["status"]), headers


async def _send_stored(row: StoredResponse, send: Send) -> None:
    body = row.body or b""
    headers = [
        (b"content-length", str(len(body)).encode()),
        (b"idempotent-replayed", b"true"),
    ]
    if row.content_type:
        headers.append((b"content-type", row.content_type.encode("latin-1")))
    if row.location:
        headers.append((b"location", row.location.encode("latin-1")))
    await send(
        {"type": "http.response.start", "status": row.status_code or 200, "headers": headers}
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
