"""The "Is this an emergency?" interview: the age first, then one question per screen.

Known answers (from the engine's rules and shared/clinical/evidence.md): a fit going on now
is an emergency at any age; a temperature of 38.5 °C is an emergency under 3 months but not
for an older child, so the age is asked before anything else;
jitters that stop with a gentle hold, set off by crying, with no warning sign, in a 2-week-old
are home care. What is not tested here: the engine's rules themselves (tests/domain).
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from page_helpers import (
    REASSURING,
    Caregiver,
    advance_to,
    answer_screen,
    csrf_of,
    field_of,
    run_interview,
    state_of,
)


def test_first_screen_is_the_age_and_works_without_an_account(client: TestClient) -> None:
    first = client.get("/check")
    assert first.status_code == 200
    assert field_of(first.text) == "infant.age_days"
    assert "How old is your baby?" in first.text
    assert 'name="csrf_token"' in first.text


def test_a_fit_happening_now_is_an_emergency_at_once(client: TestClient) -> None:
    answers = {"infant.age_days": ("10", "days"), "episode.happening_now": "yes"}
    page, asked = run_interview(client, answers)
    assert asked[0] == "infant.age_days"
    assert asked[-1] == "episode.happening_now"  # nothing asked after it
    assert 'href="tel:911"' in page.text
    assert "Call 911 now" in page.text
    assert 'class="card result emergency"' in page.text
    assert "emergency-strip" not in page.text  # nothing else in the way
    assert "What it could be" not in page.text


def test_a_fever_in_a_3_week_old_is_an_emergency_once_given(client: TestClient) -> None:
    answers = {**REASSURING, "vitals.temperature_c": "38.5", "infant.age_days": ("3", "weeks")}
    page, asked = run_interview(client, answers)
    assert asked[0] == "infant.age_days"
    assert asked[-1] == "vitals.temperature_c"
    assert 'class="card result emergency"' in page.text


def test_fever_in_an_older_child_is_not_an_emergency(client: TestClient) -> None:
    answers = {**REASSURING, "vitals.temperature_c": "38.5", "infant.age_days": ("14", "months")}
    page, _ = run_interview(client, answers)
    assert 'class="card result emergency"' not in page.text
    assert "Call 911 now" not in page.text


def test_reassuring_answers_reach_home_care_with_reasons_and_sources(client: TestClient) -> None:
    page, asked = run_interview(client, REASSURING)
    assert asked[0] == "infant.age_days"
    assert "episode.stops_with_gentle_hold" in asked
    assert len(asked) == len(set(asked))  # never the same question twice
    assert 'class="card result home_care"' in page.text
    assert "Watch at home" in page.text
    assert "Why we say this" in page.text
    assert "Source:" in page.text
    assert "decision support, not a diagnosis" in page.text


def test_a_number_out_of_range_is_asked_again_with_the_value_kept(client: TestClient) -> None:
    page = advance_to(client, REASSURING, "vitals.temperature_c")
    wrong = answer_screen(client, page.text, "60")
    assert wrong.status_code == 400
    assert field_of(wrong.text) == "vitals.temperature_c"
    assert "Enter a number between 25 and 45 °C." in wrong.text
    assert 'value="60"' in wrong.text
    words = answer_screen(client, page.text, "hot")
    assert "Enter a number, for example 20." in words.text


def test_an_age_that_is_not_a_number_is_asked_again(client: TestClient) -> None:
    page = advance_to(client, REASSURING, "infant.age_days")
    wrong = answer_screen(client, page.text, ("a few", "weeks"))
    assert wrong.status_code == 400
    assert "Enter the age as a number" in wrong.text
    assert 'value="a few"' in wrong.text
    too_old = answer_screen(client, page.text, ("5", "years"))
    assert "Choose days, weeks or months." in too_old.text


def test_tampered_answers_are_refused_kindly(client: TestClient) -> None:
    page = client.get("/check")
    broken = client.post(
        "/check",
        data={
            "csrf_token": csrf_of(page.text),
            "state": "{not json",
            "field": "episode.happening_now",
            "answer": "no",
        },
    )
    assert broken.status_code == 422
    assert "please start again" in broken.text
    unknown = client.post(
        "/check",
        data={
            "csrf_token": csrf_of(page.text),
            "state": "",
            "field": "episode.favourite_colour",
            "answer": "no",
        },
    )
    assert unknown.status_code == 422


def test_interview_answers_need_the_csrf_token(client: TestClient) -> None:
    client.get("/check")
    forged = client.post(
        "/check", data={"state": "", "field": "episode.happening_now", "answer": "no"}
    )
    assert forged.status_code == 403


def test_show_the_answer_now_after_the_age(client: TestClient) -> None:
    assert "show the answer now" not in client.get("/check").text  # age not known yet
    page = advance_to(client, REASSURING, "findings:development")
    assert "show the answer now" in page.text
    final = client.post(
        "/check",
        data={
            "csrf_token": csrf_of(page.text),
            "state": state_of(page.text),
            "field": "findings:development",
            "finish": "1",
        },
    )
    assert field_of(final.text) is None
    assert "Why we say this" in final.text


def test_signed_in_check_uses_the_baby_and_is_saved_to_the_diary(
    owner: Caregiver, stranger: Caregiver
) -> None:
    infant_id = owner.add_baby("Mia")
    page, asked = run_interview(owner.client, REASSURING)
    assert "infant.age_days" not in asked  # known from the profile
    assert "Saved to" in page.text and "Mia's diary" in page.text
    diary = owner.client.get(f"/babies/{infant_id}").text
    found = re.search(r'href="/assessments/([^"]+)"', diary)
    assert found, "the check is in the diary"
    saved = owner.client.get(f"/assessments/{found.group(1)}")
    assert saved.status_code == 200
    assert "Watch at home" in saved.text
    assert stranger.client.get(f"/assessments/{found.group(1)}").status_code == 404
    assert stranger.client.get(f"/check?infant={infant_id}").status_code == 404


def test_back_returns_to_the_previous_question_and_forgets_its_answer(
    client: TestClient,
) -> None:
    first = client.get("/check")
    assert "Back to the previous question" not in first.text
    second = answer_screen(client, first.text, ("10", "days"))
    assert field_of(second.text) == "findings:illness_signs"
    third = answer_screen(client, second.text, None)  # none of these signs
    assert field_of(third.text) == "findings:seizure_signs"
    fourth = answer_screen(client, third.text, None)
    assert field_of(fourth.text) == "findings:breathing_colour"
    assert "eye_deviation_or_fixed_stare" in state_of(fourth.text)  # asked: in findings_checked
    back = client.post(
        "/check",
        data={
            "csrf_token": csrf_of(fourth.text),
            "state": state_of(fourth.text),
            "field": "findings:breathing_colour",
            "back": "1",
        },
    )
    assert "Back to the previous question" in back.text
    assert field_of(back.text) == "findings:seizure_signs"
    assert "eye_deviation_or_fixed_stare" not in state_of(back.text)
    corrected = answer_screen(client, back.text, ["cycling_or_pedalling"])
    assert field_of(corrected.text) is None
    assert 'class="card result emergency"' in corrected.text
