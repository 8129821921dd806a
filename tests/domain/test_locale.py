"""The country table (emergency and advice numbers), Accept-Language, time zones, °F.

Known answers are the numbers checked against the sources named in ``countries.yaml``:
Spain 112, the United Kingdom 999 with NHS 111, the United States 911 (°F).
"""

from __future__ import annotations

import pytest

from tremorwatch.domain.locale import (
    FALLBACK_COUNTRY,
    TemperatureUnit,
    celsius_to_fahrenheit,
    check_timezone,
    country_from_accept_language,
    fahrenheit_to_celsius,
    load_countries,
    parse_countries,
)
from tremorwatch.errors import InputError, RuleSetError


def test_table_has_at_least_30_countries_each_with_a_source() -> None:
    table = load_countries()
    assert len(table.countries) >= 30
    assert all(c.source.startswith(("http://", "https://")) for c in table.countries)
    assert table.get(FALLBACK_COUNTRY) is not None


@pytest.mark.parametrize(
    ("code", "emergency", "advice"),
    [("ES", "112", None), ("GB", "999", "111"), ("US", "911", None), ("AU", "000", "1800 022 222")],
)
def test_known_numbers(code: str, emergency: str, advice: str | None) -> None:
    country = load_countries().require(code)
    assert country.emergency == emergency
    assert (country.advice.number if country.advice else None) == advice


def test_norway_is_a_country_not_false() -> None:
    """YAML 1.1 reads a bare NO as false: the table quotes its codes."""
    assert load_countries().require("no").name == "Norway"


def test_only_the_united_states_uses_fahrenheit_by_default() -> None:
    fahrenheit = [c.code for c in load_countries().countries if c.temperature_unit.value == "F"]
    assert fahrenheit == ["US"]


def test_unknown_country_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="Choose your country from the list") as info:
        load_countries().require("XX")
    assert info.value.field == "country"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "ES"),
        ("en-GB", "GB"),
        ("en-US,en;q=0.5", "US"),
        ("en;q=0.5,de-DE;q=0.8", "DE"),  # the highest weight wins
        ("zh-Hant-HK", "HK"),
        ("es", None),  # a language alone names no country
        ("*", None),
        ("", None),
        (None, None),
        ("xx-QQ", None),  # not in the table
        ("fr-FR;q=0", None),  # q=0 means "not this"
    ],
)
def test_country_from_accept_language(header: str | None, expected: str | None) -> None:
    assert country_from_accept_language(header) == expected


def test_time_zones() -> None:
    assert check_timezone(" Europe/Madrid ") == "Europe/Madrid"
    for bad in ("Mars/Olympus", "", "../etc/passwd", "/etc/localtime"):
        with pytest.raises(InputError, match="like Europe/Madrid"):
            check_timezone(bad)


def test_temperature_conversion_known_answers() -> None:
    assert celsius_to_fahrenheit(38.0) == pytest.approx(100.4)
    assert celsius_to_fahrenheit(37.0) == pytest.approx(98.6)
    assert fahrenheit_to_celsius(100.4) == pytest.approx(38.0)
    assert TemperatureUnit.FAHRENHEIT.symbol == "°F"


def test_a_broken_table_fails_loudly() -> None:
    row = '{code: "US", name: United States, emergency: "911", source: "https://example.org"}'
    good = f"schema: tremorwatch.countries/1\nsource: s\ncountries:\n  - {row}\n"
    assert parse_countries(good).get("us") is not None
    with pytest.raises(RuleSetError, match="twice"):
        parse_countries(good + f"  - {row}\n")
    with pytest.raises(RuleSetError, match="invalid"):
        parse_countries(good.replace('"911"', '"call the police"'))
    with pytest.raises(RuleSetError, match="fallback"):
        parse_countries(good.replace('"US"', '"CA"'))
