"""Queries for users, families, memberships, invitations and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, select
from sqlalchemy.orm import Session

from tremorwatch.storage.models_accounts import (
    ApiTokenRow,
    FamilyRow,
    InvitationRow,
    MembershipRow,
    UserRow,
)


def signed_in_user(
    session: Session, user_id: str, family_id: str | None
) -> tuple[UserRow, MembershipRow, FamilyRow] | None:
    """The user, their membership of ``family_id`` (else their first one) and its family.

    One statement (the lookup behind every signed-in request); ``None`` when the user is gone
    or a member of no family.
    """
    preferred = case((MembershipRow.family_id == (family_id or ""), 0), else_=1)
    stmt = (
        select(UserRow, MembershipRow, FamilyRow)
        .join(MembershipRow, MembershipRow.user_id == UserRow.id)
        .join(FamilyRow, FamilyRow.id == MembershipRow.family_id)
        .where(UserRow.id == user_id)
        .order_by(preferred, MembershipRow.created_at, MembershipRow.id)
        .limit(1)
    )
    row = session.execute(stmt).first()
    return None if row is None else (row[0], row[1], row[2])


def token_holder(
    session: Session, token_hash: str
) -> tuple[ApiTokenRow, UserRow, MembershipRow, FamilyRow] | None:
    """The API token with this hash, its user, their membership of its family and the family.

    One statement (the lookup behind every API request); ``None`` when the token is unknown,
    or its user or their membership of the token's family is gone. Revoked tokens are
    returned (the caller checks ``revoked_at``).
    """
    stmt = (
        select(ApiTokenRow, UserRow, MembershipRow, FamilyRow)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .join(
            MembershipRow,
            and_(
                MembershipRow.user_id == ApiTokenRow.user_id,
                MembershipRow.family_id == ApiTokenRow.family_id,
            ),
        )
        .join(FamilyRow, FamilyRow.id == ApiTokenRow.family_id)
        .where(ApiTokenRow.token_hash == token_hash)
    )
    row = session.execute(stmt).first()
    return None if row is None else (row[0], row[1], row[2], row[3])


def user_by_email(session: Session, email: str) -> UserRow | None:
    """The user with this (lower-case) e-mail address."""
    return session.scalar(select(UserRow).where(UserRow.email == email))


def user_by_id(session: Session, user_id: str) -> UserRow | None:
    """The user with this id."""
    return session.get(UserRow, user_id)


def memberships_of(session: Session, user_id: str) -> list[MembershipRow]:
    """The user's memberships, oldest first (the first is the default family)."""
    stmt = (
        select(MembershipRow)
        .where(MembershipRow.user_id == user_id)
        .order_by(MembershipRow.created_at, MembershipRow.id)
    )
    return list(session.scalars(stmt))


def membership(session: Session, *, user_id: str, family_id: str) -> MembershipRow | None:
    """The user's membership of this family, if any."""
    stmt = select(MembershipRow).where(
        MembershipRow.user_id == user_id, MembershipRow.family_id == family_id
    )
    return session.scalar(stmt)


def family(session: Session, family_id: str) -> FamilyRow | None:
    """The family with this id."""
    return session.get(FamilyRow, family_id)


def family_members(session: Session, family_id: str) -> list[tuple[MembershipRow, UserRow]]:
    """Members of a family with their accounts, oldest first."""
    stmt = (
        select(MembershipRow, UserRow)
        .join(UserRow, UserRow.id == MembershipRow.user_id)
        .where(MembershipRow.family_id == family_id)
        .order_by(MembershipRow.created_at, MembershipRow.id)
    )
    return [(m, u) for m, u in session.execute(stmt)]


def invitation_by_token_hash(session: Session, token_hash: str) -> InvitationRow | None:
    """The invitation whose token hashes to ``token_hash``."""
    return session.scalar(select(InvitationRow).where(InvitationRow.token_hash == token_hash))


def invitations_of_family(session: Session, family_id: str) -> list[InvitationRow]:
    """A family's invitations, newest first."""
    stmt = (
        select(InvitationRow)
        .where(InvitationRow.family_id == family_id)
        .order_by(InvitationRow.created_at.desc(), InvitationRow.id)
    )
    return list(session.scalars(stmt))


def token_by_hash(session: Session, token_hash: str) -> ApiTokenRow | None:
    """The API token whose secret hashes to ``token_hash`` (revoked ones included)."""
    return session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))


def tokens_of_user(session: Session, *, user_id: str, family_id: str) -> list[ApiTokenRow]:
    """A user's API tokens in one family, newest first."""
    stmt = (
        select(ApiTokenRow)
        .where(ApiTokenRow.user_id == user_id, ApiTokenRow.family_id == family_id)
        .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id)
    )
    return list(session.scalars(stmt))


def token_of_user(
    session: Session, *, token_id: str, user_id: str, family_id: str
) -> ApiTokenRow | None:
    """One of the user's tokens in the family, by id."""
    stmt = select(ApiTokenRow).where(
        ApiTokenRow.id == token_id,
        ApiTokenRow.user_id == user_id,
        ApiTokenRow.family_id == family_id,
    )
    return session.scalar(stmt)


def touch_token(session: Session, token: ApiTokenRow, when: datetime) -> None:
    """Record that a token was used."""
    token.last_used_at = when
