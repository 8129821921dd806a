"""Adding and editing a baby, the diary page and its filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from page_helpers import Caregiver, errors_of


def test_add_baby_errors_keep_every_value(owner: Caregiver) -> None:
    page = owner.post(
        "/babies/new",
        {
            "name": "",
            "date_of_birth": "yesterday",
            "gestational_age_weeks": "50",
            "birth_weight_g": "3300",
            "sex": "female",
            "vitamin_k_at_birth": "unsure",
            "history": ["maternal_opioid_use", "family_history_tremor"],
        },
    )
    assert page.status_code == 400
    assert errors_of(page.text) == [
        "Enter a name or nickname.",
        "Enter the date of birth as a date, like 2026-03-14.",
        "Weeks of pregnancy at birth must be between 22 and 44 weeks; you entered 50.",
    ]
    for kept in (
        'value="yesterday"',
        'value="50"',
        'value="3300"',
        'value="female" checked',
        'value="unsure" checked',
        'value="maternal_opioid_use" checked',
        'value="family_history_tremor" checked',
    ):
        assert kept in page.text, kept
    assert 'aria-invalid="true"' in page.text


def test_date_of_birth_in_the_future_is_refused(owner: Caregiver) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    page = owner.post("/babies/new", {"name": "Leo", "date_of_birth": tomorrow})
    assert page.status_code == 400
    assert errors_of(page.text) == ["The date of birth cannot be in the future."]


def test_added_baby_opens_its_diary_and_is_on_the_home_page(owner: Caregiver) -> None:
    infant_id = owner.add_baby("Mia", history=["infant_of_diabetic_mother"])
    diary = owner.client.get(f"/babies/{infant_id}")
    assert diary.status_code == 200
    assert "Mia's diary" in diary.text
    assert "5 weeks old" in diary.text
    assert "Nothing logged yet" in diary.text
    home = owner.client.get("/")
    assert f'href="/babies/{infant_id}/episodes/new"' in home.text
    assert (
        owner.client.get("/diary", follow_redirects=False).headers["location"]
        == f"/babies/{infant_id}"
    )


def test_edit_baby_shows_saved_values_and_saves_changes(owner: Caregiver) -> None:
    infant_id = owner.add_baby(
        "Mia", history=["infant_of_diabetic_mother"], vitamin_k_at_birth="yes"
    )
    form = owner.client.get(f"/babies/{infant_id}/edit")
    assert 'value="Mia"' in form.text
    assert 'value="infant_of_diabetic_mother" checked' in form.text
    assert 'value="39"' in form.text
    saved = owner.post(
        f"/babies/{infant_id}/edit",
        {
            "name": "Mia Rose",
            "date_of_birth": (datetime.now(UTC) - timedelta(days=70)).date().isoformat(),
            "gestational_age_weeks": "34",
        },
    )
    assert saved.status_code == 303
    diary = owner.client.get(f"/babies/{infant_id}").text
    assert "Mia Rose" in diary
    assert "corrected for being born early" in diary


def test_diary_filter_with_a_bad_date_says_so(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    page = owner.client.get(f"/babies/{infant_id}?from=2026-13-40")
    assert page.status_code == 400
    assert "Enter the first day as a date" in page.text
    swapped = owner.client.get(f"/babies/{infant_id}?from=2026-11-10&to=2026-11-01")
    assert "The last day must be on or after the first day." in swapped.text
