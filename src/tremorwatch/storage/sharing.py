"""Share links for clinicians, and the log of every access through them.

A share link gives read-only access to one baby's report, videos and analysis plots over one
date range, until it expires or is revoked. Only the SHA-256 of its token is stored (the token
is 256 random bits, so a fast hash is enough; it is shown once when made); the optional
passcode is stored as an argon2 hash. Every access (and every refused one) is logged with the
time, what was opened and a truncated client address, and the parents can read the log.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from tremorwatch.storage.base import ID_LENGTH, Base, IdMixin, TimestampMixin, UTCDateTime, utcnow


class ShareLinkRow(IdMixin, TimestampMixin, Base):
    """A read-only link to one baby's report over ``date_from``..``date_to`` (inclusive)."""

    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_family_created", "family_id", "created_at"),)

    family_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("families.id", ondelete="CASCADE"), nullable=False
    )
    infant_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("infants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    label: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    date_from: Mapped[date] = mapped_column(Date, nullable=False)
    date_to: Mapped[date] = mapped_column(Date, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    passcode_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_by: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class ShareAccessRow(IdMixin, Base):
    """One access (or refused attempt) through a share link."""

    __tablename__ = "share_accesses"
    __table_args__ = (Index("ix_share_accesses_link_at", "share_id", "at"),)

    share_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("share_links.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    what: Mapped[str] = mapped_column(String(32), nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    client: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(String(160), nullable=False, default="")


# -- repository ----------------------------------------------------------------------------


def link_by_token_hash(session: Session, token_hash: str) -> ShareLinkRow | None:
    """The link whose token hashes to ``token_hash`` (any family: the token is the key)."""
    return session.scalar(select(ShareLinkRow).where(ShareLinkRow.token_hash == token_hash))


def links(session: Session, family_id: str, *, infant_id: str | None = None) -> list[ShareLinkRow]:
    """The family's links, newest first."""
    stmt = select(ShareLinkRow).where(ShareLinkRow.family_id == family_id)
    if infant_id is not None:
        stmt = stmt.where(ShareLinkRow.infant_id == infant_id)
    return list(session.scalars(stmt.order_by(ShareLinkRow.created_at.desc(), ShareLinkRow.id)))


def link(session: Session, family_id: str, share_id: str) -> ShareLinkRow | None:
    """One of the family's links."""
    stmt = select(ShareLinkRow).where(
        ShareLinkRow.id == share_id, ShareLinkRow.family_id == family_id
    )
    return session.scalar(stmt)


def accesses(session: Session, share_ids: list[str]) -> list[ShareAccessRow]:
    """Accesses of the given links, newest first."""
    if not share_ids:
        return []
    stmt = (
        select(ShareAccessRow)
        .where(ShareAccessRow.share_id.in_(share_ids))
        .order_by(ShareAccessRow.at.desc(), ShareAccessRow.id)
    )
    return list(session.scalars(stmt))


def log_access(
    session: Session, share_id: str, *, what: str, outcome: str, client: str, user_agent: str
) -> ShareAccessRow:
    """Record one access (committed by the caller)."""
    row = ShareAccessRow(
        share_id=share_id,
        at=utcnow(),
        what=what[:32],
        outcome=outcome[:16],
        client=client[:64],
        user_agent=user_agent[:160],
    )
    session.add(row)
    return row
