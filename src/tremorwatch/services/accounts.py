"""Accounts: sign-up, sign-in with throttling, and resolving sessions and API tokens.

Public functions (stable; the pages and the API call them)::

    sign_up(session, data: SignUp | dict) -> Actor              new user (+ family or invitation)
    authenticate(session, data: Login | dict, *, throttle, client) -> Actor
    actor_for_user(session, user_id, family_id=None) -> Actor | None   (session cookie)
    actor_for_token(session, token) -> Actor | None                     (Authorization: Bearer)
    set_language(session, actor, language) -> Actor                    the user's page language
    hash_password(password) -> str / verify_password(hash, password) -> bool
    LoginThrottle(sessions, max_failures=5, window_s=900)   failures kept in the database

Passwords are hashed with argon2id (argon2-cffi defaults). A wrong e-mail and a wrong password
give the same message, so sign-in does not reveal who has an account.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from tremorwatch.errors import AccessDenied, Conflict, InputError, RateLimited
from tremorwatch.i18n import gettext as _
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.schemas import Login, SignUp, check_language, validate
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.models_accounts import FamilyRow, MembershipRow, UserRow
from tremorwatch.storage.repositories import accounts as repo
from tremorwatch.storage.repositories import shared as shared_repo

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

    The failures are rows of the database (``login_failures``), each written in a transaction
    of its own, so the limit holds across every web process and host that shares the
    database. Keys are stored as SHA-256 hashes. A burst of guesses sent at the same instant
    to several processes can pass the check together before any failure is written, so the
    limit can be overshot by at most the number of requests in flight at once.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        max_failures: int = 5,
        window_s: float = 900.0,
    ) -> None:
        self.sessions = sessions
        self.max_failures = max_failures
        self.window_s = window_s

    @staticmethod
    def _hashes(keys: tuple[str, ...]) -> list[str]:
        return [hash_secret(key) for key in keys]

    def check(self, *keys: str) -> None:
        """Raise :class:`RateLimited` if any key has too many recent failures."""
        now = utcnow()
        since = now - timedelta(seconds=self.window_s)
        with self.sessions() as session:
            found = shared_repo.login_failures_since(session, self._hashes(keys), since)
        for count, oldest in found.values():
            if count >= self.max_failures:
                left_s = self.window_s - (now - oldest).total_seconds()
                wait_min = max(1, round(left_s / 60))
                raise RateLimited(
                    _(
                        "Too many failed sign-in attempts. Wait %(minutes)s minute(s) and "
                        "try again, or reset your password."
                    )
                    % {"minutes": wait_min},
                    field="password",
                )

    def failed(self, *keys: str) -> None:
        """Record a failed attempt for each key (and drop failures older than the window)."""
        now = utcnow()
        with self.sessions() as session:
            shared_repo.add_login_failures(session, self._hashes(keys), now)
            shared_repo.forget_login_failures(
                session, before=now - timedelta(seconds=self.window_s)
            )
            session.commit()

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys."""
        with self.sessions() as session:
            shared_repo.forget_login_failures(session, self._hashes(keys))
            session.commit()


def _actor(
    user: UserRow, membership: MembershipRow, via: str, *, family: FamilyRow | None = None
) -> Actor:
    family = family if family is not None else membership.family
    return Actor(
        user_id=user.id,
        family_id=membership.family_id,
        role=Role(membership.role),
        email=user.email,
        display_name=user.display_name,
        via=via,
        language=user.language,
        country=family.country if family is not None else None,
        timezone=(family.timezone if family is not None else None) or "UTC",
        temperature_unit=family.temperature_unit if family is not None else None,
        data_version=family.data_version if family is not None else None,
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
            _("An account with this e-mail address already exists. Sign in instead."),
            field="email",
        )
    user = UserRow(
        email=form.email,
        display_name=form.display_name,
        password_hash=hash_password(form.password),
        language=form.language,
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
            _("An account with this e-mail address already exists. Sign in instead."),
            field="email",
        ) from None
    except Exception:
        session.rollback()
        raise
    return _actor(user, membership, "session")


def set_language(session: Session, actor: Actor, language: str | None) -> Actor:
    """Keep ``language`` (a shipped code, or None: follow the browser) as the user's choice.

    Raises
    ------
    InputError
        ``language`` is not a shipped language.
    """
    try:
        chosen = check_language(language)
    except ValueError as exc:
        raise InputError(f"The language {exc}.", field="language") from None
    user = repo.user_by_id(session, actor.user_id)
    if user is None:
        raise AccessDenied(_("This account no longer exists."), code="not_signed_in")
    user.language = chosen
    session.commit()
    return replace(actor, language=chosen)


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
            _("The e-mail address or the password is not right."),
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

    ``None`` when the user or the membership no longer exists (a stale cookie). One statement,
    read on every request (never cached: a removed member loses access at once).
    """
    found = repo.signed_in_user(session, user_id, family_id)
    if found is None:
        return None
    user, membership, family = found
    return _actor(user, membership, "session", family=family)


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The actor of a bearer API token; ``None`` if unknown, revoked or no longer a member.

    One statement, read on every request (never cached: a revoked token stops at once).
    """
    if not token or len(token) > 200:
        return None
    found = repo.token_holder(session, hash_secret(token))
    if found is None:
        return None
    row, user, membership, family = found
    if row.revoked_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        repo.touch_token(session, row, now)
        session.commit()
    return _actor(user, membership, "token", family=family)
