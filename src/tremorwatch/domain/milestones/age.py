"""Which checklist is due: by corrected age for babies born before 37 weeks.

CDC advises using corrected age for children born preterm until 2 years of age (chronological
age in months minus the weeks born early). A checklist is "due" once the baby's (corrected) age
reaches its checkpoint; the one to fill in now is the latest checkpoint reached, or the 2-month
checklist for a younger baby.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from tremorwatch.domain.diary import InfantProfile
from tremorwatch.domain.milestones.catalogue import CHECKPOINT_AGES_MONTHS

#: Mean days per month (365.25 / 12), to turn ages in days into months.
DAYS_PER_MONTH: Final = 30.4375
#: Corrected age is used until this chronological age (months), as CDC advises.
CORRECT_UNTIL_MONTHS: Final = 24


def months_from_days(days: float) -> float:
    """An age in days as months (mean month of 30.4375 days)."""
    return days / DAYS_PER_MONTH


def milestone_age_days(profile: InfantProfile, on: date) -> int:
    """The age (days) that milestones are judged by on ``on``.

    Corrected age for babies born before 37 weeks while they are under 24 months old
    (chronologically); chronological age otherwise.
    """
    chronological = profile.age_days(on)
    if months_from_days(chronological) >= CORRECT_UNTIL_MONTHS:
        return chronological
    return profile.corrected_age_days(on)


def due_checkpoints(profile: InfantProfile, on: date) -> list[int]:
    """Checkpoint ages (months) that the baby has reached by ``on``, youngest first."""
    months = months_from_days(milestone_age_days(profile, on))
    return [age for age in CHECKPOINT_AGES_MONTHS if age <= months]


def checklist_age_months(profile: InfantProfile, on: date) -> int:
    """The checkpoint whose checklist to fill in on ``on`` (2 for a baby under 2 months)."""
    due = due_checkpoints(profile, on)
    return due[-1] if due else CHECKPOINT_AGES_MONTHS[0]


#: A checklist is shown as due from this many days before its checkpoint age (well-child
#: visits are booked around the birthday-month, not on it).
DUE_EARLY_DAYS: Final = 14


def checklist_due(profile: InfantProfile, on: date, age_months: int) -> tuple[bool, date]:
    """Whether the checklist of ``age_months`` is due on ``on``, and the day it becomes due.

    Due from :data:`DUE_EARLY_DAYS` before the baby's (corrected) age reaches the checkpoint;
    a 3-week-old is not due for the 2-month checklist (it becomes due at about 6-7 weeks, later
    for a baby born early).
    """
    from datetime import timedelta
    from math import ceil

    age_days = milestone_age_days(profile, on)
    due_at_days = age_months * DAYS_PER_MONTH - DUE_EARLY_DAYS
    if age_days >= due_at_days:
        return True, on
    return False, on + timedelta(days=ceil(due_at_days - age_days))
