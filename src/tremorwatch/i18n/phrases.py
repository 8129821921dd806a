"""Translate the phrases the triage engine builds from several data texts.

A possible cause's ``why`` is either a rule's fixed phrase (a data text, translated as it is) or
built from the interview's texts: a question's short name after ``"not yet answered: "``,
readable codes of a list answer (``"awake calm"``), a
question's answer phrase (``says``), finding labels in lower case joined by ``", "``, or a
number condition such as ``"temperature at least 38 °C"``. A next question's text is its
``why`` and ``"How to check: "`` its help. A data text with ``{name}`` slots that the engine
fills in (``"about {percent} chance ... {causes}"``) is matched as a pattern; its translation
gets the filled-in parts, each translated in turn. Each part is looked up on its own;
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
HOW_TO_CHECK: Final = " How to check: "
_NUMBER: Final = re.compile(r"^(?P<label>.+?) (?P<tail>(?:under|at most|over|at least) \d.*)$")
_BOUND: Final = re.compile(
    r"^(?P<word>under|at most|over|at least) (?P<bound>[\d.]+)(?: (?P<unit>.+))?$"
)


def _exact(text: str, catalogue: gettext.NullTranslations) -> str | None:
    found = catalogue.gettext(text)
    return found if found != text else None


_LOWER_INDEX: dict[int, dict[str, str]] = {}
_TEMPLATES: dict[int, list[tuple[re.Pattern[str], str]]] = {}
_SLOT: Final = re.compile(r"\{(\w+)\}")


def _templates(catalogue: gettext.NullTranslations) -> list[tuple[re.Pattern[str], str]]:
    """Data texts with ``{name}`` slots that the engine fills in (``"... {percent} chance ..."``)
    as patterns matching the filled-in English text, longest first, with their translation."""
    found = _TEMPLATES.get(id(catalogue))
    if found is None:
        found = []
        for key, value in getattr(catalogue, "_catalog", {}).items():
            if not isinstance(key, str) or not isinstance(value, str) or "{" not in key:
                continue
            names = _SLOT.findall(key)
            if not names or len(set(names)) != len(names):
                continue
            pattern = "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part)
                for i, part in enumerate(_SLOT.split(key))
            )
            found.append((re.compile(f"^{pattern}$", re.DOTALL), value))
        found.sort(key=lambda item: -len(item[0].pattern))
        _TEMPLATES[id(catalogue)] = found
    return found


def _filled_template(text: str, catalogue: gettext.NullTranslations) -> str | None:
    """``text`` as a translated template with its filled-in parts translated too, or None."""
    for pattern, translation in _templates(catalogue):
        match = pattern.match(text)
        if match is None:
            continue
        parts = {k: translate_phrase(v, catalogue) for k, v in match.groupdict().items()}
        out = translation
        for name, value in parts.items():
            out = out.replace("{" + name + "}", value)
        return out
    return None


def _lower_index(catalogue: gettext.NullTranslations) -> dict[str, str]:
    """Lower-cased message id -> translation (the engine lower-cases finding labels)."""
    index = _LOWER_INDEX.get(id(catalogue))
    if index is None:
        messages = getattr(catalogue, "_catalog", {})
        index = {
            key.lower(): value
            for key, value in messages.items()
            if isinstance(key, str) and key and isinstance(value, str)
        }
        _LOWER_INDEX[id(catalogue)] = index
    return index


def _label(text: str, catalogue: gettext.NullTranslations) -> str | None:
    """A text as it is, or a label the engine wrote in lower case (then its first letter too)."""
    found = _exact(text, catalogue)
    if found is not None:
        return found
    found = _lower_index(catalogue).get(text.lower())
    return found[:1].lower() + found[1:] if found is not None else None


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
    if HOW_TO_CHECK in key:  # a next question: "<why> How to check: <help>"
        why, _, help_text = key.partition(HOW_TO_CHECK)
        how = catalogue.gettext("How to check: %(help)s") % {
            "help": translate_phrase(help_text, catalogue)
        }
        return f"{translate_phrase(why, catalogue)} {how}"
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
    filled = _filled_template(key, catalogue)
    if filled is not None:
        return filled
    if ": " in key:  # "<question>: <answer code>"
        field, _, value = key.partition(": ")
        label = _label(field, catalogue)
        if label is not None:
            return f"{label}: {value.replace('_', ' ')}"
    return _label(key, catalogue) or text
