"""Start the clinic topology as real processes: ``tremorwatch serve`` and ``tremorwatch worker``.

Used by the tests of :mod:`tests.deploy` (and kept out of pytest's collection by its name).
"""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without TREMORWATCH_*, plus ``settings`` (names in lower case)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREMORWATCH_")}
    env.update({f"TREMORWATCH_{name.upper()}": value for name, value in settings.items()})
    return env


class Process:
    """A tremorwatch command in a subprocess, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._handle = log.open("wb")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "tremorwatch", *args],
            env=env,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGINT, then SIGKILL after 30 s; the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGINT)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self._handle.close()
        return self.popen.returncode


class Server(Process):
    """``tremorwatch serve --workers N`` on a free port, waited for until it answers."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        super().__init__(
            ["serve", "--port", str(self.port), "--workers", str(workers), "--no-migrate"],
            env,
            log,
        )

    def wait_until_up(self, timeout_s: float = 90.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"serve exited early:\n{self.output()}")
            try:
                if httpx.get(f"{self.base}/api/v1/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"serve did not answer within {timeout_s} s:\n{self.output()}")


def accelerometer_csv(*, frequency_hz: float, seconds: float = 12.0) -> bytes:
    """A 100 Hz accelerometer CSV with a ``frequency_hz`` oscillation (spec layout, m/s²)."""
    lines = ["time_s,ax,ay,az"]
    for i in range(int(seconds * 100)):
        t = i / 100
        on = 1.0 if 2.0 <= t <= seconds - 2.0 else 0.0
        lines.append(f"{t:.3f},{1.5 * on * math.sin(2 * math.pi * frequency_hz * t):.5f},0.02,9.81")
    return ("\n".join(lines) + "\n").encode()
