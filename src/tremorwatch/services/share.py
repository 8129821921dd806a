"""Read-only share links for clinicians.

Public functions (stable)::

    create_share(session, actor, infant_id, *, date_from, date_to, days=None, passcode=None,
                 label="", now=None) -> ShareCreated          the token is in here, once
    list_shares(session, actor, *, infant_id=None) -> list[SharePublic]   with the access log
    revoke_share(session, actor, share_id) -> SharePublic      at once
    open_share(session, token, *, what, client="", user_agent="", passcode=None,
               passcode_ok=False, now=None) -> ShareGrant
    open_shared_recording(session, token, recording_id, *, what, ...) -> (ShareGrant, RecordingRow)
    shared_report(session, grant, *, timezone=None) -> ClinicianReport   (family's zone)
    shared_recording(session, grant, recording_id) -> RecordingRow   NotFound outside the scope

A link opens one baby's report, and the videos and analysis plots of that baby's episodes in
the link's date range, nothing else. The token is 256 random bits (``secrets``), stored as its
SHA-256; the passcode is stored as an argon2 hash. Every access and every refusal is logged.
Unknown tokens get :class:`NotFound`; expired and revoked links get :class:`ShareUnavailable`
(the web page says which, so a clinician knows to ask for a new link).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from tremorwatch.config import get_settings
from tremorwatch.errors import AccessDenied, InputError, NotFound, RateLimited
from tremorwatch.reports.assemble import check_range
from tremorwatch.reports.model import ClinicianReport
from tremorwatch.services.accounts import hash_password, hash_secret, verify_password
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.infants import infant_row
from tremorwatch.services.place import safe_timezone
from tremorwatch.services.reports import diary_slice, report_from_slice
from tremorwatch.storage import sharing
from tremorwatch.storage.models_diary import RecordingRow
from tremorwatch.storage.repositories import accounts as accounts_repo
from tremorwatch.storage.repositories import diary as repo

TOKEN_BYTES: Final = 32
MIN_PASSCODE_LENGTH: Final = 4
#: Wrong passcodes allowed per link per hour before the link is locked for the hour.
MAX_PASSCODE_FAILURES_PER_HOUR: Final = 10


class ShareUnavailable(AccessDenied):
    """The link exists but can no longer be used (``code`` share_expired / share_revoked)."""


class PasscodeRequired(AccessDenied):
    """The link needs its passcode (``code`` passcode_required / passcode_wrong)."""


class ShareAccess(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    what: str
    outcome: str
    client: str
    user_agent: str


class SharePublic(BaseModel):
    """A link as the parents see it (never the token or a hash)."""

    model_config = ConfigDict(frozen=True)

    id: str
    infant_id: str
    label: str
    date_from: date
    date_to: date
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    has_passcode: bool
    status: Literal["active", "expired", "revoked"]
    accesses: list[ShareAccess] = []


class ShareCreated(SharePublic):
    """A new link: ``token`` is shown this once; ``path`` is the page to send."""

    token: str
    path: str


@dataclass(frozen=True)
class ShareGrant:
    """What an opened link allows: one baby of one family over one date range."""

    share_id: str
    family_id: str
    infant_id: str
    date_from: date
    date_to: date
    expires_at: datetime


def _status(row: sharing.ShareLinkRow, now: datetime) -> Literal["active", "expired", "revoked"]:
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at <= now:
        return "expired"
    return "active"


def _public(row: sharing.ShareLinkRow, now: datetime, accesses: list[ShareAccess]) -> SharePublic:
    return SharePublic(
        id=row.id,
        infant_id=row.infant_id,
        label=row.label,
        date_from=row.date_from,
        date_to=row.date_to,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        has_passcode=row.passcode_hash is not None,
        status=_status(row, now),
        accesses=accesses,
    )


def create_share(
    session: Session,
    actor: Actor,
    infant_id: str,
    *,
    date_from: date,
    date_to: date,
    days: int | None = None,
    passcode: str | None = None,
    label: str = "",
    now: datetime | None = None,
) -> ShareCreated:
    """Make a link for one baby and range; it expires after ``days`` (settings default, 7)."""
    actor.require(Role.CAREGIVER)
    infant_row(session, actor, infant_id)
    check_range(date_from, date_to)
    lifetime = days if days is not None else get_settings().share_link_days
    if not 1 <= lifetime <= 90:
        raise InputError(f"A share link lasts 1 to 90 days; got {lifetime}.", field="days")
    if passcode is not None and passcode.strip() == "":
        passcode = None
    if passcode is not None and len(passcode) < MIN_PASSCODE_LENGTH:
        raise InputError(
            f"A passcode needs at least {MIN_PASSCODE_LENGTH} characters.", field="passcode"
        )
    moment = now or datetime.now(UTC)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = sharing.ShareLinkRow(
        family_id=actor.family_id,
        infant_id=infant_id,
        token_hash=hash_secret(token),
        label=label.strip()[:80],
        date_from=date_from,
        date_to=date_to,
        expires_at=moment + timedelta(days=lifetime),
        passcode_hash=hash_password(passcode) if passcode else None,
        created_by=actor.user_id,
        created_at=moment,
    )
    session.add(row)
    session.commit()
    public = _public(row, moment, [])
    return ShareCreated(**public.model_dump(), token=token, path=f"/s/{token}")


def list_shares(
    session: Session, actor: Actor, *, infant_id: str | None = None, now: datetime | None = None
) -> list[SharePublic]:
    """The family's links (newest first), each with its access log (newest first)."""
    if infant_id is not None:
        infant_row(session, actor, infant_id)
    rows = sharing.links(session, actor.family_id, infant_id=infant_id)
    log: dict[str, list[ShareAccess]] = {}
    for a in sharing.accesses(session, [r.id for r in rows]):
        log.setdefault(a.share_id, []).append(
            ShareAccess(
                at=a.at, what=a.what, outcome=a.outcome, client=a.client, user_agent=a.user_agent
            )
        )
    moment = now or datetime.now(UTC)
    return [_public(r, moment, log.get(r.id, [])) for r in rows]


def revoke_share(session: Session, actor: Actor, share_id: str) -> SharePublic:
    """Revoke a link now (caregivers and owners); revoking twice keeps the first time."""
    actor.require(Role.CAREGIVER)
    row = sharing.link(session, actor.family_id, share_id)
    if row is None:
        raise NotFound("No such share link in your family.", field="share_id")
    moment = datetime.now(UTC)
    if row.revoked_at is None:
        row.revoked_at = moment
        session.commit()
    return _public(row, moment, [])


def _refuse(
    session: Session, row: sharing.ShareLinkRow, *, what: str, outcome: str, client: str, agent: str
) -> None:
    sharing.log_access(session, row.id, what=what, outcome=outcome, client=client, user_agent=agent)
    session.commit()


def _check_link(
    session: Session,
    token: str,
    *,
    what: str,
    client: str,
    user_agent: str,
    passcode: str | None,
    passcode_ok: bool,
    now: datetime | None,
) -> sharing.ShareLinkRow:
    """The usable link of ``token``; refusals are logged (success is logged by the caller)."""
    row = sharing.link_by_token_hash(session, hash_secret(token)) if token else None
    if row is None:
        raise NotFound(
            "This share link does not exist. Check that the whole link was copied.", field="token"
        )
    moment = now or datetime.now(UTC)
    status = _status(row, moment)
    if status != "active":
        _refuse(session, row, what=what, outcome=status, client=client, agent=user_agent)
        when = (row.revoked_at if status == "revoked" else row.expires_at) or moment
        raise ShareUnavailable(
            f"This share link was {'revoked' if status == 'revoked' else 'valid until'} "
            f"{when:%Y-%m-%d %H:%M} UTC{' by the family' if status == 'revoked' else ''}. "
            "Ask the family for a new link.",
            code=f"share_{status}",
        )
    if row.passcode_hash is not None and not passcode_ok:
        if passcode is None:
            raise PasscodeRequired(
                "This link needs the passcode the family gave you.", code="passcode_required"
            )
        recent = [
            a
            for a in sharing.accesses(session, [row.id])
            if a.outcome == "wrong_passcode" and a.at > moment - timedelta(hours=1)
        ]
        if len(recent) >= MAX_PASSCODE_FAILURES_PER_HOUR:
            raise RateLimited("Too many wrong passcodes for this link; try again in an hour.")
        if not verify_password(row.passcode_hash, passcode):
            _refuse(
                session, row, what=what, outcome="wrong_passcode", client=client, agent=user_agent
            )
            raise PasscodeRequired(
                "That passcode is not right. Please try again.", code="passcode_wrong"
            )
    return row


def _grant(row: sharing.ShareLinkRow) -> ShareGrant:
    return ShareGrant(
        share_id=row.id,
        family_id=row.family_id,
        infant_id=row.infant_id,
        date_from=row.date_from,
        date_to=row.date_to,
        expires_at=row.expires_at,
    )


def open_share(
    session: Session,
    token: str,
    *,
    what: str,
    client: str = "",
    user_agent: str = "",
    passcode: str | None = None,
    passcode_ok: bool = False,
    now: datetime | None = None,
) -> ShareGrant:
    """Check a token (and passcode) and log the access; the grant says what it may open.

    ``passcode_ok`` is for a browser that already gave the right passcode in this session.
    """
    row = _check_link(
        session,
        token,
        what=what,
        client=client,
        user_agent=user_agent,
        passcode=passcode,
        passcode_ok=passcode_ok,
        now=now,
    )
    sharing.log_access(
        session, row.id, what=what, outcome="ok", client=client, user_agent=user_agent
    )
    session.commit()
    return _grant(row)


def open_shared_recording(
    session: Session,
    token: str,
    recording_id: str,
    *,
    what: str,
    client: str = "",
    user_agent: str = "",
    passcode_ok: bool = False,
    now: datetime | None = None,
) -> tuple[ShareGrant, RecordingRow]:
    """Like :func:`open_share` for one recording; outside the link's scope -> NotFound (logged)."""
    row = _check_link(
        session,
        token,
        what=what,
        client=client,
        user_agent=user_agent,
        passcode=None,
        passcode_ok=passcode_ok,
        now=now,
    )
    grant = _grant(row)
    try:
        rec = shared_recording(session, grant, recording_id)
    except NotFound:
        _refuse(session, row, what=what, outcome="not_in_scope", client=client, agent=user_agent)
        raise
    sharing.log_access(
        session, row.id, what=what, outcome="ok", client=client, user_agent=user_agent
    )
    session.commit()
    return grant, rec


def share_id_for_token(session: Session, token: str) -> str | None:
    """The id of the link with this token (no access is logged), or None."""
    row = sharing.link_by_token_hash(session, hash_secret(token)) if token else None
    return row.id if row else None


def shared_report(
    session: Session,
    grant: ShareGrant,
    *,
    timezone: str | None = None,
    emergency_override: str | None = None,
) -> ClinicianReport:
    """The report the link shows (its baby, its range), in the family's time zone by default."""
    data = diary_slice(
        session, grant.family_id, grant.infant_id, date_from=grant.date_from, date_to=grant.date_to
    )
    return report_from_slice(
        data,
        date_from=grant.date_from,
        date_to=grant.date_to,
        timezone=timezone or None,
        emergency_override=emergency_override,
    )


def shared_recording(session: Session, grant: ShareGrant, recording_id: str) -> RecordingRow:
    """A recording the link may show: of its baby, of an episode in its range (days in the
    family's time zone, as the report counts them)."""
    rec = repo.recording(session, grant.family_id, recording_id)
    episode = repo.episode(session, grant.family_id, rec.episode_id) if rec else None
    family = accounts_repo.family(session, grant.family_id)
    zone = ZoneInfo(safe_timezone(family.timezone if family else None))
    if (
        rec is None
        or episode is None
        or episode.infant_id != grant.infant_id
        or not grant.date_from <= episode.started_at.astimezone(zone).date() <= grant.date_to
    ):
        raise NotFound("This share link does not include that recording.", field="recording_id")
    return rec
