"""Uploads (streamed, size limit, magic bytes), status, download, failure and retry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import MP4_HEAD, Family, accelerometer_csv, corrupt_mp4


def _media_files(runtime: Any) -> list[Path]:
    root = Path(runtime.files.root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _episode(family: Family) -> str:
    infant_id = family.add_infant()
    return str(family.log_episode(infant_id)["episode"]["id"])


def wait_for_job(family: Family, recording_id: str, timeout_s: float = 90.0) -> dict[str, Any]:
    """Poll the status until the job is done or failed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        info: dict[str, Any] = family.get(f"/api/v1/recordings/{recording_id}").json()
        if info["status"] in {"done", "failed"}:
            return info
        time.sleep(0.2)
    raise AssertionError(f"job of {recording_id} did not finish in {timeout_s} s: {info}")


def test_multipart_upload_is_stored_privately_and_queued(family_a: Family, runtime: Any) -> None:
    episode_id = _episode(family_a)
    data = accelerometer_csv(seconds=4)
    r = family_a.upload(episode_id, data, "../../etc/leg.csv")
    assert r.status_code == 202, r.text
    info = r.json()
    assert info["status"] == "queued" and info["progress"] == 0
    assert info["content_type"] == "text/csv"
    assert info["size_bytes"] == len(data)
    assert info["filename"] == "leg.csv"
    files = _media_files(runtime)
    assert len(files) == 1 and files[0].read_bytes() == data
    assert "leg" not in files[0].name  # the stored name is random, not the client's
    listed = family_a.get(f"/api/v1/episodes/{episode_id}/recordings").json()
    assert [x["id"] for x in listed] == [info["id"]]
    download = family_a.get(f"/api/v1/recordings/{info['id']}/video")
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"].startswith("text/csv")
    assert download.headers["cache-control"] == "private, no-store"
    not_ready = family_a.get(f"/api/v1/recordings/{info['id']}/analysis")
    assert not_ready.status_code == 409
    assert not_ready.json()["error"]["code"] == "analysis_not_ready"


def test_raw_body_upload_with_filename(family_a: Family) -> None:
    episode_id = _episode(family_a)
    r = family_a.post(
        f"/api/v1/episodes/{episode_id}/recordings",
        params={"filename": "clip.mp4"},
        content=corrupt_mp4(),
        headers={"content-type": "video/mp4"},
    )
    assert r.status_code == 202, r.text
    assert r.json()["content_type"] == "video/mp4" and r.json()["filename"] == "clip.mp4"


def test_too_large_is_413_and_nothing_is_kept(family_a: Family, runtime: Any) -> None:
    episode_id = _episode(family_a)
    big = MP4_HEAD + b"\x00" * (3 * 1024 * 1024)  # the test limit is 2 MB
    r = family_a.upload(episode_id, big)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"
    assert "2 MB" in r.json()["error"]["message"]

    def chunked() -> Iterator[bytes]:  # no Content-Length: the streaming check must stop it
        yield MP4_HEAD
        for _ in range(40):
            yield b"\x00" * (100 * 1024)

    r = family_a.post(
        f"/api/v1/episodes/{episode_id}/recordings",
        content=chunked(),
        headers={"content-type": "video/mp4"},
    )
    assert r.status_code == 413
    assert _media_files(runtime) == []
    assert family_a.get(f"/api/v1/episodes/{episode_id}/recordings").json() == []


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.png"),
        (b"%PDF-1.4\n%...", "report.mp4"),
        (b"", "empty.mp4"),
    ],
)
def test_not_a_video_is_415_and_nothing_is_kept(
    family_a: Family, runtime: Any, data: bytes, name: str
) -> None:
    episode_id = _episode(family_a)
    r = family_a.upload(episode_id, data, name)
    assert r.status_code == 415, r.text
    assert r.json()["error"]["code"] == "unsupported_media_type"
    assert r.json()["error"]["field"] == "file"
    assert _media_files(runtime) == []


def test_missing_file_field_is_named(family_a: Family) -> None:
    episode_id = _episode(family_a)
    r = family_a.post(
        f"/api/v1/episodes/{episode_id}/recordings", files={"video": ("a.csv", b"t,x\n1,2\n")}
    )
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "file"


def test_upload_to_unknown_episode_is_404_and_nothing_is_kept(
    family_a: Family, runtime: Any
) -> None:
    r = family_a.upload("no-such-episode", accelerometer_csv(seconds=2), "a.csv")
    assert r.status_code == 404
    assert _media_files(runtime) == []


def test_failed_analysis_keeps_its_reason_and_can_be_retried(
    family_a: Family, runtime: Any, worker: Any
) -> None:
    episode_id = _episode(family_a)
    r = family_a.upload(episode_id, corrupt_mp4(), "broken.mp4")
    assert r.status_code == 202
    recording_id = r.json()["id"]
    info = wait_for_job(family_a, recording_id)
    assert info["status"] == "failed"
    assert "broken.mp4 is not a video" in info["error"]  # the caregiver's file name, not ours
    assert info["analysis"] is None
    refused = family_a.post(f"/api/v1/recordings/{recording_id}/analysis")
    assert refused.status_code == 405
    retried = family_a.post(f"/api/v1/recordings/{recording_id}/retry")
    assert retried.status_code == 202
    assert retried.json()["status"] in {"queued", "running", "failed"}
    again = wait_for_job(family_a, recording_id)
    assert again["status"] == "failed" and again["error"]
    with runtime.session() as s:
        from tremorwatch.storage.repositories import diary

        row = diary.recording_for_job(s, recording_id)
        assert row is not None and row.attempts == 2
    not_failed_twice = family_a.post(f"/api/v1/recordings/{recording_id}/retry")
    assert not_failed_twice.status_code == 202


def test_retry_of_a_queued_job_is_a_conflict(family_a: Family) -> None:
    episode_id = _episode(family_a)
    recording_id = family_a.upload(episode_id, corrupt_mp4(), "x.mp4").json()["id"]
    r = family_a.post(f"/api/v1/recordings/{recording_id}/retry")
    assert r.status_code == 409
    assert "Only a failed analysis can be retried" in r.json()["error"]["message"]


def test_delete_recording_removes_the_file(family_a: Family, runtime: Any) -> None:
    episode_id = _episode(family_a)
    recording_id = family_a.upload(episode_id, accelerometer_csv(seconds=2), "a.csv").json()["id"]
    assert len(_media_files(runtime)) == 1
    assert family_a.request("DELETE", f"/api/v1/recordings/{recording_id}").status_code == 204
    assert _media_files(runtime) == []
    assert family_a.get(f"/api/v1/recordings/{recording_id}").status_code == 404


def test_analysis_result_appears_and_the_episode_is_triaged_again(
    family_a: Family, worker: Any
) -> None:
    """Known answer: a 6 Hz oscillation in the CSV is found as a 6 Hz tremor (±0.3 Hz)."""
    infant_id = family_a.add_infant()
    episode = family_a.log_episode(infant_id)
    episode_id = episode["episode"]["id"]
    assert "motion" not in family_a.get(f"/api/v1/episodes/{episode_id}").json()["triage"]
    r = family_a.upload(episode_id, accelerometer_csv(frequency_hz=6.0), "leg.csv")
    info = wait_for_job(family_a, r.json()["id"])
    assert info["status"] == "done", info
    assert info["progress"] == 1 and info["error"] is None
    analysis = family_a.get(f"/api/v1/recordings/{info['id']}/analysis").json()
    assert analysis["schema"] == "tremorwatch.motion-analysis/1"
    assert analysis["source"]["kind"] == "accelerometer"
    assert abs(analysis["dominant_frequency_hz"] - 6.0) <= 0.3
    assert analysis["pattern"] == "tremor"
    saved = family_a.get(f"/api/v1/infants/{infant_id}/assessments").json()
    linked = [a for a in saved if a["episode_id"] == episode_id]
    assert len(linked) == 2  # logged, then again with the motion summary
    assert linked[0]["assessment"]["motion"] == {"dominant_frequency_hz": 6.0, "pattern": "tremor"}
