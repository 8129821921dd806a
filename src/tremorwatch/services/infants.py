"""Babies in a family's diary.

Public functions (stable)::

    list_infants(session, actor) -> list[InfantProfile]
    get_infant(session, actor, infant_id) -> InfantProfile          NotFound for another family
    add_infant(session, actor, data: InfantCreate | dict) -> InfantProfile     (caregiver+)
    update_infant(session, actor, infant_id, data: InfantUpdate | dict) -> InfantProfile
    delete_infant(session, actor, infant_id, *, files=None) -> None  (owner; removes videos too)
    infant_public(profile, on=None) -> InfantPublic                  with ages in days
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from tremorwatch.domain.diary import InfantProfile
from tremorwatch.errors import NotFound
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.schemas import InfantCreate, InfantPublic, InfantUpdate, validate
from tremorwatch.storage import convert
from tremorwatch.storage.files import FileStore
from tremorwatch.storage.models_diary import InfantRow
from tremorwatch.storage.repositories import diary as repo

_NOT_FOUND = "No such baby in your family's diary."


def infant_row(session: Session, actor: Actor, infant_id: str) -> InfantRow:
    """The actor's family's infant row, or :class:`NotFound` (also for another family's).

    By primary key, so a row this session has already loaded is not read again (the diary
    page checks the baby in each service it calls); the family is compared every time.
    """
    row = session.get(InfantRow, infant_id)
    if row is None or row.family_id != actor.family_id:
        raise NotFound(_NOT_FOUND, field="infant_id")
    return row


def list_infants(session: Session, actor: Actor) -> list[InfantProfile]:
    """The family's babies in the order they were added."""
    return [convert.infant_profile(row) for row in repo.infants(session, actor.family_id)]


def profile_of(row: InfantRow) -> InfantProfile:
    """An infant row read by :func:`infant_row` as its profile."""
    return convert.infant_profile(row)


def get_infant(session: Session, actor: Actor, infant_id: str) -> InfantProfile:
    """One of the family's babies."""
    return convert.infant_profile(infant_row(session, actor, infant_id))


def add_infant(
    session: Session, actor: Actor, data: InfantCreate | dict[str, Any]
) -> InfantProfile:
    """Add a baby to the family's diary (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    form = validate(InfantCreate, data)
    row = InfantRow(family_id=actor.family_id, **form.model_dump(mode="json"))
    row.date_of_birth = form.date_of_birth
    session.add(row)
    session.commit()
    return convert.infant_profile(row)


def update_infant(
    session: Session, actor: Actor, infant_id: str, data: InfantUpdate | dict[str, Any]
) -> InfantProfile:
    """Change the given fields of a baby (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    form = validate(InfantUpdate, data)
    row = infant_row(session, actor, infant_id)
    changes = form.model_dump(mode="json", exclude_unset=True)
    for name, value in changes.items():
        setattr(row, name, value)
    if "date_of_birth" in changes:
        row.date_of_birth = form.date_of_birth
    session.commit()
    return convert.infant_profile(row)


def delete_infant(
    session: Session, actor: Actor, infant_id: str, *, files: FileStore | None = None
) -> None:
    """Delete a baby with all episodes, assessments and videos (owners only)."""
    actor.require(Role.OWNER)
    row = infant_row(session, actor, infant_id)
    keys = [
        rec.storage_key
        for ep in repo.episodes(session, actor.family_id, infant_id=row.id)
        for rec in repo.recordings_of_episode(session, actor.family_id, ep.id)
    ]
    session.delete(row)
    session.commit()
    if files is not None:
        for key in keys:
            files.delete(key)


def infant_public(profile: InfantProfile, on: date | None = None) -> InfantPublic:
    """The profile with chronological and corrected age in days on ``on`` (today, UTC)."""
    day = on or datetime.now(UTC).date()
    return InfantPublic(
        infant=profile,
        age_days=profile.age_days(day),
        corrected_age_days=profile.corrected_age_days(day),
    )
