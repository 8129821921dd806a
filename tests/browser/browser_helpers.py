"""Helpers of the browser tests: the accessibility check and phone-sized screenshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
#: axe impacts that fail a test.
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2 A/AA and best practices) on the page; every violation found."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }"""
    )
    return list(result)


def check_page(page: Page, name: str) -> list[dict[str, Any]]:
    """Screenshot the page as ``name`` and fail on serious or critical axe violations.

    Returns the milder violations (moderate, minor) so a test can look at them.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"accessibility violations on {name} ({page.url}):\n" + json.dumps(
        blocking, indent=2
    )
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]


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
        # every screen is checked: it covers each kind of question (buttons, numbers, lists)
        assert check_page(page, f"{screenshots or 'interview'}-q{number + 1:02d}") == []
        asked.append(answer_current_question(page, answers))
    raise AssertionError(f"the interview did not end: {asked}")
