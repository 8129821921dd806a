"""Families, members, roles and invitations.

Public functions::

    family_of(session, actor) -> FamilyPublic
    families_of_user(session, user_id) -> list[FamilyPublic]
    members(session, actor) -> list[MemberPublic]
    invite(session, actor, data: InvitationCreate | dict) -> InvitationCreated   (owner only)
    invitations(session, actor) -> list[InvitationPublic]                           (owner only)
    accept_invitation(session, user_id, code) -> Actor     an existing user joins another family
    change_role(session, actor, user_id, role) / remove_member(session, actor, user_id)
    update_settings(session, actor, data: FamilySettings | dict) -> FamilyPublic  (owner only)

An invitation code is 32 random bytes (url-safe), stored only as its SHA-256, valid for
``valid_days`` and usable once. A family always keeps at least one owner.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from tremorwatch.errors import Conflict, InputError, NotFound
from tremorwatch.services.accounts import hash_secret
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.schemas import (
    FamilyPublic,
    FamilySettings,
    InvitationCreate,
    InvitationCreated,
    InvitationPublic,
    MemberPublic,
    validate,
)
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.models_accounts import FamilyRow, InvitationRow, MembershipRow, UserRow
from tremorwatch.storage.repositories import accounts as repo


def family_of(session: Session, actor: Actor) -> FamilyPublic:
    """The actor's current family with the actor's role."""
    row = repo.family(session, actor.family_id)
    if row is None:
        raise NotFound("This family no longer exists.")
    return _public(row, actor.role)


def _public(row: FamilyRow, role: Role) -> FamilyPublic:
    return FamilyPublic(
        id=row.id,
        name=row.name,
        role=role,
        country=row.country,
        timezone=row.timezone or "UTC",
        temperature_unit=row.temperature_unit,
    )


def update_settings(
    session: Session, actor: Actor, data: FamilySettings | dict[str, Any]
) -> FamilyPublic:
    """Set the family's country, time zone and temperature unit (owners only).

    Only the fields given are changed; an empty ``temperature_unit`` means the country's usual
    unit.
    """
    actor.require(Role.OWNER)
    form = validate(FamilySettings, data)
    row = repo.family(session, actor.family_id)
    if row is None:
        raise NotFound("This family no longer exists.")
    given = form.model_fields_set
    if "country" in given and form.country is not None:
        row.country = form.country
    if "timezone" in given and form.timezone is not None:
        row.timezone = form.timezone
    if "temperature_unit" in given:
        row.temperature_unit = form.temperature_unit or None
    session.commit()
    return _public(row, actor.role)


def families_of_user(session: Session, user_id: str) -> list[FamilyPublic]:
    """Every family the user belongs to, with the user's role in each."""
    result = []
    for membership in repo.memberships_of(session, user_id):
        family = repo.family(session, membership.family_id)
        if family is not None:
            result.append(_public(family, Role(membership.role)))
    return result


def members(session: Session, actor: Actor) -> list[MemberPublic]:
    """The members of the actor's family."""
    return [
        MemberPublic(user_id=u.id, display_name=u.display_name, email=u.email, role=Role(m.role))
        for m, u in repo.family_members(session, actor.family_id)
    ]


def invite(
    session: Session, actor: Actor, data: InvitationCreate | dict[str, Any]
) -> InvitationCreated:
    """Create an invitation to the actor's family (owners only); the code is shown once."""
    actor.require(Role.OWNER)
    form = validate(InvitationCreate, data)
    code = secrets.token_urlsafe(32)
    row = InvitationRow(
        family_id=actor.family_id,
        email=form.email.lower() if form.email else None,
        role=form.role.value,
        token_hash=hash_secret(code),
        created_by=actor.user_id,
        expires_at=utcnow() + timedelta(days=form.valid_days),
    )
    session.add(row)
    session.commit()
    return InvitationCreated(
        id=row.id,
        email=row.email,
        role=Role(row.role),
        created_at=row.created_at,
        expires_at=row.expires_at,
        token=code,
    )


def invitations(session: Session, actor: Actor) -> list[InvitationPublic]:
    """The family's invitations, newest first (owners only)."""
    actor.require(Role.OWNER)
    return [
        InvitationPublic.model_validate(row)
        for row in repo.invitations_of_family(session, actor.family_id)
    ]


def accept_invitation_row(session: Session, user: UserRow, code: str) -> MembershipRow:
    """Add ``user`` to the inviting family (no commit). Used by sign-up and :func:`accept_invitation`."""
    row = repo.invitation_by_token_hash(session, hash_secret(code.strip()))
    if row is None:
        raise InputError(
            "This invitation code is not valid. Ask for a new invitation.", field="invitation"
        )
    if row.accepted_at is not None:
        raise InputError(
            "This invitation has already been used. Ask for a new invitation.", field="invitation"
        )
    if row.expires_at < utcnow():
        raise InputError(
            "This invitation has expired. Ask for a new invitation.", field="invitation"
        )
    if row.email and row.email != user.email:
        raise InputError("This invitation is for another e-mail address.", field="invitation")
    if repo.membership(session, user_id=user.id, family_id=row.family_id) is not None:
        raise Conflict("You are already a member of this family.", field="invitation")
    membership = MembershipRow(family_id=row.family_id, user_id=user.id, role=row.role)
    session.add(membership)
    row.accepted_at = utcnow()
    row.accepted_by = user.id
    session.flush()
    return membership


def accept_invitation(session: Session, user_id: str, code: str) -> Actor:
    """An existing user joins the inviting family; the actor in that family."""
    user = repo.user_by_id(session, user_id)
    if user is None:
        raise NotFound("No such account.")
    try:
        membership = accept_invitation_row(session, user, code)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return Actor(
        user_id=user.id,
        family_id=membership.family_id,
        role=Role(membership.role),
        email=user.email,
        display_name=user.display_name,
    )


def _owners(session: Session, family_id: str) -> int:
    return sum(1 for m, _ in repo.family_members(session, family_id) if m.role == Role.OWNER)


def change_role(session: Session, actor: Actor, user_id: str, role: Role | str) -> MemberPublic:
    """Give a member another role (owners only); the last owner cannot step down."""
    actor.require(Role.OWNER)
    try:
        new_role = Role(role)
    except ValueError:
        raise InputError(
            f"role must be one of owner, caregiver, viewer; got {role!r}.", field="role"
        ) from None
    membership = repo.membership(session, user_id=user_id, family_id=actor.family_id)
    if membership is None:
        raise NotFound("No such member in this family.")
    stepping_down = membership.role == Role.OWNER and new_role != Role.OWNER
    if stepping_down and _owners(session, actor.family_id) <= 1:
        raise Conflict("A family needs at least one owner.", field="role")
    membership.role = new_role.value
    session.commit()
    user = membership.user
    return MemberPublic(
        user_id=user.id, display_name=user.display_name, email=user.email, role=new_role
    )


def remove_member(session: Session, actor: Actor, user_id: str) -> None:
    """Remove a member (owners only, or anyone removing themself); keeps one owner."""
    if user_id != actor.user_id:
        actor.require(Role.OWNER)
    membership = repo.membership(session, user_id=user_id, family_id=actor.family_id)
    if membership is None:
        raise NotFound("No such member in this family.")
    if membership.role == Role.OWNER and _owners(session, actor.family_id) <= 1:
        raise Conflict("A family needs at least one owner.", field="user_id")
    session.delete(membership)
    session.commit()
