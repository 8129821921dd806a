"""Browser tests in real headless Chromium (Debian's ``chromium``) against a real server.

The app runs under uvicorn in a subprocess on 127.0.0.1 with a free port and its own data
folder (SQLite, embedded analysis worker), exactly as ``tremorwatch serve`` runs it. Pages are
driven with Playwright for Python through ``executable_path`` (never a downloaded browser) on a
phone-sized viewport (390x844). Every page visited is checked with axe-core.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("TREMORWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
SERVE_APP = Path(__file__).resolve().parent / "serve_app.py"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"the app server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app server did not answer at {url} within {timeout_s} s")


def _serve(data_dir: Path, extra_env: dict[str, str]) -> Iterator[str]:
    """Run the app in a subprocess with its own data folder; yield its base URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREMORWATCH_")}
    env.update(
        TREMORWATCH_DATA_DIR=str(data_dir),
        TREMORWATCH_MAX_UPLOAD_MB="50",
        MPLBACKEND="Agg",
        **extra_env,
    )
    process = subprocess.Popen(
        [sys.executable, str(SERVE_APP), str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a live tremorwatch server with an empty database (emergency number 112 for
    the whole instance, as a clinic would set it)."""
    yield from _serve(
        tmp_path_factory.mktemp("browser-data"), {"TREMORWATCH_EMERGENCY_NUMBER": "112"}
    )


@pytest.fixture(scope="session")
def country_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second live server without an instance emergency number: each family's country
    decides."""
    yield from _serve(tmp_path_factory.mktemp("browser-country-data"), {})


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless (never a browser that Playwright downloads)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's package with `apt-get install chromium`."
        )
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser, server_url: str) -> Iterator[BrowserContext]:
    """A fresh phone-sized browser profile (its own cookies) pointed at the server."""
    ctx = browser.new_context(
        base_url=server_url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
