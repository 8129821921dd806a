"""The clinician part in real Chromium: report page, milestone checklist, a share link with a
passcode opened by a clinician in another browser profile; every page checked with axe-core.

Screenshots land in ``test-artifacts/screenshots/clinician-*.png``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from browser_helpers import check_page
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser


def _family_with_baby(page: Page, email: str = "sam.clinician-flow@example.org") -> str:
    page.goto("/signup")
    page.fill("#f-display_name", "Sam")
    page.fill("#f-email", email)
    page.fill("#f-password", "correct horse battery staple")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/babies/new$"))
    born = (datetime.now(UTC) - timedelta(days=130)).date().isoformat()
    page.fill("#f-name", "Noor")
    page.fill("#f-date_of_birth", born)
    page.fill("#f-gestational_age_weeks", "39")
    page.get_by_role("button", name="Add baby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor's diary")
    return page.url.rsplit("/", 1)[1]


def test_report_milestones_and_share_link(page: Page, context: BrowserContext) -> None:
    infant_id = _family_with_baby(page)

    page.goto(f"/babies/{infant_id}/report")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report for the doctor")
    check_page(page, "clinician-01-report-options")

    page.goto(f"/babies/{infant_id}/milestones")
    expect(page.get_by_text("Checklist for")).to_contain_text("4 months")
    page.check('input[name="m_m04_holds_toy"][value="yes"]')
    page.check('input[name="m_m04_coos"][value="unsure"]')
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("status")).to_contain_text("Saved 2 answers")
    page.check('input[name="m_m04_holds_toy"][value="not_yet"]')
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("alert")).to_contain_text("A skill seems to have been lost")
    check_page(page, "clinician-02-milestones-loss")

    page.goto(f"/babies/{infant_id}/shares")
    page.fill("#passcode", "blue-whale")
    page.fill("#label", "Dr Ito")
    page.get_by_role("button", name="Make the link").click()
    link = page.get_by_label("Share link").input_value()
    assert "/s/" in link
    check_page(page, "clinician-03-share-created")

    clinician = context.browser.new_context(base_url=context.pages[0].url.split("/babies")[0])  # type: ignore[union-attr]
    try:
        other = clinician.new_page()
        other.goto(link)
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "This shared report needs a passcode"
        )
        check_page(other, "clinician-04-passcode")
        other.fill("#passcode", "blue-whale")
        other.get_by_role("button", name="Open the report").click()
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Infant movement diary: report for clinicians"
        )
        expect(other.get_by_text("Loss of skills", exact=False).first).to_be_visible()
        check_page(other, "clinician-05-shared-report")
    finally:
        clinician.close()

    page.goto(f"/babies/{infant_id}/shares")
    expect(page.locator("caption")).to_contain_text("Opened 2 times")
    page.get_by_role("button", name="Revoke now").click()
    expect(page.get_by_text("Revoked", exact=False).first).to_be_visible()
    revoked = context.browser.new_context()  # type: ignore[union-attr]
    try:
        gone = revoked.new_page()
        gone.goto(link)
        expect(gone.get_by_role("heading", level=1)).to_have_text("This link was revoked")
        check_page(gone, "clinician-06-revoked")
    finally:
        revoked.close()


def test_owner_deletes_the_family(page: Page) -> None:
    infant_id = _family_with_baby(page, "sam.deletes@example.org")
    page.goto("/family")
    page.get_by_role("link", name="Delete this family's diary…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this family's diary")
    page.fill("#confirm_name", "not the name")
    page.get_by_role("button", name="Delete everything").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing was deleted")
    check_page(page, "clinician-07-delete-refused")
    family_name = page.locator("label[for=confirm_name] strong").inner_text()
    page.fill("#confirm_name", family_name)
    page.get_by_role("button", name="Delete everything").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("is deleted")
    check_page(page, "clinician-08-deleted")
    page.goto(f"/babies/{infant_id}")
    expect(page).to_have_url(re.compile(r"/login"))
