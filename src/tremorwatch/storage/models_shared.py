"""State that every web process must see alike: login failures and idempotency keys.

With ``tremorwatch serve --workers N`` (and several hosts) nothing may live in one process's
memory, so these small tables are the shared state:

* ``login_failures``: one row per failed sign-in and throttle key (a SHA-256 of
  ``email:<address>`` or ``client:<ip>``, so addresses are not stored in clear);
* ``idempotency_keys``: one row per (caller, key) of a write that a reload or a retry can
  repeat, with the first response kept so the repeat gets the same answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tremorwatch.storage.base import Base, IdMixin, TimestampMixin, UTCDateTime


class LoginFailureRow(IdMixin, Base):
    """A failed sign-in for one throttle key."""

    __tablename__ = "login_failures"

    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)


class IdempotencyRow(IdMixin, TimestampMixin, Base):
    """A write request seen once: ``state`` is ``pending`` while it runs, then ``done``.

    ``scope`` is who sent it (a hash of the API token or the session's user id), ``key`` the
    caller's idempotency key and ``fingerprint`` a hash of method, path and body, so the same
    key cannot be reused for a different request.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"),)

    scope: Mapped[str] = mapped_column(String(64), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    state: Mapped[str] = mapped_column(String(8), nullable=False, default="pending")
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(200), nullable=True)
    location: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
