"""Where a new user stumbled, seen in real Chromium on a 375 px phone, against a server with no
instance emergency number (each family's country decides).

- sign-up in a Spanish browser in Madrid stores Spain and Europe/Madrid (the hidden field is
  filled from ``Intl.DateTimeFormat().resolvedOptions().timeZone``) and shows 112;
- the report and the share page fit 375 px (no horizontal scroll) and the link has a working
  copy button;
- an empty (0-byte) video says so and the episode is kept;
- a slow upload shows its progress (Chromium's network throttling through CDP);
- ``/api/v1/docs`` renders with every request outside this server blocked (offline).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from browser_helpers import check_page
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

pytestmark = pytest.mark.browser

NARROW = {"width": 375, "height": 740}


@pytest.fixture
def madrid(browser: Browser, country_server_url: str) -> Iterator[BrowserContext]:
    """A 375 px phone whose browser speaks Spanish (Spain) and lives in Madrid."""
    ctx = browser.new_context(
        base_url=country_server_url,
        viewport=NARROW,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="es-ES",
        timezone_id="Europe/Madrid",
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)]"
    )
    scroll, inner, culprits = widths
    assert scroll <= inner, f"{page.url} scrolls sideways ({scroll} > {inner} px): {culprits}"


def _sign_up_and_add_baby(page: Page, email: str) -> str:
    page.goto("/signup")
    expect(page.locator("#f-country")).to_have_value("ES")  # from the browser's language
    page.fill("#f-display_name", "Lucía")
    page.fill("#f-email", email)
    page.fill("#f-password", "correct horse battery staple")
    expect(page.locator("input[name=timezone]")).to_have_value("Europe/Madrid")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/babies/new$"))
    expect(page.locator(".emergency-strip a")).to_have_text("112")
    born = (datetime.now(UTC) - timedelta(days=40)).date().isoformat()
    page.fill("#f-name", "Martina")
    page.fill("#f-date_of_birth", born)
    page.get_by_role("button", name="Add baby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Martina's diary")
    return page.url.rsplit("/", 1)[1]


def _log_episode(page: Page, infant_id: str, *, video: dict[str, object] | None = None) -> None:
    page.goto(f"/babies/{infant_id}/episodes/new")
    page.fill("#f-duration_s", "20")
    page.check('input[name="body_parts"][value="left_leg"]')
    page.check('input[name="stops_with_gentle_hold"][value="yes"]')
    page.fill(
        "#f-notes",
        "Averylongwordwithoutanyspacesthatwouldpushthepagesidewaysonaphone" * 3,
    )
    if video is not None:
        page.set_input_files("#f-video", video)  # type: ignore[arg-type]
    page.get_by_role("button", name="Save and check").click()
    expect(page).to_have_url(re.compile(r"/episodes/(?!new)[A-Za-z0-9_-]+"), timeout=60_000)


def test_spanish_family_in_madrid_report_and_share_page_fit_a_phone(madrid: BrowserContext) -> None:
    page = madrid.new_page()
    infant_id = _sign_up_and_add_baby(page, "lucia@example.org")

    page.goto("/family")
    expect(page.locator("#f-country")).to_have_value("ES")
    expect(page.locator("#f-timezone")).to_have_value("Europe/Madrid")
    assert check_page(page, "40-family-place") == []
    _no_sideways_scroll(page)

    _log_episode(page, infant_id)
    page.goto(f"/babies/{infant_id}/episodes/new")
    wall = page.locator("#f-started_at").input_value()
    now_madrid = page.evaluate(
        "() => new Intl.DateTimeFormat('sv-SE', {timeZone: 'Europe/Madrid', year: 'numeric',"
        " month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'}).format(new Date())"
    )
    assert wall.replace("T", " ")[:13] == now_madrid[:13]  # the form starts at Madrid's time

    page.goto(f"/babies/{infant_id}/report.html")
    expect(page.get_by_text("emergency number 112")).to_be_visible()
    expect(page.get_by_text("(Europe/Madrid)")).to_be_visible()
    _no_sideways_scroll(page)

    page.goto(f"/babies/{infant_id}/shares")
    page.get_by_role("button", name="Make the link").click()
    expect(page.locator("#share-link")).to_be_visible()
    _no_sideways_scroll(page)
    assert check_page(page, "41-share-link-375px") == []
    madrid.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    link = page.locator("#share-link").input_value()
    assert page.evaluate("() => navigator.clipboard.readText()") == link

    shared = madrid.new_page()
    shared.goto(link)
    expect(shared.get_by_role("heading", name="Triage history")).to_be_visible()
    _no_sideways_scroll(shared)


def test_empty_video_is_said_and_the_episode_kept(madrid: BrowserContext) -> None:
    page = madrid.new_page()
    infant_id = _sign_up_and_add_baby(page, "empty-video@example.org")
    _log_episode(
        page, infant_id, video={"name": "VID_0001.mp4", "mimeType": "video/mp4", "buffer": b""}
    )
    expect(page.locator("#e-video")).to_contain_text("was empty (0 bytes)")
    expect(page.locator("#e-video")).to_contain_text("The episode itself is saved")
    assert check_page(page, "42-empty-video") == []
    page.goto(f"/babies/{infant_id}")
    expect(page.locator("a", has_text="Episode ·")).to_have_count(1)


def test_slow_upload_shows_its_progress(madrid: BrowserContext) -> None:
    page = madrid.new_page()
    infant_id = _sign_up_and_add_baby(page, "slow@example.org")
    page.goto(f"/babies/{infant_id}/episodes/new")
    cdp = madrid.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 50,
            "downloadThroughput": 2_000_000,
            "uploadThroughput": 150_000,
        },
    )
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(1_200_000)  # an MP4 header, 1.2 MB
    page.fill("#f-duration_s", "20")
    page.set_input_files("#f-video", {"name": "slow.mp4", "mimeType": "video/mp4", "buffer": video})
    page.get_by_role("button", name="Save and check").click()
    progress = page.locator(".upload-progress progress")
    expect(progress).to_be_visible()
    expect(page.get_by_text(re.compile(r"Uploading the video… \d+%"))).to_be_visible()
    page.wait_for_function(
        "() => { const p = document.querySelector('.upload-progress progress');"
        " return p && p.value > 0 && p.value < 100; }",
        timeout=30_000,
    )
    expect(page).to_have_url(re.compile(r"/episodes/(?!new)[A-Za-z0-9_-]+$"), timeout=60_000)
    expect(page.get_by_text("slow.mp4")).to_be_visible()


def test_api_docs_render_offline(madrid: BrowserContext, country_server_url: str) -> None:
    outside: list[str] = []

    def only_this_server(route: Route) -> None:
        if route.request.url.startswith(country_server_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    madrid.route("**/*", only_this_server)
    page = madrid.new_page()
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("tremorwatch")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert outside == []
