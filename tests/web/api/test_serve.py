"""``tremorwatch serve`` starts on SQLite with no set-up: migrates, serves, runs jobs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tremorwatch.storage import migrate
from tremorwatch.storage.engine import engine_for_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_migrates_and_answers(isolated_env: Path) -> None:
    port = _free_port()
    env = {**os.environ, "TREMORWATCH_DATA_DIR": str(isolated_env)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tremorwatch", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline and response is None:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2)
            except httpx.HTTPError:
                time.sleep(0.3)
        assert response is not None and response.status_code == 200
        assert "/api/v1/infants" in response.json()["paths"]
        triage = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/assessments",
            json={"infant": {"age_days": 10}, "findings": ["blue_or_grey_color"]},
            timeout=10,
        )
        assert triage.status_code == 200 and triage.json()["disposition"] == "emergency"
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0, out.decode()
    engine = engine_for_url(f"sqlite:///{isolated_env / 'tremorwatch.db'}")
    try:
        assert migrate.is_up_to_date(engine)
    finally:
        engine.dispose()
    assert (isolated_env / "secret_key").stat().st_mode & 0o777 == 0o600
    assert (isolated_env / "jobs.db").exists()
