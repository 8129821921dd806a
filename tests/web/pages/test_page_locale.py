"""The family's country, time zone and temperature unit in the pages.

Known answers: Spain 112, the United Kingdom 999 (NHS 111), the United States 911 (°F), from
``countries.yaml``. Time-zone cases sit next to Europe/Madrid's changes of 2026: clocks go
forward at 02:00 on Sunday 29 March and back at 03:00 on Sunday 25 October.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from page_helpers import Caregiver, csrf_of, errors_of, run_interview, sign_up

from tremorwatch.services import diary
from tremorwatch.services.accounts import actor_for_user
from tremorwatch.storage.models_accounts import UserRow

EMERGENCY = {
    "infant.age_days": ("10", "days"),
    "episode.happening_now": "yes",
    "episode.minutes_so_far": "10",
}


def _strip_number(page: str) -> str:
    match = re.search(r'class="emergency-strip".*?href="tel:([^"]+)"', page, re.S)
    assert match, "no emergency strip"
    return match.group(1)


@pytest.mark.parametrize(("country", "number"), [("ES", "112"), ("GB", "999"), ("US", "911")])
def test_a_family_sees_its_countrys_number(api_app: Any, country: str, number: str) -> None:
    with TestClient(api_app) as c:
        family = sign_up(c, f"{country.lower()}@example.org", country=country)
        assert _strip_number(family.client.get("/family").text) == number
        page, _ = run_interview(family.client, EMERGENCY)
        assert f'href="tel:{number}"' in page.text and f"Call {number} now" in page.text


def test_sign_up_takes_the_country_from_the_browser_and_the_zone_from_the_hidden_field(
    api_app: Any, runtime: Any
) -> None:
    with TestClient(api_app, headers={"Accept-Language": "es-ES,es;q=0.9"}) as c:
        form = c.get("/signup").text
        assert re.search(r'<option value="ES" selected>España', form)  # and in Spanish
        assert 'name="timezone"' in form and "locale.js" in form
        sign_up(c, "madrid@example.org", country="ES", timezone="Europe/Madrid")
        family = c.get("/family").text
        assert re.search(r'<option value="Europe/Madrid" selected>', family)
    with runtime.session() as session:
        user = session.query(UserRow).filter_by(email="madrid@example.org").one()
        actor = actor_for_user(session, user.id)
        assert actor is not None and (actor.country, actor.timezone) == ("ES", "Europe/Madrid")


def test_a_bad_time_zone_from_the_browser_falls_back_to_utc(client: TestClient) -> None:
    sign_up(client, "odd@example.org", country="GB", timezone="Mars/Olympus")
    assert re.search(r'<option value="UTC" selected>', client.get("/family").text)


def test_the_owner_changes_the_country_and_the_number_follows(owner: Caregiver) -> None:
    response = owner.post(
        "/family/settings", {"country": "GB", "timezone": "Europe/London", "temperature_unit": ""}
    )
    assert response.status_code == 303
    page = owner.client.get("/family").text
    assert _strip_number(page) == "999"
    bad = owner.post("/family/settings", {"country": "XX", "timezone": "Nowhere/City"})
    assert bad.status_code == 400
    assert "Choose your country from the list." in errors_of(bad.text)
    assert _strip_number(owner.client.get("/family").text) == "999"  # nothing lost


def test_without_an_account_the_page_says_which_number_it_assumed(api_app: Any) -> None:
    with TestClient(api_app, headers={"Accept-Language": "en-GB,en;q=0.8"}) as c:
        page, _ = run_interview(c, EMERGENCY)
        assert "Call 999 now" in page.text
        assert "We assumed you are in United Kingdom" in page.text
        assert 'href="tel:112"' in page.text  # the list of other countries' numbers
        choose = c.get("/country?next=/check")
        response = c.post(
            "/country",
            data={"csrf_token": csrf_of(choose.text), "country": "ES", "next": "/check"},
            follow_redirects=False,
        )
        assert (response.status_code, response.headers["location"]) == (303, "/check")
        page, _ = run_interview(c, EMERGENCY)
        assert "Call 112 now" in page.text and "You chose Spain" in page.text


def test_no_region_in_the_browser_says_it_could_not_tell(client: TestClient) -> None:
    page, _ = run_interview(client, EMERGENCY)
    assert "We could not tell your country, so we assumed United States" in page.text


def test_non_urgent_answers_name_the_advice_line(api_app: Any) -> None:
    from interview_answers import REASSURING

    with TestClient(api_app, headers={"Accept-Language": "en-GB"}) as c:
        page, _ = run_interview(c, {**REASSURING, "infant.age_days": ("2", "weeks")})
        assert "NHS 111" in page.text


def test_instance_setting_overrides_the_country(runtime: Any) -> None:
    from tremorwatch.web.app import create_app

    runtime.settings = runtime.settings.model_copy(update={"emergency_number": "061"})
    app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
    with TestClient(app, headers={"Accept-Language": "en-GB"}) as c:
        sign_up(c, "clinic@example.org", country="US")
        assert _strip_number(c.get("/family").text) == "061"


def _madrid_family(owner: Caregiver, unit: str = "") -> None:
    response = owner.post(
        "/family/settings", {"country": "ES", "timezone": "Europe/Madrid", "temperature_unit": unit}
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("local", "utc", "day"),
    [
        ("2026-03-28T23:30", datetime(2026, 3, 28, 22, 30, tzinfo=UTC), "2026-03-28"),  # CET
        ("2026-03-29T23:30", datetime(2026, 3, 29, 21, 30, tzinfo=UTC), "2026-03-29"),  # CEST
        ("2026-10-24T23:30", datetime(2026, 10, 24, 21, 30, tzinfo=UTC), "2026-10-24"),  # CEST
        ("2026-10-25T23:30", datetime(2026, 10, 25, 22, 30, tzinfo=UTC), "2026-10-25"),  # CET
    ],
)
def test_times_are_entered_and_shown_in_the_family_zone_across_dst(
    owner: Caregiver, runtime: Any, local: str, utc: datetime, day: str
) -> None:
    _madrid_family(owner)
    infant_id = owner.add_baby(date_of_birth=(utc - timedelta(days=30)).date().isoformat())
    episode_id = owner.log_episode(infant_id, started_at=local)
    page = owner.client.get(f"/episodes/{episode_id}").text
    shown = datetime.fromisoformat(local)
    assert f"{shown:%d %b %Y, %H:%M}" in page  # the same wall-clock time comes back
    edit = owner.client.get(f"/episodes/{episode_id}/edit").text
    assert f'value="{local}"' in edit
    with runtime.session() as session:
        user = session.query(UserRow).filter_by(email=owner.email).one()
        actor = actor_for_user(session, user.id)
        assert actor is not None
        entry = diary.timeline(session, actor, {"infant_id": infant_id}).items[0]
        assert entry.at == utc
        counts = diary.counts_per_day(
            session, actor, infant_id=infant_id, days=3, until=datetime.fromisoformat(day).date()
        )
        assert [c.episodes for c in counts] == [0, 0, 1]  # on its local day, not the UTC one


def test_a_time_skipped_by_the_clocks_is_refused_plainly(owner: Caregiver) -> None:
    _madrid_family(owner)
    infant_id = owner.add_baby(date_of_birth="2026-03-01")
    token = owner.token()
    response = owner.client.post(
        f"/babies/{infant_id}/episodes/new?csrf_token={token}",
        data={"started_at": "2026-03-29T02:30"},
        files={"video": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert any(
        "did not exist" in e and "clocks went forward" in e for e in errors_of(response.text)
    )


def test_fahrenheit_is_entered_and_shown_for_a_us_family(api_app: Any, runtime: Any) -> None:
    with TestClient(api_app) as c:
        family = sign_up(c, "us@example.org", country="US", timezone="America/New_York")
        infant_id = family.add_baby()
        form = c.get(f"/babies/{infant_id}/episodes/new").text
        assert "Temperature in °F" in form
        episode_id = family.log_episode(infant_id, temperature_c="100.4")
        assert "100.4 °F" in c.get(f"/episodes/{episode_id}").text
        too_hot = c.post(
            f"/babies/{infant_id}/episodes/new?csrf_token={family.token()}",
            data={"started_at": "2026-01-01T10:00", "temperature_c": "38"},
            files={"video": ("", b"", "application/octet-stream")},
        )
    assert too_hot.status_code == 400  # 38 °F is not a baby's temperature: said, not stored
    assert any("between 77 and 113 °F" in e for e in errors_of(too_hot.text))
    with runtime.session() as session:
        from tremorwatch.storage.models_diary import EpisodeRow

        row = session.get(EpisodeRow, episode_id)
        assert row is not None and row.temperature_c == pytest.approx(38.0)


def test_api_sets_the_family_settings(owner: Caregiver) -> None:
    response = owner.client.patch(
        "/api/v1/family",
        json={"country": "gb", "timezone": "Europe/London", "temperature_unit": "F"},
        headers={"X-CSRF-Token": owner.token()},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["country"], body["timezone"], body["temperature_unit"]) == (
        "GB",
        "Europe/London",
        "F",
    )
    bad = owner.client.patch(
        "/api/v1/family", json={"timezone": "Mars/Olympus"}, headers={"X-CSRF-Token": owner.token()}
    )
    assert bad.status_code in (400, 422)
    assert "Europe/Madrid" in bad.text
