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
