"""Accounts: sign-up, sign-in with throttling, and resolving sessions and API tokens.

Public functions (stable; the pages and the API call them)::

    sign_up(session, data: SignUp | dict) -> Actor              new user (+ family or invitation)
    authenticate(session, data: Login | dict, *, throttle, client) -> Actor
    actor_for_user(session, user_id, family_id=None) -> Actor | None   (session cookie)
    actor_for_token(session, token) -> Actor | None                     (Authorization: Bearer)
    hash_password(password) -> str / verify_password(hash, password) -> bool
    LoginThrottle(max_failures=5, window_s=900)

Passwords are hashed with argon2id (argon2-cffi defaults). A wrong e-mail and a wrong password
give the same message, so sign-in does not reveal who has an account.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tremorwatch.errors import AccessDenied, Conflict, RateLimited
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.schemas import Login, SignUp, validate
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.models_accounts import FamilyRow, MembershipRow, UserRow
from tremorwatch.storage.repositories import accounts as repo

_HASHER = PasswordHasher()
#: A valid hash compared against when the e-mail is unknown, so timing does not tell.
_DUMMY_HASH = _HASHER.hash("tremorwatch-dummy-password")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (API and invitation tokens; not passwords)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class LoginThrottle:
    """At most ``max_failures`` failed sign-ins per e-mail and per client in ``window_s``.

    Kept in memory (per process): enough to stop password guessing against one server.
    Thread-safe.
    """

    def __init__(self, *, max_failures: int = 5, window_s: float = 900.0) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def check(self, *keys: str) -> None:
        """Raise :class:`RateLimited` if any key has too many recent failures."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                times = self._prune(key, now)
                if len(times) >= self.max_failures:
                    wait_min = max(1, round((self.window_s - (now - times[0])) / 60))
                    raise RateLimited(
                        f"Too many failed sign-in attempts. Wait {wait_min} minute(s) and try "
                        "again, or reset your password.",
                        field="password",
                    )

    def failed(self, *keys: str) -> None:
        """Record a failed attempt for each key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._prune(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


def _actor(user: UserRow, membership: MembershipRow, via: str) -> Actor:
    family = membership.family
    return Actor(
        user_id=user.id,
        family_id=membership.family_id,
        role=Role(membership.role),
        email=user.email,
        display_name=user.display_name,
        via=via,
        country=family.country if family is not None else None,
        timezone=(family.timezone if family is not None else None) or "UTC",
        temperature_unit=family.temperature_unit if family is not None else None,
    )


def sign_up(session: Session, data: SignUp | dict[str, Any]) -> Actor:
    """Create an account. With ``invitation`` it joins that family, else it founds one.

    Raises
    ------
    InputError
        A field is invalid, or the invitation is unknown, used or expired.
    Conflict
        An account with this e-mail exists.
    """
    from tremorwatch.services import families

    form = validate(SignUp, data)
    if repo.user_by_email(session, form.email) is not None:
        raise Conflict(
            "An account with this e-mail address already exists. Sign in instead.",
            field="email",
        )
    user = UserRow(
        email=form.email, display_name=form.display_name, password_hash=hash_password(form.password)
    )
    session.add(user)
    try:
        session.flush()
        if form.invitation:
            membership = families.accept_invitation_row(session, user, form.invitation)
        else:
            family = FamilyRow(
                name=form.family_name or f"{form.display_name}'s family",
                country=form.country,
                timezone=form.timezone or "UTC",
            )
            session.add(family)
            session.flush()
            membership = MembershipRow(family_id=family.id, user_id=user.id, role=Role.OWNER.value)
            session.add(membership)
        session.flush()
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            "An account with this e-mail address already exists. Sign in instead.",
            field="email",
        ) from None
    except Exception:
        session.rollback()
        raise
    return _actor(user, membership, "session")


def authenticate(
    session: Session,
    data: Login | dict[str, Any],
    *,
    throttle: LoginThrottle | None = None,
    client: str = "",
) -> Actor:
    """Check e-mail and password; the actor in the user's first family.

    Raises
    ------
    RateLimited
        Too many failures for this e-mail or client recently.
    AccessDenied
        Wrong e-mail or password (one message for both), code ``bad_credentials``.
    """
    form = validate(Login, data)
    keys = (f"email:{form.email}", f"client:{client}") if client else (f"email:{form.email}",)
    if throttle is not None:
        throttle.check(*keys)
    user = repo.user_by_email(session, form.email)
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, form.password)
    if user is None or not ok:
        if throttle is not None:
            throttle.failed(*keys)
        raise AccessDenied(
            "The e-mail address or the password is not right.",
            field="password",
            code="bad_credentials",
        )
    memberships = repo.memberships_of(session, user.id)
    if not memberships:
        raise AccessDenied("This account is not part of any family any more.", code="no_family")
    if throttle is not None:
        throttle.succeeded(*keys)
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(form.password)
    user.last_login_at = utcnow()
    session.commit()
    return _actor(user, memberships[0], "session")


def actor_for_user(session: Session, user_id: str, family_id: str | None = None) -> Actor | None:
    """The actor for a signed-in user id (from the session), in ``family_id`` or the first one.

    ``None`` when the user or the membership no longer exists (a stale cookie).
    """
    user = repo.user_by_id(session, user_id)
    if user is None:
        return None
    if family_id is not None:
        membership = repo.membership(session, user_id=user_id, family_id=family_id)
        if membership is not None:
            return _actor(user, membership, "session")
    memberships = repo.memberships_of(session, user_id)
    return _actor(user, memberships[0], "session") if memberships else None


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The actor of a bearer API token; ``None`` if unknown, revoked or no longer a member."""
    if not token or len(token) > 200:
        return None
    row = repo.token_by_hash(session, hash_secret(token))
    if row is None or row.revoked_at is not None:
        return None
    user = repo.user_by_id(session, row.user_id)
    membership = repo.membership(session, user_id=row.user_id, family_id=row.family_id)
    if user is None or membership is None:
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        repo.touch_token(session, row, now)
        session.commit()
    return _actor(user, membership, "token")
