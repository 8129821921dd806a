"""Pages anyone can open: the start page, the triage interview, Learn (real Chromium + axe).

The interview is driven as a parent would: one question per screen, tapping answer buttons.
Known answers: an episode going on for 10 minutes is an emergency at once; reassuring answers
for a 2-week-old give home care (see tests/web/pages/test_page_check.py for the same cases).
"""

from __future__ import annotations

import pytest
from browser_helpers import answer_current_question, check_page, run_interview
from playwright.sync_api import Browser, Page, expect

from interview_answers import REASSURING

pytestmark = pytest.mark.browser


def test_home_page_is_accessible_and_offers_the_check(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shaking legs in your baby?")
    expect(page.locator('a[href="tel:112"]')).to_be_visible()
    assert check_page(page, "01-home") == []  # no axe violation at all


def test_interview_to_an_emergency_stops_at_once_with_the_number(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Is this an emergency? Start the check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How old is your baby?")
    assert check_page(page, "02-check-first-question") == []  # no axe violation at all
    asked = run_interview(page, {"episode.happening_now": "yes"}, screenshots="03-check")
    assert asked[0] == "infant.age_days"
    assert asked[-1] == "episode.happening_now"  # nothing asked after it
    call = page.get_by_role("link", name="Call 112 now")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:112")
    expect(page.locator('input[name="field"]')).to_have_count(0)  # the interview stopped
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] < 844  # visible without scrolling
    assert check_page(page, "04-check-emergency") == []  # no axe violation at all


def test_interview_to_home_care(page: Page) -> None:
    page.goto("/check")
    asked = run_interview(page, REASSURING)
    assert asked[0] == "infant.age_days"
    assert "episode.stops_with_gentle_hold" in asked
    expect(page.locator(".result.home_care")).to_be_visible()
    expect(page.get_by_role("heading", name="Why we say this")).to_be_visible()
    assert check_page(page, "05-check-home-care") == []  # no axe violation at all


def test_interview_works_without_javascript(browser: Browser, server_url: str) -> None:
    context = browser.new_context(
        base_url=server_url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/check")
        answers = {"findings:seizure_signs": ["cycling_or_pedalling"]}
        for _ in range(10):
            if not page.locator('input[name="field"]').count():
                break
            answer_current_question(page, answers)
        expect(page.get_by_role("link", name="Call 112 now")).to_be_visible()
    finally:
        context.close()


def test_learn_pages_with_sources(page: Page) -> None:
    page.goto("/learn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn about shaking in babies")
    assert check_page(page, "06-learn") == []  # no axe violation at all
    page.locator('a[href="/learn/physiological_jitteriness"]').click()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    assert check_page(page, "07-learn-jitteriness") == []  # no axe violation at all
