"""Where a family lives: its country's emergency numbers, its time zone, its temperature unit.

* :func:`load_countries` reads ``countries.yaml`` (validated on load; a broken row fails loudly
  with :class:`~tremorwatch.errors.RuleSetError`), one :class:`Country` per ISO 3166-1 code.
* :func:`country_from_accept_language` picks the country from a browser's ``Accept-Language``
  header (``es-ES,es;q=0.9`` -> ``ES``); only a region tag names a country, a bare language
  (``es``) does not, since Spanish is spoken in twenty countries with different numbers.
* :func:`check_timezone` accepts IANA names (``Europe/Madrid``) known to :mod:`zoneinfo`.
* :func:`celsius_to_fahrenheit` / :func:`fahrenheit_to_celsius` convert temperatures.

Pure: stdlib, PyYAML and pydantic only.
"""

from __future__ import annotations

import re
import zoneinfo
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tremorwatch._checks import pydantic_error_to_input_error
from tremorwatch.errors import InputError, RuleSetError

COUNTRIES_FILE: Final = "countries.yaml"
#: The country assumed when nothing else tells (no account, no region in the browser).
FALLBACK_COUNTRY: Final = "US"

_NUMBER = r"^[0-9#*][0-9 #*]{1,15}$"


class TemperatureUnit(StrEnum):
    """How temperatures are entered and shown: degrees Celsius or Fahrenheit."""

    CELSIUS = "C"
    FAHRENHEIT = "F"

    @property
    def symbol(self) -> str:
        """``°C`` or ``°F``."""
        return f"°{self.value}"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AdviceLine(_Frozen):
    """A national non-urgent health advice line (nurse or on-call doctor by telephone)."""

    name: str = Field(min_length=1, max_length=60)
    number: str = Field(pattern=_NUMBER)


class Country(_Frozen):
    """One country's numbers, with where they were checked."""

    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    name: str = Field(min_length=2, max_length=60)
    emergency: str = Field(pattern=_NUMBER, description="Number for an ambulance, now.")
    also: str | None = Field(default=None, pattern=_NUMBER, description="Another that works.")
    advice: AdviceLine | None = None
    temperature: Literal["C", "F"] = "C"
    source: str = Field(pattern=r"^https?://")

    @property
    def temperature_unit(self) -> TemperatureUnit:
        """The unit thermometers in this country usually show."""
        return TemperatureUnit(self.temperature)

    @property
    def tel(self) -> str:
        """The emergency number for a ``tel:`` link (spaces removed)."""
        return self.emergency.replace(" ", "")


class CountryTable(_Frozen):
    schema_: Literal["tremorwatch.countries/1"] = Field(alias="schema")
    source: str
    countries: list[Country] = Field(min_length=1)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def get(self, code: str | None) -> Country | None:
        """The country of ``code`` (any case), or None."""
        if not code:
            return None
        return self._by_code().get(code.strip().upper())

    def require(self, code: str) -> Country:
        """The country of ``code``; InputError (field ``country``) when it is not listed."""
        found = self.get(code)
        if found is None:
            raise InputError(
                f"Choose your country from the list; {code!r} is not one tremorwatch knows the "
                "emergency number of yet.",
                field="country",
            )
        return found

    def sorted_by_name(self) -> list[Country]:
        return sorted(self.countries, key=lambda c: c.name)

    def _by_code(self) -> dict[str, Country]:
        return {c.code: c for c in self.countries}


def parse_countries(text: str, *, name: str = COUNTRIES_FILE) -> CountryTable:
    """Validate the YAML text of a country table; RuleSetError names the file and the row."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleSetError(f"Country file {name} is not valid YAML: {exc}") from None
    try:
        table = CountryTable.model_validate(raw)
    except ValidationError as exc:
        problem = pydantic_error_to_input_error(exc).message
        raise RuleSetError(f"Country file {name} is invalid: {problem}") from None
    seen: set[str] = set()
    for country in table.countries:
        if country.code in seen:
            raise RuleSetError(f"Country file {name} lists {country.code} twice.")
        seen.add(country.code)
    if FALLBACK_COUNTRY not in seen:
        raise RuleSetError(f"Country file {name} must list the fallback {FALLBACK_COUNTRY}.")
    return table


@lru_cache(maxsize=1)
def load_countries() -> CountryTable:
    """The packaged country table (validated; cached)."""
    text = (
        resources.files("tremorwatch.domain.locale")
        .joinpath(COUNTRIES_FILE)
        .read_text(encoding="utf-8")
    )
    return parse_countries(text)


_LANGUAGE_RANGE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


def country_from_accept_language(header: str | None) -> str | None:
    """The first listed country named by a region in ``Accept-Language``, or None.

    Ranges are taken by their ``q`` weight (highest first, ties in order). ``en-GB`` gives
    ``GB``; ``zh-Hant-HK`` gives ``HK``; ``es`` or ``*`` give nothing. Only countries in the
    table are returned.
    """
    if not header:
        return None
    table = load_countries()
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and _LANGUAGE_RANGE.match(tag.strip()):
            ranked.append((-weight, index, tag.strip()))
    for _, _, tag in sorted(ranked):
        for subtag in tag.split("-")[1:]:
            if len(subtag) == 2 and subtag.isalpha() and table.get(subtag) is not None:
                return subtag.upper()
    return None


def check_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone (``Europe/Madrid``); InputError otherwise."""
    value = name.strip()
    problem = f"Choose a time zone from the list, like Europe/Madrid; {value!r} is not one."
    if not value or len(value) > 64 or ".." in value or value.startswith("/"):
        raise InputError(problem, field="timezone")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(problem, field="timezone") from None
    return value


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """Every IANA time zone name (for the settings list), sorted; ``UTC`` first."""
    names = sorted(
        n
        for n in zoneinfo.available_timezones()
        if "/" in n and not n.startswith(("Etc/", "SystemV/"))
    )
    return ("UTC", *names)


def celsius_to_fahrenheit(value_c: float) -> float:
    """Degrees Fahrenheit of ``value_c`` degrees Celsius."""
    return value_c * 9.0 / 5.0 + 32.0


def fahrenheit_to_celsius(value_f: float) -> float:
    """Degrees Celsius of ``value_f`` degrees Fahrenheit."""
    return (value_f - 32.0) * 5.0 / 9.0


__all__ = [
    "FALLBACK_COUNTRY",
    "AdviceLine",
    "Country",
    "CountryTable",
    "TemperatureUnit",
    "celsius_to_fahrenheit",
    "check_timezone",
    "country_from_accept_language",
    "fahrenheit_to_celsius",
    "load_countries",
    "parse_countries",
    "timezone_names",
]
