"""Caregiver pages under `tremorwatch serve`: interview speed and a 200 MB upload's memory.

Run: ``python benchmarks/web_pages.py [--upload-mb 200] [--interviews 5]``.

It starts the real server (``tremorwatch serve --job-threads 0``) on 127.0.0.1 with a free port and
an empty temporary data folder (SQLite), then, over loopback only:

1. walks the "Is this an emergency?" interview to its answer ``--interviews`` times as a browser
   would (one POST per screen, reassuring answers for a 2-week-old) and reports the latency of
   each screen (median, 95th percentile, max) and the screens per interview;
2. signs up, adds a baby and sends the episode form (``multipart/form-data``) with a
   ``--upload-mb`` video-like file, sampling the server's resident memory (VmRSS from
   /proc/<pid>/status) every 20 ms: the page parses the form as it streams and writes the video
   straight to the private media folder, so the peak should stay near the baseline whatever
   the size.

Everything it starts stops by itself; the data folder is deleted at the end.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

REASSURING = {
    "episode.happening_now": "no",
    "episode.stops_with_gentle_hold": "yes",
    "vitals.temperature_c": "37.0",
    "episode.longest_duration_s": "10",
    "episode.comes_in_clusters": "no",
    "episode.one_side_only": "no",
    "infant.vitamin_k_at_birth": "yes",
    "episode.provoked_by_stimulus": "yes",
    "episode.trend": "improving",
    "episode.states": ["crying_or_upset", "handling_or_noise"],
    "vitals.wet_diapers_24h": "7",
}
_FIELD = re.compile(r'name="field" value="([^"]*)"')
_STATE = re.compile(r'name="state" value="([^"]*)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(data_dir: Path, port: int, upload_mb: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREMORWATCH_")}
    env.update(TREMORWATCH_DATA_DIR=str(data_dir), TREMORWATCH_MAX_UPLOAD_MB=str(upload_mb + 50))
    process = subprocess.Popen(
        [sys.executable, "-m", "tremorwatch", "serve", "--port", str(port), "--job-threads", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def interview(client: httpx.Client) -> list[float]:
    """One interview to its answer; the latency of each screen, seconds."""
    times: list[float] = []
    page = client.get("/check").text
    for _ in range(60):
        field_match = _FIELD.search(page)
        if field_match is None:
            return times
        field = html.unescape(field_match.group(1))
        data: dict[str, object] = {
            "csrf_token": html.unescape(_CSRF.search(page).group(1)),  # type: ignore[union-attr]
            "state": html.unescape(_STATE.search(page).group(1)),  # type: ignore[union-attr]
            "field": field,
        }
        value = REASSURING.get(field)
        if field == "infant.age_days":
            data.update(age="2", unit="weeks")
        elif value is not None:
            data["answer"] = value
        else:
            data["none" if 'name="none"' in page else "skip"] = "1"
        started = time.perf_counter()
        response = client.post("/check", data=data)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
        page = response.text
    raise SystemExit("the interview did not end")


def upload(client: httpx.Client, pid: int, size_mb: int, folder: Path) -> dict[str, float]:
    token = html.unescape(_CSRF.search(client.get("/signup").text).group(1))  # type: ignore[union-attr]
    client.post(
        "/signup",
        data={
            "csrf_token": token,
            "display_name": "Bench",
            "email": "bench@example.org",
            "password": "benchmark password",
        },
    )
    born = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    token = html.unescape(_CSRF.search(client.get("/babies/new").text).group(1))  # type: ignore[union-attr]
    baby = client.post(
        "/babies/new", data={"csrf_token": token, "name": "Bench", "date_of_birth": born}
    )
    form = client.get(str(baby.url) + "/episodes/new").text
    action = html.unescape(re.search(r'action="([^"]+)" class="card" enctype', form).group(1))  # type: ignore[union-attr]
    video = folder / "big.mp4"
    with video.open("wb") as out:  # an MP4 header, then zeros (sparse on disk)
        out.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        out.truncate(size_mb * 1024 * 1024)
    baseline = rss_mb(pid)
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    try:
        with video.open("rb") as handle:
            response = client.post(
                action,
                data={
                    "started_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"),
                    "duration_s": "10",
                },
                files={"video": ("big.mp4", handle, "video/mp4")},
                timeout=600,
            )
    finally:
        done.set()
        sampler.join()
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or "/episodes/" not in str(response.url):
        raise SystemExit(f"upload failed: {response.status_code} {response.url}")
    return {
        "size_mb": size_mb,
        "seconds": elapsed,
        "mb_per_s": size_mb / elapsed,
        "rss_baseline_mb": baseline,
        "rss_peak_mb": peak,
        "rss_growth_mb": peak - baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--upload-mb", type=int, default=200)
    parser.add_argument("--interviews", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tw-bench-pages-"))
    port = free_port()
    server = start_server(folder / "data", port, args.upload_mb)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as client:
            latencies: list[float] = []
            screens = []
            for _ in range(args.interviews):
                times = interview(client)
                latencies += times
                screens.append(len(times))
            latencies.sort()
            p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
            print(
                f"interview: {args.interviews} runs, {statistics.median(screens):.0f} screens each; "
                f"per screen median {1000 * statistics.median(latencies):.0f} ms, "
                f"p95 {1000 * p95:.0f} ms, max {1000 * latencies[-1]:.0f} ms"
            )
            result = upload(client, server.pid, args.upload_mb, folder)
            print(
                f"upload: {result['size_mb']:.0f} MB in {result['seconds']:.1f} s "
                f"({result['mb_per_s']:.0f} MB/s); server RSS {result['rss_baseline_mb']:.0f} MB "
                f"before, peak {result['rss_peak_mb']:.0f} MB (+{result['rss_growth_mb']:.1f} MB)"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
