"""Ages in words for the pages ("6 weeks old, 2 weeks corrected")."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tremorwatch.domain.diary import InfantProfile
from tremorwatch.i18n import gettext as _
from tremorwatch.i18n import ngettext


def _span(days: int) -> str:
    if days < 14:
        return ngettext("%(num)d day", "%(num)d days", days) % {"num": days}
    if days < 7 * 13:
        weeks = days // 7
        return ngettext("%(num)d week", "%(num)d weeks", weeks) % {"num": weeks}
    months = int(days / 30.44)
    if months < 24:
        return ngettext("%(num)d month", "%(num)d months", months) % {"num": months}
    years = days // 365
    return ngettext("%(num)d year", "%(num)d years", years) % {"num": years}


def age_text(infant: InfantProfile, on: date | None = None) -> str:
    """The baby's age, and the corrected age for a baby born before 37 weeks."""
    day = on or datetime.now(UTC).date()
    age = infant.age_days(day)
    text = _("%(age)s old") % {"age": _span(age)} if age else _("Born today")
    corrected = infant.corrected_age_days(day)
    if corrected != age:
        text += " (" + _("%(age)s corrected for being born early") % {"age": _span(corrected)} + ")"
    return text
