"""Which emergency number, time zone and temperature unit a page uses, and why.

:func:`resolve_place` decides, in this order:

1. ``TREMORWATCH_EMERGENCY_NUMBER`` set for the instance: that number, for everyone (a clinic
   that runs tremorwatch for one region);
2. a signed-in family's country (set at sign-up from the browser, editable in family settings);
3. without an account, the country the visitor chose on the page (kept in a cookie);
4. the region of the browser's ``Accept-Language`` (``es-ES`` -> Spain);
5. the fallback country (United States, 911), said plainly on the page.

The result says how it was chosen (``how``), so a page can say "we assumed Spain (112)" and
offer to change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from tremorwatch.domain.locale import (
    FALLBACK_COUNTRY,
    AdviceLine,
    Country,
    TemperatureUnit,
    celsius_to_fahrenheit,
    check_timezone,
    country_from_accept_language,
    load_countries,
)
from tremorwatch.errors import InputError

How = Literal["instance", "family", "chosen", "browser", "fallback"]


@dataclass(frozen=True)
class Place:
    """Where the person is, as far as the page knows."""

    emergency_number: str
    how: How
    country: Country | None
    timezone: str = "UTC"
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS

    @property
    def emergency_tel(self) -> str:
        """The number for a ``tel:`` link."""
        return self.emergency_number.replace(" ", "")

    @property
    def also(self) -> str | None:
        """Another number that reaches an ambulance (not with an instance override)."""
        return self.country.also if self.country and self.how != "instance" else None

    @property
    def advice(self) -> AdviceLine | None:
        """The country's national non-urgent advice line, if it has one."""
        return self.country.advice if self.country else None

    @property
    def assumed(self) -> bool:
        """True when nobody chose the country (browser language or fallback)."""
        return self.how in ("browser", "fallback")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the family's time zone."""
        return moment.astimezone(self.zone)

    def today(self) -> date:
        """Today's date in the family's time zone."""
        return datetime.now(self.zone).date()

    def temperature(self, value_c: float | None) -> str:
        """A temperature in the family's unit, like ``38.2 °C`` or ``100.8 °F``."""
        if value_c is None:
            return ""
        if self.temperature_unit is TemperatureUnit.FAHRENHEIT:
            return f"{celsius_to_fahrenheit(value_c):.1f} °F"
        return f"{value_c:.1f} °C"


def safe_timezone(name: str | None) -> str:
    """``name`` when it is a known IANA zone, else ``UTC`` (a stored value that went bad)."""
    if not name:
        return "UTC"
    try:
        return check_timezone(name)
    except InputError:
        return "UTC"


def resolve_place(
    *,
    override: str | None = None,
    family_country: str | None = None,
    family_timezone: str | None = None,
    family_unit: str | None = None,
    chosen_country: str | None = None,
    accept_language: str | None = None,
) -> Place:
    """The emergency number and local conventions for one request (see the module doc)."""
    table = load_countries()
    how: How
    if family_country and table.get(family_country):
        country, how = table.get(family_country), "family"
    elif chosen_country and table.get(chosen_country):
        country, how = table.get(chosen_country), "chosen"
    else:
        from_browser = country_from_accept_language(accept_language)
        if from_browser:
            country, how = table.get(from_browser), "browser"
        else:
            country, how = table.get(FALLBACK_COUNTRY), "fallback"
    if country is None:  # pragma: no cover - the table always holds the fallback
        raise InputError("The country table lacks the fallback country.")
    number = country.emergency
    if override and override.strip():
        number, how = override.strip(), "instance"
    if family_unit in ("C", "F"):
        unit = TemperatureUnit(family_unit)
    elif how == "fallback":  # nobody said where: the unit most of the world uses
        unit = TemperatureUnit.CELSIUS
    else:
        unit = country.temperature_unit
    return Place(
        emergency_number=number,
        how=how,
        country=country,
        timezone=safe_timezone(family_timezone),
        temperature_unit=unit,
    )


__all__ = ["Place", "resolve_place", "safe_timezone"]
