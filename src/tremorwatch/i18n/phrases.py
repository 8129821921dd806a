"""Translate the phrases the triage engine builds from several data texts.

A possible cause's ``why`` is either a rule's fixed phrase (a data text, translated as it is) or
built from the interview's texts: a question's short name after ``"not yet answered: "``, a
question's answer phrase (``says``), finding labels in lower case joined by ``", "``, or a
number condition such as ``"temperature at least 38 °C"``. Each part is looked up on its own;
a part that is not in the catalogue stays English, so nothing is ever dropped.
"""

from __future__ import annotations

import gettext
import re
from typing import Final

from tremorwatch.i18n import N_

#: Words of the engine's number conditions (``tremorwatch.domain.triage.conditions``).
COMPARISON_WORDS: Final = (N_("under"), N_("at most"), N_("over"), N_("at least"), N_("and"))
NOT_YET_ANSWERED: Final = "not yet answered: "
_NUMBER: Final = re.compile(r"^(?P<label>.+?) (?P<tail>(?:under|at most|over|at least) \d.*)$")
_BOUND: Final = re.compile(
    r"^(?P<word>under|at most|over|at least) (?P<bound>[\d.]+)(?: (?P<unit>.+))?$"
)


def _exact(text: str, catalogue: gettext.NullTranslations) -> str | None:
    found = catalogue.gettext(text)
    return found if found != text else None


def _label(text: str, catalogue: gettext.NullTranslations) -> str | None:
    """A text as it is, or a label the engine wrote in lower case."""
    found = _exact(text, catalogue)
    if found is not None:
        return found
    capital = text[:1].upper() + text[1:]
    found = _exact(capital, catalogue)
    return found.lower() if found is not None else None


def _bounds(tail: str, catalogue: gettext.NullTranslations) -> str | None:
    """``"at least 1 minutes and under 5 minutes"`` translated, or None if it is not that."""
    parts = []
    for piece in tail.split(" and "):
        match = _BOUND.match(piece)
        if match is None:
            return None
        unit = f" {catalogue.gettext(match['unit'])}" if match["unit"] else ""
        parts.append(f"{catalogue.gettext(match['word'])} {match['bound']}{unit}")
    return f" {catalogue.gettext('and')} ".join(parts)


def translate_phrase(text: str, catalogue: gettext.NullTranslations) -> str:
    """``text`` translated whole, else part by part (see the module docstring)."""
    key = " ".join(text.split())
    found = _exact(key, catalogue)
    if found is not None:
        return found
    if key.startswith(NOT_YET_ANSWERED):
        field = key.removeprefix(NOT_YET_ANSWERED)
        return catalogue.gettext("not yet answered: %(question)s") % {
            "question": _label(field, catalogue) or field
        }
    number = _NUMBER.match(key)
    if number:
        bounds = _bounds(number["tail"], catalogue)
        if bounds is not None:
            return f"{_label(number['label'], catalogue) or number['label']} {bounds}"
    if ", " in key:
        parts = key.split(", ")
        translated = [_label(p, catalogue) for p in parts]
        if any(t is not None for t in translated):
            return ", ".join(
                t if t is not None else p for p, t in zip(parts, translated, strict=True)
            )
    if ": " in key:  # "<question>: <answer code>"
        field, _, value = key.partition(": ")
        label = _label(field, catalogue)
        if label is not None:
            return f"{label}: {value.replace('_', ' ')}"
    return _label(key, catalogue) or text
