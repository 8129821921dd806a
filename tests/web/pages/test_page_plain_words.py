"""Where a new user stumbled: developer text in form errors, a checklist shown as due too
early, and the API docs page that was blank offline."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from page_helpers import Caregiver, errors_of

from tremorwatch.domain.diary import InfantProfile
from tremorwatch.domain.milestones import checklist_due


def test_a_birth_date_years_ago_is_explained_without_python_text(owner: Caregiver) -> None:
    response = owner.post("/babies/new", {"name": "Leo", "date_of_birth": "2020-01-01"})
    assert response.status_code == 400
    errors = errors_of(response.text)
    assert any("01 January 2020 is more than four years ago" in e for e in errors), errors
    assert "datetime.date" not in response.text
    assert "date_of_birth:" not in response.text


def test_service_messages_never_show_a_python_repr() -> None:
    from tremorwatch.errors import InputError
    from tremorwatch.services.schemas import InfantCreate, validate

    try:
        validate(InfantCreate, {"name": "Leo", "date_of_birth": date(2019, 5, 1)})
    except InputError as exc:
        assert "datetime.date(" not in exc.message
        assert "(got 2019-05-01)" in exc.message
    else:  # pragma: no cover - the date is out of range
        raise AssertionError("a 7-year-old was accepted")


def test_a_three_week_old_is_not_due_for_the_two_month_checklist(owner: Caregiver) -> None:
    born = (datetime.now(UTC) - timedelta(days=21)).date().isoformat()
    infant_id = owner.add_baby(date_of_birth=born)
    page = owner.client.get(f"/babies/{infant_id}/milestones").text
    assert "(due now" not in page
    assert "Not due yet." in page
    older = owner.add_baby(
        name="Ada", date_of_birth=(datetime.now(UTC) - timedelta(days=62)).date().isoformat()
    )
    assert "(due now" in owner.client.get(f"/babies/{older}/milestones").text


def test_due_window_uses_corrected_age() -> None:
    """Known answers: 2 months = 60.9 days, due 14 days early (from day 47); a baby born at
    32 weeks is 8 weeks early, so 56 days later by chronological age."""
    today = datetime(2026, 6, 1, tzinfo=UTC).date()

    def baby(age_days: int, ga: float) -> InfantProfile:
        return InfantProfile(
            id="b",
            name="B",
            date_of_birth=today - timedelta(days=age_days),
            gestational_age_weeks=ga,
        )

    assert checklist_due(baby(21, 40), today, 2) == (False, today + timedelta(days=26))
    assert checklist_due(baby(47, 40), today, 2)[0] is True
    due, when = checklist_due(baby(60, 32), today, 2)  # corrected age 4 days
    assert (due, when) == (False, today + timedelta(days=43))


def test_api_docs_load_their_assets_from_this_server(client: TestClient) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/static/swagger-ui/") for a in assets), assets
    assert "cdn" not in page.text.lower()
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 500, asset
    assert "Apache License" in client.get("/static/swagger-ui/LICENSE").text
