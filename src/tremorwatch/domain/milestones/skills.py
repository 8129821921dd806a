"""Reading the caregivers' ticks: loss of skills, skills not yet seen, and triage findings.

A skill ticked ``yes`` and later ``not_yet`` is a **loss of skills** (regression), a red flag
for the triage engine (finding ``loss_of_skills``) and for the clinician report. It is kept even
if the skill is ticked ``yes`` again later (shown as regained): a regression is worth a doctor's
look, and tremorwatch does not reassure about an unknown. ``unsure`` neither proves nor removes a
skill. A skill of a due checkpoint whose latest tick is ``not_yet`` is a milestone concern
(CDC: talk to the child's doctor and "act early"), which is not a triage finding by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from tremorwatch.domain.codes import Finding
from tremorwatch.domain.diary import InfantProfile, MilestoneAnswer, MilestoneAnswerValue
from tremorwatch.domain.milestones.age import checklist_age_months, milestone_age_days
from tremorwatch.domain.milestones.catalogue import Milestone, MilestoneCatalogue, load_catalogue
from tremorwatch.errors import InputError


class SkillLoss(BaseModel):
    """A skill ticked ``yes`` at ``had_at`` and ``not_yet`` at ``lost_at``."""

    model_config = ConfigDict(frozen=True)

    milestone: Milestone
    had_at: datetime
    lost_at: datetime
    regained_at: datetime | None = None


class MilestoneStatus(BaseModel):
    """Everything a report needs about one baby's milestones on one day."""

    model_config = ConfigDict(frozen=True)

    on: date
    milestone_age_days: int
    checklist_age_months: int
    answered: int
    losses: list[SkillLoss]
    not_yet: list[Milestone]
    unsure: list[Milestone]

    @property
    def has_concerns(self) -> bool:
        """True when a skill was lost or a due skill is not seen yet."""
        return bool(self.losses or self.not_yet)


def _in_time_order(answers: Iterable[MilestoneAnswer]) -> list[MilestoneAnswer]:
    ordered = sorted(answers, key=lambda a: a.answered_at)
    infants = {a.infant_id for a in ordered}
    if len(infants) > 1:
        raise InputError(
            f"Milestone answers of one baby were expected; got answers of {len(infants)} babies.",
            field="answers",
        )
    return ordered


def latest_answers(answers: Iterable[MilestoneAnswer]) -> dict[str, MilestoneAnswer]:
    """The most recent answer per milestone id."""
    latest: dict[str, MilestoneAnswer] = {}
    for answer in _in_time_order(answers):
        latest[answer.milestone_id] = answer
    return latest


def detect_skill_losses(
    answers: Iterable[MilestoneAnswer], *, catalogue: MilestoneCatalogue | None = None
) -> list[SkillLoss]:
    """Every skill ticked ``yes`` and later ``not_yet``, in the order the loss was noticed.

    A skill lost twice is listed once, with its first loss (and the last time it was regained,
    if the latest tick is ``yes`` again).
    """
    catalogue = catalogue or load_catalogue()
    had: dict[str, datetime] = {}
    losses: dict[str, SkillLoss] = {}
    for answer in _in_time_order(answers):
        mid = answer.milestone_id
        if answer.answer is MilestoneAnswerValue.YES:
            had.setdefault(mid, answer.answered_at)
            if mid in losses:
                losses[mid] = losses[mid].model_copy(update={"regained_at": answer.answered_at})
        elif answer.answer is MilestoneAnswerValue.NOT_YET and mid in had:
            if mid not in losses:
                losses[mid] = SkillLoss(
                    milestone=catalogue.milestone(mid), had_at=had[mid], lost_at=answer.answered_at
                )
            else:
                losses[mid] = losses[mid].model_copy(update={"regained_at": None})
    return sorted(losses.values(), key=lambda loss: loss.lost_at)


def findings_from_milestones(answers: Iterable[MilestoneAnswer]) -> list[Finding]:
    """Triage findings from the milestone history: ``[loss_of_skills]`` or nothing."""
    return [Finding.LOSS_OF_SKILLS] if detect_skill_losses(answers) else []


def milestone_status(
    profile: InfantProfile,
    answers: Iterable[MilestoneAnswer],
    *,
    on: date,
    catalogue: MilestoneCatalogue | None = None,
) -> MilestoneStatus:
    """Losses, and skills of due checkpoints whose latest tick is ``not_yet`` or ``unsure``.

    Only answers given on or before ``on`` count (a report over a past range shows what was
    known then).
    """
    catalogue = catalogue or load_catalogue()
    known = [a for a in answers if a.answered_at.date() <= on]
    for answer in known:
        if answer.infant_id != profile.id:
            raise InputError(
                f"A milestone answer belongs to baby {answer.infant_id!r}, not {profile.id!r}.",
                field="answers",
            )
    latest = latest_answers(known)
    age_months = checklist_age_months(profile, on)
    not_yet: list[Milestone] = []
    unsure: list[Milestone] = []
    for milestone in catalogue.all_milestones():
        last = latest.get(milestone.id)
        if last is None or milestone.age_months > age_months:
            continue
        if last.answer is MilestoneAnswerValue.NOT_YET:
            not_yet.append(milestone)
        elif last.answer is MilestoneAnswerValue.UNSURE:
            unsure.append(milestone)
    return MilestoneStatus(
        on=on,
        milestone_age_days=milestone_age_days(profile, on),
        checklist_age_months=age_months,
        answered=len(latest),
        losses=detect_skill_losses(known, catalogue=catalogue),
        not_yet=not_yet,
        unsure=unsure,
    )
