"""Plain words for codes and quantities shown in reports (one place, so HTML and PDF agree)."""

from __future__ import annotations

from enum import StrEnum

from tremorwatch.domain.codes import Disposition

DISPOSITION_LABELS: dict[Disposition, str] = {
    Disposition.EMERGENCY: "Emergency",
    Disposition.SAME_DAY: "Same day",
    Disposition.WITHIN_DAYS: "Within days",
    Disposition.ROUTINE: "Routine",
    Disposition.HOME_CARE: "Home care",
}


def code_label(value: StrEnum | str) -> str:
    """``eye_deviation_or_fixed_stare`` -> ``Eye deviation or fixed stare``."""
    if isinstance(value, Disposition):
        return DISPOSITION_LABELS[value]
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def age_label(days: int) -> str:
    """An age in days as weeks (under 8 weeks) or months and days, e.g. ``4 months 12 days``."""
    if days < 56:
        weeks, rest = divmod(days, 7)
        return f"{weeks} weeks {rest} days" if rest else f"{weeks} weeks"
    months = int(days / 30.4375)
    rest = round(days - months * 30.4375)
    return f"{months} months {rest} days" if rest else f"{months} months"


def duration_label(seconds: float | None) -> str:
    """Seconds as ``45 s`` or ``2 min 5 s``; an em dash when unknown."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
