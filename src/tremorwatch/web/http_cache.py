"""HTTP caching of a family's diary: ETag validators and 304 Not Modified (RFC 9110, 9111).

A diary answer depends on the family's rows, on who asks (role, language, time zone, country,
the session's CSRF token in a page's forms), on the request (path, query) and on today's date
in the family's zone (ages, "last 14 days"). :func:`diary_etag` hashes all of them with the
family's data version (``families.data_version``, raised in the same transaction as every
write: :mod:`tremorwatch.storage.data_version`), which the sign-in lookup reads before any
diary data. So:

* every process derives the same validator from the database, with nothing to invalidate;
* a write makes every earlier validator stale at once, in every process;
* a request that sends ``If-None-Match`` with the current validator gets 304 with no diary
  query at all (only the sign-in lookup ran).

Answers are ``Cache-Control: private, no-cache``: a browser may keep them but must revalidate
every time, and a shared cache (a proxy) must not store them. The ETag is weak (``W/``): a page
carries a fresh idempotency key in each rendering, so two renderings are equivalent, not
byte-identical (RFC 9110 section 8.8.1).

Compression is left to the reverse proxy (see the README's "Deploy for a clinic"): on the
loopback and on the app's two cores gzip costs more CPU than the bytes it saves.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import Request, Response

from tremorwatch import __version__
from tremorwatch.services.context import Actor
from tremorwatch.services.place import safe_timezone

CACHE_CONTROL = "private, no-cache"
VARY = "Cookie, Authorization, Accept-Language"


def diary_etag(request: Request, actor: Actor, *extra: str) -> str | None:
    """The weak validator of this diary answer, or ``None`` when the version is unknown."""
    if actor.data_version is None:
        return None
    zone = ZoneInfo(safe_timezone(actor.timezone))
    parts = (
        __version__,
        request.scope.get("root_path", ""),
        request.url.path,
        str(sorted(request.query_params.multi_items())),
        actor.family_id,
        actor.user_id,
        actor.role.value,
        actor.via,
        actor.display_name,
        str(actor.data_version),
        str(actor.language),
        str(request.scope.get("state", {}).get("language", "")),
        actor.timezone,
        str(actor.country),
        str(actor.temperature_unit),
        datetime.now(zone).date().isoformat(),
        *extra,
    )
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f'W/"{digest}"'


def _matches(header: str, etag: str) -> bool:
    """Weak comparison of ``If-None-Match`` with ``etag`` (RFC 9110 section 13.1.2)."""
    if header.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == ours for tag in header.split(","))


def not_modified(request: Request, etag: str | None) -> Response | None:
    """A 304 answer when the client's copy is current, else ``None``."""
    header = request.headers.get("if-none-match")
    if etag is None or not header or not _matches(header, etag):
        return None
    return Response(
        status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}
    )


def with_validator(response: Response, etag: str | None) -> Response:
    """Add the validator and the caching rules to a full (200) answer."""
    if etag is not None and response.status_code == 200:
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.headers["Vary"] = VARY
    return response
