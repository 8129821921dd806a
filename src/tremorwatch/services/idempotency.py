"""Idempotency keys: a write repeated with the same key is answered from the first time.

Public functions (the web layer's :mod:`tremorwatch.web.idempotency` middleware calls them)::

    claim(runtime, scope, key, fingerprint) -> ("run", row_id) | ("replay", StoredResponse)
                                              | ("busy", None) | ("reused", None)
    finish(runtime, row_id, (status, headers), body)   keep the response (or drop the row)
    forget(runtime, row_id)                            the request failed: a retry runs again

The rows live in the database (``idempotency_keys``), so every process and host sees them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from tremorwatch.services.runtime import Runtime
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.models_shared import IdempotencyRow
from tremorwatch.storage.repositories import shared as repo

#: How long a key is remembered.
KEEP_HOURS = 24
#: A ``pending`` row older than this belongs to a request whose process died.
ABANDONED_AFTER_S = 600
#: Statuses whose response is not kept (a retry may well succeed).
NOT_KEPT = frozenset({401, 403, 409, 429})


@dataclass(frozen=True)
class StoredResponse:
    """The first response to a (caller, key)."""

    status_code: int
    content_type: str | None
    location: str | None
    body: bytes


def claim(runtime: Runtime, scope_hash: str, key: str, fingerprint: str) -> tuple[str, Any]:
    """Claim (scope, key) for a request with ``fingerprint``.

    One of ``("run", row_id)``, ``("replay", StoredResponse)``, ``("busy", None)`` (the same
    request runs elsewhere) or ``("reused", None)`` (the key came with another request).
    """
    now = utcnow()
    for _attempt in range(3):
        with runtime.session() as session:
            row = repo.idempotency_entry(session, scope_hash, key)
            if row is not None and row.created_at < now - timedelta(hours=KEEP_HOURS):
                session.delete(row)
                session.commit()
                row = None
            if row is None:
                fresh = IdempotencyRow(
                    scope=scope_hash, key=key, fingerprint=fingerprint, state="pending"
                )
                session.add(fresh)
                if secrets.randbelow(64) == 0:
                    repo.forget_idempotency_entries(
                        session, before=now - timedelta(hours=KEEP_HOURS)
                    )
                try:
                    session.commit()
                except IntegrityError:  # another process claimed it at the same moment
                    session.rollback()
                    continue
                return "run", fresh.id
            if row.fingerprint != fingerprint:
                return "reused", None
            if row.state == "done":
                return "replay", StoredResponse(
                    row.status_code or 200, row.content_type, row.location, row.body or b""
                )
            if row.created_at < now - timedelta(seconds=ABANDONED_AFTER_S):
                taken = repo.take_over_idempotency_entry(session, row.id, row.created_at, now)
                session.commit()
                if taken:
                    return "run", row.id
            return "busy", None
    return "busy", None


def finish(
    runtime: Runtime, row_id: str, response: tuple[int, dict[str, str]], body: bytes
) -> None:
    """Keep the response of a request that ran (or drop the row when it is not kept)."""
    with runtime.session() as session:
        row = session.get(IdempotencyRow, row_id)
        if row is None:
            return
        status, headers = response
        if status >= 500 or status in NOT_KEPT or "no-store" in headers.get("cache-control", ""):
            session.delete(row)
        else:
            row.state = "done"
            row.status_code = status
            row.content_type = headers.get("content-type", "")[:200] or None
            row.location = headers.get("location", "")[:2000] or None
            row.body = body
        session.commit()


def forget(runtime: Runtime, row_id: str) -> None:
    """Drop the row of a request that failed, so a retry runs again."""
    with runtime.session() as session:
        row = session.get(IdempotencyRow, row_id)
        if row is not None:
            session.delete(row)
            session.commit()
