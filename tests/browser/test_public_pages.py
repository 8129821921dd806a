"""Pages anyone can open: the start page, the triage interview, Learn (real Chromium + axe)."""

from __future__ import annotations

import pytest
from browser_helpers import check_page
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_home_page_is_accessible_and_offers_the_check(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shaking legs in your baby?")
    expect(page.locator('a[href="tel:112"]')).to_be_visible()
    check_page(page, "01-home")
