"""The interview once in Spanish, in real Chromium with axe on every screen.

The browser asks for Spanish (``locale="es-ES"`` sends ``Accept-Language: es-ES``); every page
must say ``<html lang="es">`` and have no axe violation at all. The interview is answered as a
reassured parent would (``tests/interview_answers.py``) up to the home-care answer, with the
buttons found by their wire values, not their English words. Then the language selector is used
to go back to English, and the choice is kept on the next page. Known answers: the Spanish
catalogue's texts; the server's emergency number (112) in the banner.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import check_page
from playwright.sync_api import Browser, BrowserContext, Page, expect

from interview_answers import REASSURING

pytestmark = pytest.mark.browser


@pytest.fixture
def spanish(browser: Browser, server_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=server_url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="es-ES",
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


def _answer(page: Page, answers: dict[str, object]) -> str:
    """Answer the screen shown by wire values (language-neutral); its field."""
    field = page.locator('input[name="field"]').get_attribute("value") or ""
    value = answers.get(field)
    plain_submit = page.locator('form.question button[type="submit"]:not([name])').first
    if field == "infant.age_days":
        page.fill("#f-age", "2")
        page.check('input[name="unit"][value="weeks"]')
        plain_submit.click()
    elif isinstance(value, list):
        for code in value:
            page.check(f'input[name="answer"][value="{code}"]')
        page.locator('button[name="continue"]').click()
    elif page.locator('button[name="answer"]').count():
        page.locator(f'button[name="answer"][value="{value or "unsure"}"]').click()
    elif page.locator('input[type="number"][name="answer"]').count():
        if value is None:
            page.locator('button[name="skip"]').click()
        else:
            page.fill("#q-answer", str(value))
            plain_submit.click()
    elif page.locator('input[type="radio"][name="answer"]').count():
        if value is None:
            page.locator('button[name="skip"]').click()
        else:
            page.check(f'input[name="answer"][value="{value}"]')
            plain_submit.click()
    else:
        page.locator('button[name="none"]').click()
    page.wait_for_load_state()
    return field


def _check_spanish(page: Page, name: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert check_page(page, name) == []  # no axe violation at all


def test_the_interview_in_spanish(spanish: BrowserContext) -> None:
    page = spanish.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("¿A su bebé le tiemblan las piernas?")
    expect(page.get_by_role("complementary", name="En caso de urgencia")).to_contain_text(
        "Llame ahora al 112"
    )
    _check_spanish(page, "es-01-home")
    page.get_by_role("link", name="¿Es una urgencia? Empezar la comprobación").click()
    # the age comes first: the engine's questions and reasons depend on it
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Qué edad tiene su bebé?")
    asked: list[str] = []
    for number in range(60):
        if not page.locator('input[name="field"]').count():
            break
        _check_spanish(page, f"es-check-q{number + 1:02d}")
        asked.append(_answer(page, REASSURING))
    else:
        raise AssertionError(f"the interview did not end: {asked}")
    assert asked[0] == "infant.age_days", asked
    expect(page.locator(".result.home_care")).to_be_visible()
    expect(page.locator(".disposition-label")).to_have_text("Vigilar en casa")
    expect(page.get_by_role("heading", name="Por qué decimos esto")).to_be_visible()
    _check_spanish(page, "es-check-home-care")

    # back to English with the selector at the foot of the page; the choice is kept
    page.goto("/learn")
    _check_spanish(page, "es-learn")
    page.select_option("#f-language", "en")
    page.get_by_role("button", name="Cambiar el idioma").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn about shaking in babies")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert check_page(page, "es-back-to-english") == []
