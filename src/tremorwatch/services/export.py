"""Exports (FHIR, CSV, the full family JSON) and the import of a family JSON export.

Public functions (stable)::

    find_infant(session, name_or_id) -> (Actor, InfantProfile)     command-line lookup
    export_fhir(session, actor, infant_id, *, date_from=None, date_to=None, base_url=None) -> dict
    export_csv(session, actor, infant_id, *, date_from=None, date_to=None) -> str
    export_family(session, actor, files, *, include_files=True) -> FamilyExport
    import_family(session, files, data) -> ImportSummary
    delete_family(session, actor, files) -> int                    (owner; returns files removed)

The command line has no sign-in: whoever can read the database is its operator, so
:func:`find_infant` returns an owner-level :class:`Actor` (``via="cli"``) of the baby's family.
A family import keeps every id and timestamp, so it needs an instance where they are free
(an empty one); members with an account are linked by e-mail, the others get an invitation.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tremorwatch import __version__
from tremorwatch.errors import Conflict, InputError, NotFound
from tremorwatch.export.csv_episodes import episodes_csv
from tremorwatch.export.family_json import (
    AssessmentExport,
    EpisodeExport,
    FamilyExport,
    InfantExport,
    MemberExport,
    RecordingExport,
    parse_family_export,
)
from tremorwatch.services.accounts import hash_secret
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.place import safe_timezone
from tremorwatch.services.reports import diary_slice
from tremorwatch.storage import milestone_store
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.files import FileStore
from tremorwatch.storage.models_accounts import FamilyRow, InvitationRow, MembershipRow
from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow
from tremorwatch.storage.repositories import accounts as accounts_repo
from tremorwatch.storage.repositories import diary as repo

#: Days an invitation made by an import stays valid.
IMPORT_INVITATION_DAYS = 30


def find_infant(session: Session, name_or_id: str) -> tuple[Actor, Any]:
    """The baby with this id, or the only baby with this name (case-insensitive)."""
    from tremorwatch.storage import convert

    row = session.get(InfantRow, name_or_id)
    if row is None:
        matches = list(
            session.scalars(select(InfantRow).where(InfantRow.name.ilike(name_or_id.strip())))
        )
        if not matches:
            raise NotFound(
                f"No baby has the id or name {name_or_id!r}. List babies in the web app, or "
                "give the id shown on the baby's page.",
                field="infant",
            )
        if len(matches) > 1:
            ids = ", ".join(m.id for m in matches)
            raise InputError(
                f"{len(matches)} babies are called {name_or_id!r}; give the id instead ({ids}).",
                field="infant",
            )
        row = matches[0]
    actor = Actor(
        user_id="",
        family_id=row.family_id,
        role=Role.OWNER,
        email="",
        display_name="command line",
        via="cli",
    )
    return actor, convert.infant_profile(row)


def export_fhir(
    session: Session,
    actor: Actor,
    infant_id: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    base_url: str | None = None,
) -> dict[str, Any]:
    """The baby's FHIR R4 Bundle (validated); ``base_url`` (the instance's public address)
    makes the videos' URLs absolute."""
    from tremorwatch.export.fhir import build_bundle

    data = diary_slice(session, actor.family_id, infant_id, date_from=date_from, date_to=date_to)
    return build_bundle(
        data.profile,
        episodes=data.episodes,
        recordings=data.recordings,
        assessments=data.assessments,
        milestone_answers=data.milestone_answers,
        date_from=date_from,
        date_to=date_to,
        base_url=base_url,
    )


def export_csv(
    session: Session,
    actor: Actor,
    infant_id: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> str:
    """The baby's episodes table as CSV."""
    data = diary_slice(session, actor.family_id, infant_id, date_from=date_from, date_to=date_to)
    zone = ZoneInfo(safe_timezone(data.family_timezone))
    episodes = [
        e
        for e in data.episodes
        if (date_from is None or e.started_at.astimezone(zone).date() >= date_from)
        and (date_to is None or e.started_at.astimezone(zone).date() <= date_to)
    ]
    return episodes_csv(episodes, data.recordings, timezone=zone.key)


def _email(session: Session, user_id: str | None, cache: dict[str, str | None]) -> str | None:
    if user_id is None:
        return None
    if user_id not in cache:
        user = accounts_repo.user_by_id(session, user_id)
        cache[user_id] = user.email if user else None
    return cache[user_id]


def export_family(
    session: Session, actor: Actor, files: FileStore, *, include_files: bool = True
) -> FamilyExport:
    """The whole family (members, babies, diary, optionally the videos) as one document."""
    family = session.get(FamilyRow, actor.family_id)
    if family is None:
        raise NotFound("No such family.")
    emails: dict[str, str | None] = {}
    members = [
        MemberExport(email=u.email, display_name=u.display_name, role=m.role)
        for m, u in accounts_repo.family_members(session, family.id)
    ]
    infants = []
    for row in repo.infants(session, family.id):
        data = diary_slice(session, family.id, row.id)
        episode_rows = {e.id: e for e in repo.episodes(session, family.id, infant_id=row.id)}
        rec_rows = {
            r.id: r for r in repo.recordings_of_episodes(session, family.id, list(episode_rows))
        }
        ass_rows = {a.id: a for a in repo.assessments(session, family.id, infant_id=row.id)}
        recordings = []
        for rec in data.recordings:
            rec_row = rec_rows[rec.id]
            content = None
            if include_files:
                content = base64.b64encode(
                    b"".join(files.open_chunks(rec_row.storage_key))
                ).decode()
            recordings.append(
                RecordingExport(
                    **dict(rec),
                    kind=rec_row.kind,
                    uploaded_by_email=_email(session, rec_row.uploaded_by, emails),
                    content_base64=content,
                )
            )
        infants.append(
            InfantExport(
                profile=data.profile,
                created_at=row.created_at,
                episodes=[
                    EpisodeExport(
                        **dict(e),
                        logged_by_email=_email(session, episode_rows[e.id].logged_by, emails),
                    )
                    for e in data.episodes
                ],
                recordings=recordings,
                assessments=[
                    AssessmentExport(
                        **dict(a),
                        created_by_email=_email(session, ass_rows[a.id].created_by, emails),
                    )
                    for a in data.assessments
                ],
                milestone_answers=sorted(
                    data.milestone_answers, key=lambda m: (m.answered_at, m.milestone_id, m.answer)
                ),
            )
        )
    return FamilyExport(
        exported_at=utcnow(),
        tremorwatch_version=__version__,
        family_id=family.id,
        family_name=family.name,
        members=members,
        infants=infants,
        includes_files=include_files,
    )


class ImportSummary(BaseModel):
    family_id: str
    infants: int
    episodes: int
    recordings: int
    recordings_without_file: int
    assessments: int
    milestone_answers: int
    linked_members: list[str]
    invitations: dict[str, str]


def _check_free(session: Session, doc: FamilyExport) -> None:
    taken: list[str] = []
    checks: list[tuple[type[Any], list[str]]] = [
        (FamilyRow, [doc.family_id]),
        (InfantRow, [i.profile.id for i in doc.infants]),
        (EpisodeRow, [e.id for i in doc.infants for e in i.episodes]),
        (RecordingRow, [r.id for i in doc.infants for r in i.recordings]),
        (AssessmentRow, [a.id for i in doc.infants for a in i.assessments]),
    ]
    for model, ids in checks:
        for chunk in _chunks(ids, 500):
            taken.extend(session.scalars(select(model.id).where(model.id.in_(chunk))))
    if taken:
        raise Conflict(
            f"This instance already holds {len(taken)} of the export's records (e.g. {taken[0]}); "
            "a family export is imported into an empty tremorwatch, or after deleting the family.",
            field="file",
        )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_family(
    session: Session, files: FileStore, data: str | bytes | dict[str, Any]
) -> ImportSummary:
    """Rebuild a family from its JSON export, keeping ids and timestamps; all or nothing."""
    doc = parse_family_export(data)
    _check_free(session, doc)
    users = {m.email: accounts_repo.user_by_email(session, m.email) for m in doc.members}
    user_id = {email: (u.id if u else None) for email, u in users.items()}
    saved_keys: list[str] = []
    summary = ImportSummary(
        family_id=doc.family_id,
        infants=0,
        episodes=0,
        recordings=0,
        recordings_without_file=0,
        assessments=0,
        milestone_answers=0,
        linked_members=[],
        invitations={},
    )
    try:
        session.add(FamilyRow(id=doc.family_id, name=doc.family_name))
        session.flush()
        for member in doc.members:
            uid = user_id[member.email]
            if uid is not None:
                session.add(MembershipRow(family_id=doc.family_id, user_id=uid, role=member.role))
                summary.linked_members.append(member.email)
            else:
                code = secrets.token_urlsafe(32)
                session.add(
                    InvitationRow(
                        family_id=doc.family_id,
                        email=member.email,
                        role=member.role,
                        token_hash=hash_secret(code),
                        expires_at=utcnow() + timedelta(days=IMPORT_INVITATION_DAYS),
                    )
                )
                summary.invitations[member.email] = code
        for infant in doc.infants:
            _import_infant(
                session,
                files,
                family_id=doc.family_id,
                infant=infant,
                user_id=user_id,
                saved_keys=saved_keys,
                summary=summary,
            )
        session.commit()
    except Exception:
        session.rollback()
        for key in saved_keys:
            files.delete(key)
        raise
    return summary


def _import_infant(
    session: Session,
    files: FileStore,
    *,
    family_id: str,
    infant: InfantExport,
    user_id: dict[str, str | None],
    saved_keys: list[str],
    summary: ImportSummary,
) -> None:
    p = infant.profile
    row = InfantRow(
        id=p.id,
        family_id=family_id,
        name=p.name,
        date_of_birth=p.date_of_birth,
        gestational_age_weeks=p.gestational_age_weeks,
        birth_weight_g=p.birth_weight_g,
        sex=p.sex.value if p.sex else None,
        history=[h.value for h in p.history],
        vitamin_k_at_birth=p.vitamin_k_at_birth.value if p.vitamin_k_at_birth else None,
    )
    if infant.created_at is not None:
        row.created_at = infant.created_at
    session.add(row)
    session.flush()
    summary.infants += 1
    for e in infant.episodes:
        ep = EpisodeRow(
            id=e.id,
            family_id=family_id,
            infant_id=p.id,
            started_at=e.started_at,
            duration_s=e.duration_s,
            body_parts=[b.value for b in e.body_parts],
            states=[s.value for s in e.states],
            triggers=e.triggers,
            stops_with_gentle_hold=e.stops_with_gentle_hold,
            rhythmic=e.rhythmic,
            responsive=e.responsive,
            findings=[f.value for f in e.findings],
            temperature_c=e.temperature_c,
            temperature_site=e.temperature_site,
            notes=e.notes,
            logged_by=user_id.get(e.logged_by_email or ""),
        )
        if e.created_at is not None:
            ep.created_at = e.created_at
        session.add(ep)
        summary.episodes += 1
    session.flush()
    for r in infant.recordings:
        content = r.content()
        if content is not None:
            stored = files.save_stream(iter([content]))
            saved_keys.append(stored.key)
            key = stored.key
        else:
            key = f"missing/{r.id}"
            summary.recordings_without_file += 1
        session.add(
            RecordingRow(
                id=r.id,
                family_id=family_id,
                episode_id=r.episode_id,
                filename=r.filename,
                content_type=r.content_type,
                kind=r.kind,
                size_bytes=r.size_bytes,
                sha256=r.sha256,
                storage_key=key,
                status=r.status.value,
                progress=r.progress,
                error=r.error,
                analysis=r.analysis.to_json_dict() if r.analysis else None,
                created_at=r.created_at,
                uploaded_by=user_id.get(r.uploaded_by_email or ""),
            )
        )
        summary.recordings += 1
    for a in infant.assessments:
        session.add(
            AssessmentRow(
                id=a.id,
                family_id=family_id,
                infant_id=p.id,
                episode_id=a.episode_id,
                disposition=a.result.disposition.value,
                answers=a.assessment.model_dump(mode="json", by_alias=True, exclude_unset=True),
                result=a.result.to_json_dict(),
                created_at=a.created_at,
                created_by=user_id.get(a.created_by_email or ""),
            )
        )
        summary.assessments += 1
    for m in infant.milestone_answers:
        session.add(
            milestone_store.MilestoneAnswerRow(
                family_id=family_id,
                infant_id=p.id,
                milestone_id=m.milestone_id,
                answer=m.answer.value,
                answered_at=m.answered_at,
                answered_by_name=m.answered_by,
            )
        )
        summary.milestone_answers += 1
    session.flush()


def delete_family(session: Session, actor: Actor, files: FileStore) -> int:
    """Delete the actor's family with all its data and videos (owners only).

    The database removes every row of the family by its ``ON DELETE CASCADE`` keys (babies,
    episodes, recordings, assessments, milestone answers, share links and their log,
    memberships, invitations, API tokens); the caregivers' accounts stay (they may belong to
    other families). The video files are removed after the rows are gone. Returns the number of
    files removed.
    """
    actor.require(Role.OWNER)
    family = session.get(FamilyRow, actor.family_id)
    if family is None:
        raise NotFound("No such family.")
    keys = list(
        session.scalars(select(RecordingRow.storage_key).where(RecordingRow.family_id == family.id))
    )
    session.delete(family)
    session.commit()
    removed = 0
    for key in keys:
        if not key.startswith("missing/"):
            files.delete(key)
            removed += 1
    return removed
