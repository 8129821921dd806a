"""Which emergency number a page shows, in which order the sources win, and what it says."""

from __future__ import annotations

from datetime import UTC, datetime

from tremorwatch.services.place import resolve_place, safe_timezone


def test_family_country_wins_over_the_browser() -> None:
    place = resolve_place(family_country="GB", accept_language="es-ES")
    assert (place.emergency_number, place.how, place.assumed) == ("999", "family", False)
    assert place.advice is not None and place.advice.number == "111"


def test_without_account_the_chosen_country_then_the_browser_then_the_fallback() -> None:
    assert resolve_place(chosen_country="ES", accept_language="en-US").emergency_number == "112"
    browser = resolve_place(accept_language="es-ES,es;q=0.9")
    assert (browser.emergency_number, browser.how, browser.assumed) == ("112", "browser", True)
    fallback = resolve_place(accept_language="es")
    assert (fallback.emergency_number, fallback.how) == ("911", "fallback")


def test_the_instance_setting_overrides_everyone() -> None:
    place = resolve_place(override="061", family_country="GB")
    assert (place.emergency_number, place.how) == ("061", "instance")
    assert place.also is None  # another country's "also" number would be wrong next to it


def test_temperature_unit_from_the_family_else_the_country() -> None:
    assert resolve_place(family_country="US").temperature(38.0) == "100.4 °F"
    assert resolve_place(family_country="US", family_unit="C").temperature(38.0) == "38.0 °C"
    assert resolve_place(family_country="ES", family_unit="F").temperature(37.0) == "98.6 °F"


def test_time_zone_and_local_time_across_the_spring_change() -> None:
    place = resolve_place(family_country="ES", family_timezone="Europe/Madrid")
    before = place.local(datetime(2026, 3, 28, 22, 30, tzinfo=UTC))  # Sat 23:30 CET
    after = place.local(datetime(2026, 3, 29, 22, 30, tzinfo=UTC))  # Sun 00:30 CEST
    assert (before.day, before.hour, before.strftime("%Z")) == (28, 23, "CET")
    assert (after.day, after.hour, after.strftime("%Z")) == (30, 0, "CEST")
    assert safe_timezone("Not/AZone") == "UTC"
