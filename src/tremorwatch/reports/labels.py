"""Plain words for codes and quantities shown in reports (one place, so HTML and PDF agree)."""

from __future__ import annotations

from enum import StrEnum

from tremorwatch.domain.codes import Disposition
from tremorwatch.i18n import N_, gettext

DISPOSITION_LABELS: dict[Disposition, str] = {
    Disposition.EMERGENCY: N_("Emergency"),
    Disposition.SAME_DAY: N_("Same day"),
    Disposition.WITHIN_DAYS: N_("Within days"),
    Disposition.ROUTINE: N_("Routine"),
    Disposition.HOME_CARE: N_("Home care"),
}


def code_label(value: StrEnum | str) -> str:
    """``eye_deviation_or_fixed_stare`` -> ``Eye deviation or fixed stare``."""
    if isinstance(value, Disposition):
        return gettext(DISPOSITION_LABELS[value])
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def age_label(days: int) -> str:
    """An age in days as weeks (under 8 weeks) or months and days, e.g. ``4 months 12 days``."""
    if days < 56:
        weeks, rest = divmod(days, 7)
        if rest:
            return gettext("%(weeks)s weeks %(days)s days") % {"weeks": weeks, "days": rest}
        return gettext("%(weeks)s weeks") % {"weeks": weeks}
    months = int(days / 30.4375)
    rest = round(days - months * 30.4375)
    if rest:
        return gettext("%(months)s months %(days)s days") % {"months": months, "days": rest}
    return gettext("%(months)s months") % {"months": months}


def duration_label(seconds: float | None) -> str:
    """Seconds as ``45 s`` or ``2 min 5 s``; an em dash when unknown."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
