"""Queries for the state shared by all processes: login failures and idempotency keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from tremorwatch.storage.models_shared import IdempotencyRow, LoginFailureRow

# -- login failures ------------------------------------------------------------------------


def add_login_failures(session: Session, key_hashes: Sequence[str], at: datetime) -> None:
    """Record one failed sign-in for each key."""
    session.add_all(LoginFailureRow(key_hash=k, failed_at=at) for k in key_hashes)


def login_failures_since(
    session: Session, key_hashes: Sequence[str], since: datetime
) -> dict[str, tuple[int, datetime]]:
    """Per key: how many failures since ``since`` and the oldest of them."""
    stmt = (
        select(LoginFailureRow.key_hash, func.count(), func.min(LoginFailureRow.failed_at))
        .where(LoginFailureRow.key_hash.in_(key_hashes), LoginFailureRow.failed_at >= since)
        .group_by(LoginFailureRow.key_hash)
    )
    result: dict[str, tuple[int, datetime]] = {}
    for key, count, oldest in session.execute(stmt):
        stamp = datetime.fromisoformat(oldest) if isinstance(oldest, str) else oldest
        result[key] = (int(count), stamp)
    return result


def forget_login_failures(
    session: Session, key_hashes: Sequence[str] = (), *, before: datetime | None = None
) -> None:
    """Delete the failures of these keys, or (``before``) every failure older than that."""
    if key_hashes:
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.key_hash.in_(key_hashes)))
    if before is not None:
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.failed_at < before))


# -- idempotency keys ----------------------------------------------------------------------


def idempotency_entry(session: Session, scope: str, key: str) -> IdempotencyRow | None:
    """The entry of (scope, key), if any."""
    stmt = select(IdempotencyRow).where(IdempotencyRow.scope == scope, IdempotencyRow.key == key)
    return session.scalar(stmt)


def forget_idempotency_entries(session: Session, *, before: datetime) -> None:
    """Delete entries made before ``before`` (they have expired)."""
    session.execute(delete(IdempotencyRow).where(IdempotencyRow.created_at < before))


def take_over_idempotency_entry(
    session: Session, entry_id: str, seen_created_at: datetime, now: datetime
) -> bool:
    """Restart an abandoned entry; False when another process took it over first."""
    result = session.execute(
        update(IdempotencyRow)
        .where(IdempotencyRow.id == entry_id, IdempotencyRow.created_at == seen_created_at)
        .values(created_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
