"""Accounts: users, families, memberships with a role, invitations and API tokens.

A family is the unit of sharing: every diary row carries a ``family_id`` and every query is
scoped to it. Secrets (passwords, invitation and API tokens) are stored only as hashes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tremorwatch.storage.base import ID_LENGTH, Base, IdMixin, TimestampMixin, UTCDateTime


class UserRow(IdMixin, TimestampMixin, Base):
    """A caregiver account. ``email`` is stored lower-case; ``password_hash`` is argon2."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: The language the user chose for the pages (``"es"``); None: follow the browser.
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)

    memberships: Mapped[list[MembershipRow]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class FamilyRow(IdMixin, TimestampMixin, Base):
    """A family: the caregivers and babies who share one diary."""

    __tablename__ = "families"

    name: Mapped[str] = mapped_column(String(80), nullable=False)
    #: ISO 3166-1 alpha-2 code: which emergency number the family sees. None: not chosen yet.
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    #: IANA time zone in which times are entered and shown and diary days are counted.
    timezone: Mapped[str] = mapped_column(
        String(64), nullable=False, default="UTC", server_default="UTC"
    )
    #: "C" or "F": how temperatures are entered and shown. None: the country's usual unit.
    temperature_unit: Mapped[str | None] = mapped_column(String(1), nullable=True)
    #: Raised by one on every committed change to the family's diary rows (babies, episodes,
    #: checks, videos, milestones, share links, members) and to this row: the validator of the
    #: HTTP cache (ETag), read from the database so every process agrees. See
    #: :mod:`tremorwatch.storage.data_version`.
    data_version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )

    memberships: Mapped[list[MembershipRow]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )


class MembershipRow(IdMixin, TimestampMixin, Base):
    """A user's role in a family: ``owner``, ``caregiver`` or ``viewer``."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("family_id", "user_id", name="uq_memberships_family_user"),)

    family_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("families.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False)

    family: Mapped[FamilyRow] = relationship(back_populates="memberships")
    user: Mapped[UserRow] = relationship(back_populates="memberships")


class InvitationRow(IdMixin, TimestampMixin, Base):
    """An invitation to join a family with a role; the token is given once, stored hashed."""

    __tablename__ = "invitations"

    family_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    accepted_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class ApiTokenRow(IdMixin, TimestampMixin, Base):
    """A revocable API token for scripts and apps, acting as its user in one family."""

    __tablename__ = "api_tokens"

    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    family_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("families.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
