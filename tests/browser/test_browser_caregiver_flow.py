"""A caregiver's flow in real Chromium: sign up, add the baby, log an episode with a video until
the analysis shows, the diary, a check saved to the diary; another family cannot reach any of it.

The video is a synthetic phone-like clip of a leg shaking at 6 Hz
(:func:`tremorwatch.analysis.synthetic.write_synthetic_clip`); the server's real background
worker analyses it, and the page shows the result without a reload by hand (JavaScript polling;
the no-JS fallback is a meta refresh, checked in tests/web/pages).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from browser_helpers import check_page, run_interview
from playwright.sync_api import BrowserContext, Page, expect

from interview_answers import REASSURING
from tremorwatch.analysis.synthetic import write_synthetic_clip

pytestmark = pytest.mark.browser


def sign_up(page: Page, email: str, name: str, *, screenshots: bool = False) -> None:
    page.goto("/signup")
    if screenshots:
        page.fill("#f-display_name", name)
        page.fill("#f-email", "not an email")
        page.fill("#f-password", "short")
        page.get_by_role("button", name="Create account").click()
        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#f-display_name")).to_have_value(name)  # nothing lost
        assert check_page(page, "10-signup-errors") == []  # no axe violation at all
    page.fill("#f-display_name", name)
    page.fill("#f-email", email)
    page.fill("#f-password", "correct horse battery staple")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/babies/new$"))


def add_baby(page: Page, name: str, *, screenshots: bool = False) -> str:
    born = (datetime.now(UTC) - timedelta(days=20)).date().isoformat()
    if screenshots:
        assert check_page(page, "11-add-baby") == []  # no axe violation at all
        page.fill("#f-date_of_birth", born)
        page.fill("#f-gestational_age_weeks", "51")
        page.check('input[name="history"][value="infant_of_diabetic_mother"]')
        page.get_by_role("button", name="Add baby").click()
        expect(page.locator("#e-name")).to_have_text("Enter a name or nickname.")
        expect(page.locator('input[value="infant_of_diabetic_mother"]')).to_be_checked()
        assert check_page(page, "12-add-baby-errors") == []  # no axe violation at all
    page.fill("#f-name", name)
    page.fill("#f-date_of_birth", born)
    page.fill("#f-gestational_age_weeks", "39")
    page.get_by_role("button", name="Add baby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{name}'s diary")
    return page.url.rsplit("/", 1)[1]


def test_sign_up_baby_episode_with_video_diary_and_check(
    page: Page, context: BrowserContext, tmp_path: Path
) -> None:
    sign_up(page, "browser-parent@example.org", "Dana", screenshots=True)
    infant_id = add_baby(page, "Ivy", screenshots=True)
    assert check_page(page, "13-diary-empty") == []  # no axe violation at all

    clip = tmp_path / "ivy-leg.mp4"
    write_synthetic_clip(clip, pattern="tremor", frequency_hz=6.0, duration_s=6.0, seed=7)
    page.get_by_role("link", name="Log an episode").click()
    assert check_page(page, "14-log-episode") == []  # no axe violation at all
    page.fill("#f-duration_s", "12")
    page.check('input[name="body_parts"][value="left_leg"]')
    page.check('input[name="body_parts"][value="right_leg"]')
    page.check('input[name="states"][value="crying_or_upset"]')
    page.check('input[name="stops_with_gentle_hold"][value="yes"]')
    page.check('input[name="responsive"][value="yes"]')
    page.set_input_files("#f-video", str(clip))
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_role("heading", name="Why we say this")).to_be_visible()
    episode_url = page.url
    # The analysis runs in the server's worker; the page polls and reloads when it is done.
    expect(page.get_by_text("Tremor (fast, even back-and-forth shaking)")).to_be_visible(
        timeout=120_000
    )
    expect(page.get_by_text("6.0 shakes per second (6.0 Hz)")).to_be_visible()
    expect(page.locator("svg.plot[role=img]")).to_be_visible()
    assert check_page(page, "15-episode-analysed") == []  # no axe violation at all

    page.get_by_role("link", name="Edit").click()
    expect(page.locator("#f-duration_s")).to_have_value("12")
    assert check_page(page, "16-edit-episode") == []  # no axe violation at all
    page.go_back()

    page.goto(f"/babies/{infant_id}")
    expect(page.get_by_text("6.0 Hz tremor")).to_be_visible()
    assert check_page(page, "17-diary") == []  # no axe violation at all

    page.goto("/check")
    run_interview(page, REASSURING)
    expect(page.get_by_text("Saved to")).to_be_visible()
    assert check_page(page, "18-check-saved") == []  # no axe violation at all

    page.goto("/family")
    assert check_page(page, "19-family") == []  # no axe violation at all
    page.get_by_role("button", name="Create invitation link").click()
    expect(page.locator("#invite-link")).to_be_visible()
    page.goto("/family/tokens")
    page.fill("#f-name", "Home tablet")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_be_visible()
    assert check_page(page, "20-tokens") == []  # no axe violation at all

    page.goto(episode_url.replace("/episodes/", "/episodes/") + "/delete")
    assert check_page(page, "21-delete-confirm") == []  # no axe violation at all

    # Another family, in its own browser profile, cannot reach any of it.
    other = context.browser.new_context(  # type: ignore[union-attr]
        base_url=page.url.split("/episodes")[0].split("/babies")[0].split("/family")[0],
        viewport={"width": 390, "height": 844},
    )
    try:
        stranger = other.new_page()
        sign_up(stranger, "browser-stranger@example.org", "Eli")
        for url in (episode_url, f"/babies/{infant_id}", episode_url + "/edit"):
            response = stranger.goto(url)
            assert response is not None and response.status == 404, url
            expect(stranger.get_by_role("heading", level=1)).to_have_text(
                "We could not find that page"
            )
            expect(stranger.get_by_text("Ivy")).to_have_count(0)
        assert check_page(stranger, "22-other-family-404") == []  # no axe violation at all
    finally:
        other.close()
