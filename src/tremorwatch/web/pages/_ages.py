"""Ages in words for the pages ("6 weeks old, 2 weeks corrected")."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tremorwatch.domain.diary import InfantProfile


def _span(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 7 * 13:
        weeks = days // 7
        return f"{weeks} weeks"
    months = int(days / 30.44)
    if months < 24:
        return f"{months} months"
    return f"{days // 365} years"


def age_text(infant: InfantProfile, on: date | None = None) -> str:
    """The baby's age, and the corrected age for a baby born before 37 weeks."""
    day = on or datetime.now(UTC).date()
    age = infant.age_days(day)
    text = f"{_span(age)} old" if age else "Born today"
    corrected = infant.corrected_age_days(day)
    if corrected != age:
        text += f" ({_span(corrected)} corrected for being born early)"
    return text
