"""Serving under a sub-path behind a reverse proxy: ``TREMORWATCH_ROOT_PATH``.

A clinic often puts tremorwatch at ``https://clinic.example/tremorwatch/``. With
``root_path="/tremorwatch"`` the :class:`RootPathMiddleware` (the outermost layer of the app):

* accepts requests whether or not the proxy strips the prefix (``/tremorwatch/babies/x`` and
  ``/babies/x`` both reach the ``/babies/{id}`` route): it sets ``scope["root_path"]`` and puts
  the prefix on ``scope["path"]``, the form Starlette's router expects;
* puts the prefix on the links of every HTML page (``href``, ``action``, ``formaction`` and
  ``src`` attributes that start with a single ``/``) and on ``Location`` headers of redirects,
  so the templates and handlers keep writing plain ``/babies/...`` paths;
* scopes the cookies to the prefix (``Path=/tremorwatch``) so two apps on one host do not share
  a session.

The forwarded headers (``X-Forwarded-For``/``-Proto``) are read by uvicorn itself
(``proxy_headers`` with ``forwarded_allow_ips``), so ``request.client`` and the scheme are the
browser's, which login throttling and the Secure cookies rely on.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_LINK = re.compile(rb"""(\s(?:href|action|formaction|src)=)(["'])/(?![/\\])""")


def _prefixed(location: bytes, root: bytes) -> bytes:
    if location.startswith(b"/") and not location.startswith(b"//"):
        if location == root or location.startswith(root + b"/"):
            return location
        return root + location
    return location


class RootPathMiddleware:
    """Mount the whole app at ``root_path`` (see the module docstring)."""

    def __init__(self, app: ASGIApp, root_path: str) -> None:
        self.app = app
        self.root = root_path.rstrip("/")
        self._root_bytes = self.root.encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.root:
            await self.app(scope, receive, send)
            return
        root = self.root
        path: str = scope["path"]
        if not (path == root or path.startswith(root + "/")):
            path = root + path
        scope = dict(scope, root_path=root, path=path)
        raw = scope.get("raw_path")
        if isinstance(raw, bytes) and not raw.startswith(self._root_bytes + b"/"):
            scope["raw_path"] = self._root_bytes + raw
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        start: Message | None = None
        chunks: list[bytes] = []

        async def rewriting_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = [self._header(name, value) for name, value in message["headers"]]
                message = dict(message, headers=headers)
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message  # hold it until the body is known (its length changes)
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = _LINK.sub(rb"\1\2" + self._root_bytes + rb"/", b"".join(chunks))
            headers = [(n, v) for n, v in start["headers"] if n != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode("ascii")))
            await send(dict(start, headers=headers))
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, rewriting_send)

    def _header(self, name: bytes, value: bytes) -> tuple[bytes, bytes]:
        lower = name.lower()
        if lower == b"location":
            return name, _prefixed(value, self._root_bytes)
        if lower == b"set-cookie":
            return name, re.sub(rb"(?i)(;\s*path=)/(?=;|$)", rb"\1" + self._root_bytes, value)
        return name, value
