"""Pages anyone can open: the start page, the triage interview, Learn (real Chromium + axe).

The interview is driven as a parent would: one question per screen, tapping answer buttons.
Known answers: an episode going on for 10 minutes is an emergency at once; reassuring answers
for a 2-week-old give home care (see tests/web/pages/test_check.py for the same cases).
"""

from __future__ import annotations

import pytest
from browser_helpers import check_page
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

#: How a reassured parent answers each screen (fields of the engine's question catalogue).
REASSURING = {
    "episode.happening_now": "no",
    "episode.stops_with_gentle_hold": "yes",
    "vitals.temperature_c": "37.0",
    "episode.longest_duration_s": "10",
    "episode.comes_in_clusters": "no",
    "episode.one_side_only": "no",
    "infant.vitamin_k_at_birth": "yes",
    "infant.gestational_age_weeks": "39",
    "episode.only_in_sleep": "no",
    "episode.provoked_by_stimulus": "yes",
    "episode.rhythmic": "yes",
    "episode.speed": "fast_fine",
    "episode.typical_duration_s": "5",
    "episode.first_noticed_days_ago": "7",
    "episode.trend": "improving",
    "episode.states": ["crying_or_upset", "handling_or_noise"],
    "episode.body_parts": ["left_leg", "right_leg"],
    "vitals.wet_diapers_24h": "7",
}


def answer_current_question(page: Page, answers: dict[str, object], age_weeks: str = "2") -> str:
    """Answer the screen shown (from ``answers``, else skip / none of these); its field."""
    field = page.locator('input[name="field"]').get_attribute("value") or ""
    value = answers.get(field)
    if field == "infant.age_days":
        page.fill("#f-age", age_weeks)
        page.check('input[name="unit"][value="weeks"]')
        page.get_by_role("button", name="Continue").click()
    elif isinstance(value, list):
        for code in value:
            page.check(f'input[name="answer"][value="{code}"]')
        page.get_by_role("button", name="Continue").first.click()
    elif page.locator('button[name="answer"]').count():  # yes / no / not sure buttons
        page.locator(f'button[name="answer"][value="{value or "unsure"}"]').click()
    elif page.locator('input[type="number"][name="answer"]').count():
        if value is None:
            page.get_by_role("button", name="I don't know").click()
        else:
            page.fill("#q-answer", str(value))
            page.get_by_role("button", name="Continue").click()
    elif page.locator('input[type="radio"][name="answer"]').count():
        if value is None:
            page.get_by_role("button", name="I don't know").click()
        else:
            page.check(f'input[name="answer"][value="{value}"]')
            page.get_by_role("button", name="Continue").click()
    else:  # a checklist of signs
        page.get_by_role("button", name="None of these").click()
    page.wait_for_load_state()
    return field


def run_interview(page: Page, answers: dict[str, object], *, screenshots: str = "") -> list[str]:
    """Answer screens until the answer page; the fields asked (axe runs on every screen)."""
    asked: list[str] = []
    for number in range(60):
        if not page.locator('input[name="field"]').count():
            return asked
        if number < 3 or screenshots:
            check_page(page, f"{screenshots or 'interview'}-q{number + 1:02d}")
        asked.append(answer_current_question(page, answers))
    raise AssertionError(f"the interview did not end: {asked}")


def test_home_page_is_accessible_and_offers_the_check(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shaking legs in your baby?")
    expect(page.locator('a[href="tel:112"]')).to_be_visible()
    check_page(page, "01-home")


def test_interview_to_an_emergency_stops_at_once_with_the_number(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Is this an emergency? Start the check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is the shaking happening right now?")
    check_page(page, "02-check-first-question")
    page.get_by_role("button", name="Yes").click()
    page.fill("#q-answer", "10")
    check_page(page, "03-check-minutes")
    page.get_by_role("button", name="Continue").click()
    call = page.get_by_role("link", name="Call 112 now")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:112")
    expect(page.locator('input[name="field"]')).to_have_count(0)  # the interview stopped
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] < 844  # visible without scrolling
    check_page(page, "04-check-emergency")


def test_interview_to_home_care(page: Page) -> None:
    page.goto("/check")
    asked = run_interview(page, REASSURING)
    assert asked[0] == "episode.happening_now"
    assert "infant.age_days" in asked
    expect(page.locator(".result.home_care")).to_be_visible()
    expect(page.get_by_role("heading", name="Why we say this")).to_be_visible()
    check_page(page, "05-check-home-care")


def test_interview_works_without_javascript(browser: Browser, server_url: str) -> None:
    context = browser.new_context(
        base_url=server_url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/check")
        page.get_by_role("button", name="Yes").click()
        page.fill("#q-answer", "6")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("link", name="Call 112 now")).to_be_visible()
    finally:
        context.close()


def test_learn_pages_with_sources(page: Page) -> None:
    page.goto("/learn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn about shaking in babies")
    check_page(page, "06-learn")
    page.locator('a[href="/learn/physiological_jitteriness"]').click()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    check_page(page, "07-learn-jitteriness")
