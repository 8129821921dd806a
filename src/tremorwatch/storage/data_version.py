"""The family's data version: one number that changes whenever the family's diary changes.

``families.data_version`` is raised by one in the same transaction as every flush that adds,
changes or deletes a row belonging to the family in :data:`FAMILY_DATA` (or the family row
itself), by a session event installed on every session factory
(:func:`install_data_version`). Writes made with Core ``update()``/``delete()`` statements
bypass the event and call :func:`bump` themselves.

Why a counter in the database: the web layer uses it as the validator of HTTP caching (ETag,
RFC 9110 section 8.8.3), and a validator must change whenever the representation may change,
in every process that serves it. A per-process cache or clock cannot promise that; a row
written in the same transaction as the data it describes can. The version is read before the
data, so a write in between can only make a response look older than it is (one extra full
answer later), never let a changed page be answered with 304 Not Modified.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from tremorwatch.storage.milestone_store import MilestoneAnswerRow
from tremorwatch.storage.models_accounts import FamilyRow, MembershipRow
from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow
from tremorwatch.storage.sharing import ShareLinkRow

#: Rows whose change changes what the family's pages and API answers show. Not here: API
#: tokens (``last_used_at`` is touched on use), login failures, idempotency keys, share
#: accesses (an audit log the diary does not show).
FAMILY_DATA: tuple[type[Any], ...] = (
    InfantRow,
    EpisodeRow,
    RecordingRow,
    AssessmentRow,
    MilestoneAnswerRow,
    ShareLinkRow,
    MembershipRow,
)


def bump(session: Session, family_ids: Iterable[str]) -> None:
    """Raise the data version of these families (in the session's transaction)."""
    ids = sorted({f for f in family_ids if f})  # one order: no deadlock between two writers
    if ids:
        session.connection().execute(
            update(FamilyRow)
            .where(FamilyRow.id.in_(ids))
            .values(data_version=FamilyRow.data_version + 1)
            .execution_options(synchronize_session=False)
        )


def _changed_families(session: Session) -> set[str]:
    families: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, (FamilyRow, *FAMILY_DATA)):
            # the loaded value (no query: a deleted row cannot be read back any more)
            column = "id" if isinstance(obj, FamilyRow) else "family_id"
            family_id = inspect(obj).dict.get(column)
            if family_id is None and obj not in session.deleted:
                family_id = getattr(obj, column)
            if family_id:
                families.add(str(family_id))
    return families


def _after_flush(session: Session, _context: Any) -> None:
    bump(session, _changed_families(session))


def install_data_version(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Keep ``families.data_version`` up to date in every session of ``factory``."""
    if not event.contains(factory, "after_flush", _after_flush):
        event.listen(factory, "after_flush", _after_flush)
    return factory


def data_version(session: Session, family_id: str) -> int:
    """The family's current data version (0 for an unknown family)."""
    value = session.scalar(select(FamilyRow.data_version).where(FamilyRow.id == family_id))
    return int(value or 0)
