"""Logged episodes; triage runs on every saved episode.

Public functions (stable)::

    list_episodes(session, actor, infant_id, *, limit=100, cursor=None) -> EpisodePage
    get_episode(session, actor, episode_id) -> EpisodePublic     (entry, latest triage, recordings)
    log_episode(session, actor, infant_id, data: EpisodeCreate | dict) -> EpisodePublic
    update_episode(session, actor, episode_id, data: EpisodeUpdate | dict) -> EpisodePublic
    delete_episode(session, actor, episode_id, *, files=None) -> None
    assessment_for_episode(infant, episode, motion=None) -> Assessment
    motion_facts(analyses) -> dict | None     (the motion summary triage reads)

When an episode is logged or changed, its answers are turned into a
``tremorwatch.assessment/1`` (:func:`assessment_for_episode`), triaged by the engine, and the
result saved as an assessment linked to the episode (the newest one is the episode's triage).
The newest finished analysis that could be judged adds its ``motion`` summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.codes import Answer, Finding
from tremorwatch.domain.diary import EpisodeEntry, InfantProfile
from tremorwatch.domain.milestones import findings_from_milestones
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.errors import NotFound
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.diary import decode_cursor, encode_cursor
from tremorwatch.services.infants import infant_row
from tremorwatch.services.schemas import EpisodeCreate, EpisodePublic, EpisodeUpdate, validate
from tremorwatch.storage import convert, milestone_store
from tremorwatch.storage.files import FileStore
from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow
from tremorwatch.storage.repositories import accounts as accounts_repo
from tremorwatch.storage.repositories import diary as repo

_NOT_FOUND = "No such episode in your family's diary."


def episode_row(session: Session, actor: Actor, episode_id: str) -> EpisodeRow:
    """The family's episode row, or :class:`NotFound` (also for another family's)."""
    row = repo.episode(session, actor.family_id, episode_id)
    if row is None:
        raise NotFound(_NOT_FOUND, field="episode_id")
    return row


def _logged_by_name(session: Session, row: EpisodeRow) -> str | None:
    if row.logged_by is None:
        return None
    user = accounts_repo.user_by_id(session, row.logged_by)
    return user.display_name if user else None


def assessment_for_episode(
    infant: InfantProfile,
    episode: EpisodeEntry,
    motion: dict[str, Any] | None = None,
    *,
    extra_findings: list[Finding] | None = None,
) -> Assessment:
    """The triage engine's input for one logged episode of this baby.

    Age is taken on the day of the episode. "Did not respond normally" becomes the finding
    ``unresponsive_during_episode``; the episode's duration is both typical and longest.
    ``extra_findings`` come from elsewhere in the diary (``loss_of_skills`` from the milestone
    history).
    """
    findings = list(episode.findings)
    if episode.responsive == Answer.NO and Finding.UNRESPONSIVE_DURING_EPISODE not in findings:
        findings.append(Finding.UNRESPONSIVE_DURING_EPISODE)
    findings.extend(f for f in extra_findings or [] if f not in findings)
    data: dict[str, Any] = {
        "infant": {
            "age_days": min(1095, infant.age_days(episode.started_at.date())),
            "gestational_age_weeks": infant.gestational_age_weeks,
            "birth_weight_g": infant.birth_weight_g,
            "sex": infant.sex,
            "history": list(infant.history),
            "vitamin_k_at_birth": infant.vitamin_k_at_birth,
        },
        "episode": {
            "body_parts": list(episode.body_parts),
            "rhythmic": episode.rhythmic,
            "states": list(episode.states),
            "stops_with_gentle_hold": episode.stops_with_gentle_hold,
            "typical_duration_s": episode.duration_s,
            "longest_duration_s": episode.duration_s,
        },
        "findings": findings,
        "vitals": {
            "temperature_c": episode.temperature_c,
            "temperature_site": episode.temperature_site,
        },
    }
    if motion:
        data["motion"] = motion
    return Assessment.model_validate(data)


def motion_facts(analyses: Iterable[dict[str, Any] | None]) -> dict[str, Any] | None:
    """The motion summary for triage from an episode's analyses, oldest first: the newest one
    that could be judged. A clip that could not be judged (too dark, too much camera movement)
    says nothing about the movement, so its "none" must not read as "no movement found"."""
    judged = [a for a in analyses if a and a.get("quality", {}).get("usable", True)]
    if not judged:
        return None
    return {
        "dominant_frequency_hz": judged[-1].get("dominant_frequency_hz"),
        "pattern": judged[-1].get("pattern"),
    }


def milestone_findings(session: Session, family_id: str, infant_id: str) -> list[Finding]:
    """``[loss_of_skills]`` when the milestone history shows a skill ticked yes, later not yet.

    Reads by family id (not by actor) because the background job re-triages with no caller.
    """
    rows = milestone_store.answers(session, family_id, infant_id)
    return findings_from_milestones(milestone_store.to_domain(r) for r in rows)


def run_triage(assessment: Assessment) -> TriageResult:
    """The engine's result (imported lazily: the engine loads its rule files on first use)."""
    from tremorwatch.services.triage import assess

    result: TriageResult = assess(assessment)
    return result


def triage_episode(session: Session, actor: Actor | None, row: EpisodeRow) -> AssessmentRow:
    """Triage ``row`` now (with the newest finished analysis) and add the result (no commit)."""
    infant = convert.infant_profile(repo.infant(session, row.family_id, row.infant_id))  # type: ignore[arg-type]
    motion = motion_facts(
        rec.analysis
        for rec in repo.recordings_of_episode(session, row.family_id, row.id)
        if rec.status == "done"
    )
    assessment = assessment_for_episode(
        infant,
        convert.episode_entry(row),
        motion,
        extra_findings=milestone_findings(session, row.family_id, row.infant_id),
    )
    result = run_triage(assessment)
    saved = AssessmentRow(
        family_id=row.family_id,
        infant_id=row.infant_id,
        episode_id=row.id,
        disposition=result.disposition.value,
        answers=assessment.to_json_dict(),
        result=result.to_json_dict(),
        created_by=actor.user_id if actor else None,
    )
    session.add(saved)
    return saved


def episode_public(session: Session, actor: Actor, row: EpisodeRow) -> EpisodePublic:
    """The episode with its latest triage and its recordings."""
    latest = repo.latest_assessments_of_episodes(session, actor.family_id, [row.id]).get(row.id)
    recordings = repo.recordings_of_episode(session, actor.family_id, row.id)
    return EpisodePublic(
        episode=convert.episode_entry(row, logged_by_name=_logged_by_name(session, row)),
        triage=TriageResult.model_validate(latest.result) if latest else None,
        assessment_id=latest.id if latest else None,
        recordings=[convert.recording_info(r) for r in recordings],
    )


class EpisodePage(BaseModel):
    """One keyset page of a baby's episodes, newest first."""

    items: list[EpisodeEntry]
    next_cursor: str | None = None


def list_episodes(
    session: Session, actor: Actor, infant_id: str, *, limit: int = 100, cursor: str | None = None
) -> EpisodePage:
    """A page of a baby's episodes, newest first (then by id), cut by keyset.

    ``cursor`` is the ``next_cursor`` of the page before (the diary's cursor format: the
    ``(started_at, id)`` of the last entry shown), so an episode written between two pages
    neither shifts the next page (no entry skipped or shown twice, as with an offset) nor
    is lost if it is older than the cursor.
    """
    infant_row(session, actor, infant_id)
    after = decode_cursor(cursor) if cursor else None
    limit = max(1, min(limit, 1000))
    rows = repo.episodes(
        session, actor.family_id, infant_id=infant_id, limit=limit + 1, after=after
    )
    page, more = rows[:limit], len(rows) > limit
    names: dict[str, str | None] = {}
    items = []
    for row in page:
        if row.logged_by and row.logged_by not in names:
            names[row.logged_by] = _logged_by_name(session, row)
        items.append(convert.episode_entry(row, logged_by_name=names.get(row.logged_by or "")))
    last = page[-1] if page else None
    next_cursor = encode_cursor(last.started_at, last.id) if more and last else None
    return EpisodePage(items=items, next_cursor=next_cursor)


def get_episode(session: Session, actor: Actor, episode_id: str) -> EpisodePublic:
    """One episode with its latest triage and recordings."""
    return episode_public(session, actor, episode_row(session, actor, episode_id))


def log_episode(
    session: Session, actor: Actor, infant_id: str, data: EpisodeCreate | dict[str, Any]
) -> EpisodePublic:
    """Log an episode for a baby and triage it (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    form = validate(EpisodeCreate, data)
    infant = infant_row(session, actor, infant_id)
    values = form.model_dump(mode="json")
    values["started_at"] = form.started_at
    row = EpisodeRow(
        family_id=actor.family_id, infant_id=infant.id, logged_by=actor.user_id, **values
    )
    session.add(row)
    try:
        session.flush()
        triage_episode(session, actor, row)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return episode_public(session, actor, row)


def update_episode(
    session: Session, actor: Actor, episode_id: str, data: EpisodeUpdate | dict[str, Any]
) -> EpisodePublic:
    """Change the given fields of an episode and triage it again."""
    actor.require(Role.CAREGIVER)
    form = validate(EpisodeUpdate, data)
    row = episode_row(session, actor, episode_id)
    changes = form.model_dump(mode="json", exclude_unset=True)
    for name, value in changes.items():
        setattr(row, name, value)
    if "started_at" in changes:
        row.started_at = form.started_at
    try:
        session.flush()
        triage_episode(session, actor, row)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return episode_public(session, actor, row)


def delete_episode(
    session: Session, actor: Actor, episode_id: str, *, files: FileStore | None = None
) -> None:
    """Delete an episode with its triage results and videos (owners and caregivers)."""
    actor.require(Role.CAREGIVER)
    row = episode_row(session, actor, episode_id)
    keys = [r.storage_key for r in repo.recordings_of_episode(session, actor.family_id, row.id)]
    session.delete(row)
    session.commit()
    if files is not None:
        for key in keys:
            files.delete(key)
