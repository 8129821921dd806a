"""Translations of caregiver-facing text: gettext catalogues, the current language, negotiation.

One gettext domain, ``messages``, holds every text a caregiver reads: the templates' and the
code's strings (``_("...")``) and the data files' texts (questions, rules, advice, knowledge
pages, milestones, labels), extracted from the YAML by :mod:`tremorwatch.i18n.extract` with the
English text as the message id. The data stay in English; a page translates what it shows with
:func:`translate` (templates: the ``tr`` filter), which falls back to the English text when a
message has no translation. So a rewritten rule or a new question is shown in English until its
translation is added, never lost; ``tests/i18n/test_catalogue_complete.py`` lists what is
missing.

The language of the moment is a context variable: the web app sets it per request (the user's
choice, the ``tw_lang`` cookie, then ``Accept-Language``), the CLI from ``LANG`` / ``LC_ALL``.
Output codes (dispositions, cause ids) are never translated.

Catalogues live in ``locale/<lang>/LC_MESSAGES/messages.po``; a wheel carries the compiled
``messages.mo`` (``hatch_build.py``); without it (an editable install) the ``.po`` is compiled
in memory on first use.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Final

from tremorwatch.errors import RuleSetError

LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
DOMAIN: Final = "messages"
DEFAULT_LANGUAGE: Final = "en"
#: The languages shipped, each named in its own language (for the selector).
LANGUAGES: Final[Mapping[str, str]] = {"en": "English", "es": "Español"}

_current: ContextVar[str] = ContextVar("tremorwatch_language", default=DEFAULT_LANGUAGE)


def normalize(code: str | None) -> str | None:
    """The shipped language for a locale or language tag (``es_ES.UTF-8``, ``es-MX``), or None."""
    if not code:
        return None
    base = code.strip().split(".")[0].split("@")[0].replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def negotiate(accept_language: str | None) -> str | None:
    """The best shipped language for an ``Accept-Language`` header, or None.

    Tags are weighed by their ``q`` value (default 1; ``q=0`` means "not this"); among equal
    weights the first listed wins. ``es-MX`` and ``es`` both give ``es``; ``*`` gives nothing
    (the caller's default applies).
    """
    if not accept_language:
        return None
    weighed: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = normalize(tag)
        if language and weight > 0:
            weighed.append((-weight, position, language))
    return min(weighed)[2] if weighed else None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language for a command-line run: the first of ``LANGUAGE`` (its first entry),
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, as gettext reads them; English when
    that one is not a shipped language (``C``, ``POSIX``, ``fr_FR``)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if name == "LANGUAGE":
            value = value.split(":")[0]
        if value:
            return normalize(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of this request or run (``"en"`` unless set)."""
    return _current.get()


def set_language(language: str) -> None:
    """Make ``language`` (a shipped one, else English) the current language of this context."""
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Run a block in ``language`` (a shipped one, else English)."""
    token = _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def po_path(language: str) -> Path:
    """The catalogue source of ``language``."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(po_file: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file (fuzzy entries left out), via Babel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=po_file.parents[1].name, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@lru_cache(maxsize=8)
def translations(language: str) -> _gettext.NullTranslations:
    """The catalogue of ``language``: the compiled ``.mo`` when it is as new as the ``.po``,
    else the ``.po`` compiled in memory; English (and an unknown language) translate nothing."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return _gettext.NullTranslations()
    po_file = po_path(language)
    mo_file = po_file.with_suffix(".mo")
    try:
        # a wheel installs both; the .mo is stale only when the .po was edited afterwards
        if mo_file.exists() and (
            not po_file.exists() or mo_file.stat().st_mtime + 2 >= po_file.stat().st_mtime
        ):
            with mo_file.open("rb") as handle:
                return _gettext.GNUTranslations(handle)
        return _gettext.GNUTranslations(io.BytesIO(compile_po(po_file)))
    except (OSError, ValueError) as exc:
        raise RuleSetError(f"The {language} catalogue {po_file} cannot be read: {exc}") from None


def gettext(message: str) -> str:
    """``message`` in the current language (itself when untranslated)."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in ``context`` (e.g. a short word that reads differently elsewhere)."""
    return translations(_current.get()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; translate it where it is shown."""
    return message


def translate(text: str | None) -> str:
    """A data file's text (a question, a rule's reason, a knowledge paragraph ...) in the
    current language; the English text when it has no translation.

    White space is compared collapsed, as the loaders clean it. Phrases the engine builds from
    several texts (``"not yet answered: ..."``, lists of findings) are translated part by part
    (:func:`tremorwatch.i18n.phrases.translate_phrase`).
    """
    if not text:
        return text or ""
    if _current.get() == DEFAULT_LANGUAGE:
        return text
    from tremorwatch.i18n.phrases import translate_phrase

    return translate_phrase(text, translations(_current.get()))


def strftime(moment: date, fmt: str) -> str:
    """``moment.strftime(fmt)`` with day and month names (``%a %A %b %B``) in the current
    language (Babel's CLDR names: ``mié 3 dic 2026`` in Spanish); numbers as ``strftime``."""
    language = _current.get()
    if language == DEFAULT_LANGUAGE or not any(t in fmt for t in ("%a", "%A", "%b", "%B")):
        return moment.strftime(fmt)
    from babel.dates import get_day_names, get_month_names

    names = {
        "%a": get_day_names("abbreviated", locale=language)[moment.weekday()],
        "%A": get_day_names("wide", locale=language)[moment.weekday()],
        "%b": get_month_names("abbreviated", locale=language)[moment.month],
        "%B": get_month_names("wide", locale=language)[moment.month],
    }
    out = fmt
    for token, name in names.items():
        out = out.replace(token, name.rstrip(".").replace("%", "%%"))
    return moment.strftime(out)
