"""Real processes for the fault tests: ``tremorwatch serve`` / ``worker`` killed with SIGKILL.

(Its own module name, so ``from fault_helpers import ...`` never picks another folder's file.)

:func:`audit_media` is the "nothing half-written is visible" check used after every restart.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from tremorwatch.storage.engine import engine_for_url
from tremorwatch.storage.models_diary import RecordingRow

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_env(data_dir: Path, db_url: str, **settings: object) -> dict[str, str]:
    """The environment of a child process: this test's data folder, database and settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREMORWATCH_")}
    env.update(
        TREMORWATCH_DATA_DIR=str(data_dir),
        TREMORWATCH_DATABASE_URL=db_url,
        TREMORWATCH_SECRET_KEY="fault-tests-secret-key-0123456789abcdef",
        TREMORWATCH_LOG_LEVEL="WARNING",
    )
    env.update({f"TREMORWATCH_{k.upper()}": str(v) for k, v in settings.items()})
    return env


class Server:
    """``tremorwatch serve`` on a free port, as a child process."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = free_port()
        self.log = Path(env["TREMORWATCH_DATA_DIR"]).parent / f"serve-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout_s: float = 90.0) -> Server:
        with self.log.open("wb") as log:
            self.process = self._spawn(log)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited: {self.output()}")
            try:
                if httpx.get(f"{self.url}/api/v1/openapi.json", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"serve did not answer within {timeout_s} s")

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tremorwatch",
                "serve",
                "--port",
                str(self.port),
                "--migrate",
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> str:
        if self.process is None or self.process.poll() is not None:
            return self.output()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.output()


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A ``tremorwatch worker`` process with one thread (output in a log beside the data)."""
    log_path = Path(env["TREMORWATCH_DATA_DIR"]).parent / f"worker-{time.monotonic_ns()}.log"
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "tremorwatch", "worker", "--threads", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class ApiFamily:
    """A family signed up through the API of a running server, with a bearer token."""

    def __init__(self, base_url: str, email: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30)
        r = self.client.post(
            "/api/v1/auth/signup",
            json={"email": email, "password": PASSWORD, "display_name": "Fault"},
        )
        assert r.status_code == 201, r.text
        csrf = r.json()["csrf_token"]
        r = self.client.post(
            "/api/v1/auth/tokens", json={"name": "faults"}, headers={"X-CSRF-Token": csrf}
        )
        assert r.status_code == 201, r.text
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}
        self.session_cookies = dict(self.client.cookies)
        self.client.cookies.clear()

    def close(self) -> None:
        self.client.close()

    def rebase(self, base_url: str) -> None:
        """Talk to another (restarted) server."""
        self.client.close()
        self.client = httpx.Client(base_url=base_url, timeout=30)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kwargs)

    def episode(self) -> str:
        r = self.request(
            "POST", "/api/v1/infants", json={"name": "Bo", "date_of_birth": "2026-09-01"}
        )
        assert r.status_code == 201, r.text
        infant_id = r.json()["infant"]["id"]
        r = self.request(
            "POST",
            f"/api/v1/infants/{infant_id}/episodes",
            json={"started_at": "2026-11-20T08:30:00Z", "duration_s": 12},
        )
        assert r.status_code == 201, r.text
        return str(r.json()["episode"]["id"])

    def upload(self, episode_id: str, data: bytes, filename: str) -> httpx.Response:
        return self.request(
            "POST",
            f"/api/v1/episodes/{episode_id}/recordings",
            files={"file": (filename, data, "application/octet-stream")},
        )

    def wait_for(self, recording_id: str, statuses: set[str], timeout_s: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        body: dict[str, Any] = {}
        while time.monotonic() < deadline:
            r = self.request("GET", f"/api/v1/recordings/{recording_id}")
            assert r.status_code == 200, r.text
            body = r.json()
            if body["status"] in statuses:
                return body
            time.sleep(0.1)
        raise AssertionError(f"recording still {body.get('status')} after {timeout_s} s")


def recording_row(db_url: str, recording_id: str) -> Any:
    """The recording's row as stored (job fields the API does not show, such as attempts)."""
    (row,) = [r for r in recording_rows(db_url) if r.id == recording_id]
    return row


def recording_rows(db_url: str) -> list[Any]:
    engine = engine_for_url(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(RecordingRow.__table__)).all())  # type: ignore[arg-type]
    finally:
        engine.dispose()


def audit_media(media_dir: Path, db_url: str) -> list[str]:
    """Every half-written thing visible after a crash, in words (empty: all is well).

    - a recording row whose file is missing, or differs in size or sha256 from the row;
    - a partial upload (``.upload-*.part``) left in the media folder;
    - a file in the media folder that no recording refers to.
    """
    problems: list[str] = []
    keys = set()
    for row in recording_rows(db_url):
        keys.add(row.storage_key)
        path = media_dir / row.storage_key
        if not path.is_file():
            problems.append(f"recording {row.id} points at a missing file")
            continue
        data = path.read_bytes()
        if len(data) != row.size_bytes or hashlib.sha256(data).hexdigest() != row.sha256:
            problems.append(f"recording {row.id} points at a partial or changed file")
    if media_dir.is_dir():
        for path in media_dir.rglob("*"):
            if not path.is_file():
                continue
            key = path.relative_to(media_dir).as_posix()
            if path.name.endswith(".part"):
                problems.append(f"partial upload {key} left in the media folder")
            elif key not in keys:
                problems.append(f"orphan file {key} (no recording refers to it)")
    return problems
