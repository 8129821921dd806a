"""Logging an episode (with a video), its triage and analysis, editing and deleting it."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from page_helpers import Caregiver, days_ago, errors_of

from tremorwatch.analysis.synthetic import write_synthetic_clip


def _upload(
    owner: Caregiver, infant_id: str, video: bytes, name: str = "clip.mp4", **fields: Any
) -> Any:
    data = {
        "started_at": days_ago(0.1),
        "duration_s": "12",
        "body_parts": ["left_leg"],
        "stops_with_gentle_hold": "yes",
    }
    data.update(fields)
    return owner.client.post(
        f"/babies/{infant_id}/episodes/new?csrf_token={owner.token()}",
        data=data,
        files={"video": (name, video, "video/mp4")},
        follow_redirects=False,
    )


def test_episode_form_offers_the_phone_camera(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    form = owner.client.get(f"/babies/{infant_id}/episodes/new")
    assert form.status_code == 200
    assert 'accept="video/*" capture="environment"' in form.text
    assert 'enctype="multipart/form-data"' in form.text
    assert "csrf_token=" in form.text  # upload forms carry the token in the action URL


def test_logged_episode_shows_its_triage(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    episode_id = owner.log_episode(infant_id, notes="after the bath")
    page = owner.client.get(f"/episodes/{episode_id}")
    assert page.status_code == 200
    assert 'class="card result' in page.text
    assert "Why we say this" in page.text
    assert "after the bath" in page.text
    assert "Left leg, Right leg" in page.text
    diary = owner.client.get(f"/babies/{infant_id}").text
    assert f'href="/episodes/{episode_id}"' in diary


def test_episode_with_warning_signs_is_an_emergency_first(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    episode_id = owner.log_episode(
        infant_id, findings=["blue_or_grey_color", "unresponsive_during_episode"], responsive="no"
    )
    page = owner.client.get(f"/episodes/{episode_id}").text
    assert page.index("Call 911 now") < page.index("What you logged")
    assert 'href="tel:911"' in page


def test_episode_errors_keep_every_value_and_drop_no_answer(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    response = owner.client.post(
        f"/babies/{infant_id}/episodes/new?csrf_token={owner.token()}",
        data={
            "started_at": "",
            "duration_s": "a while",
            "body_parts": ["left_leg", "chin"],
            "states": ["asleep"],
            "findings": ["fever", "sweating"],
            "temperature_c": "52",
            "temperature_site": "ear",
            "triggers": "the dog barked",
            "stops_with_gentle_hold": "no",
            "notes": "second time today",
        },
        files={"video": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 400
    assert errors_of(response.text) == [
        "Enter when it started.",
        "How long it lasted must be a number, like 0.",
        "The temperature must be between 25 and 45 °C; you entered 52.",
    ]
    for kept in (
        'value="a while"',
        'value="left_leg" checked',
        'value="chin" checked',
        'value="asleep" checked',
        'value="fever" checked',
        'value="sweating" checked',
        'value="52"',
        'value="ear" selected',
        'value="the dog barked"',
        'value="no" checked',
        "second time today</textarea>",
    ):
        assert kept in response.text, kept


def test_an_episode_in_the_future_is_refused(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    response = _upload(owner, infant_id, b"", name="", started_at="2999-01-01T10:00")
    assert response.status_code == 400
    errors = errors_of(response.text)
    assert any(e.startswith("The start cannot be in the future: it is now ") for e in errors)


def test_edit_then_delete_with_confirmation(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    episode_id = owner.log_episode(infant_id)
    form = owner.client.get(f"/episodes/{episode_id}/edit")
    assert 'value="15"' in form.text and 'value="crying_or_upset" checked' in form.text
    bad = owner.post(
        f"/episodes/{episode_id}/edit", {"started_at": days_ago(1), "duration_s": "-3"}
    )
    assert bad.status_code == 400
    assert 'value="-3"' in bad.text
    good = owner.post(
        f"/episodes/{episode_id}/edit",
        {"started_at": days_ago(1), "duration_s": "40", "body_parts": ["right_arm"]},
    )
    assert good.status_code == 303
    assert "Right arm" in owner.client.get(f"/episodes/{episode_id}").text
    confirm = owner.client.get(f"/episodes/{episode_id}/delete")
    assert "This cannot be undone." in confirm.text
    assert owner.client.get(f"/episodes/{episode_id}").status_code == 200  # asking deletes nothing
    deleted = owner.post(f"/episodes/{episode_id}/delete")
    assert deleted.status_code == 303
    assert owner.client.get(f"/episodes/{episode_id}").status_code == 404


def _kept_with_problem(owner: Caregiver, response: Any, problem: str) -> str:
    """The episode was saved, the video was not, and the episode's page says why."""
    assert response.status_code == 303, errors_of(response.text)
    location = response.headers["location"]
    assert f"?video_problem={problem}" in location
    page = owner.client.get(location).text
    errors = errors_of(page)
    assert any("so it was not saved" in e and "The episode itself is saved" in e for e in errors)
    assert "No video with this episode." in page
    return page


def test_a_file_that_is_not_a_video_is_refused_and_the_episode_kept(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    response = _upload(
        owner, infant_id, b"%PDF-1.7 this is not a video" * 10, name="notes.pdf", triggers="hunger"
    )
    page = _kept_with_problem(owner, response, "unsupported_media_type")
    assert "is not a video tremorwatch can read" in page
    assert "hunger" in page  # the answers are in the saved episode


def test_video_too_large_is_refused_and_the_episode_kept(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    big = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (3 * 1024 * 1024)  # the test limit is 2 MB
    response = _upload(owner, infant_id, big)
    page = _kept_with_problem(owner, response, "too_large")
    assert "larger than the 2 MB" in page


def test_an_empty_video_is_said_and_the_episode_kept(owner: Caregiver) -> None:
    """A 0-byte file (a phone still saving, a cut-off upload) was dropped silently before."""
    infant_id = owner.add_baby()
    response = _upload(owner, infant_id, b"", name="VID_0001.mp4", triggers="bath")
    page = _kept_with_problem(owner, response, "empty")
    assert "was empty (0 bytes)" in page
    again = owner.client.post(
        response.headers["location"].split("?")[0] + f"/recordings?csrf_token={owner.token()}",
        files={"video": ("VID_0001.mp4", b"", "video/mp4")},
        follow_redirects=False,
    )
    assert again.status_code == 400
    assert any("was empty (0 bytes)" in e for e in errors_of(again.text))


def test_a_bad_video_with_bad_answers_keeps_the_answers_and_says_both(owner: Caregiver) -> None:
    infant_id = owner.add_baby()
    response = _upload(owner, infant_id, b"", name="clip.mp4", started_at="2999-01-01T10:00")
    assert response.status_code == 400
    errors = errors_of(response.text)
    assert any("cannot be in the future" in e for e in errors)
    assert any("was empty (0 bytes)" in e for e in errors)


def test_uploaded_video_is_analysed_and_the_result_shown(
    owner: Caregiver, worker: Any, tmp_path: Path
) -> None:
    clip = tmp_path / "leg.mp4"
    write_synthetic_clip(clip, pattern="tremor", frequency_hz=6.0, duration_s=6.0, seed=3)
    infant_id = owner.add_baby()
    response = _upload(owner, infant_id, clip.read_bytes(), name="leg.mp4")
    assert response.status_code == 303, errors_of(response.text)
    episode_url = response.headers["location"]
    page = owner.client.get(episode_url).text
    recording_id = re.search(r'data-recording-id="([^"]+)"', page)
    assert recording_id
    status_url = f"/recordings/{recording_id.group(1)}/status"
    if 'data-status="done"' not in page:
        assert '<meta http-equiv="refresh" content="5">' in page  # no-JS fallback
        assert "/static/poll.js" in page
    deadline = time.monotonic() + 120
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status = owner.client.get(status_url).json()
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status["status"] == "done", status
    page = owner.client.get(episode_url).text
    assert "Tremor (fast, even back-and-forth shaking)" in page
    assert "6.0 shakes per second (6.0 Hz)" in page
    assert '<svg class="plot" role="img"' in page
    assert 'http-equiv="refresh"' not in page
    video = owner.client.get(f"/recordings/{recording_id.group(1)}/video")
    assert video.status_code == 200
    assert video.content == clip.read_bytes()
    assert video.headers["content-type"] == "video/mp4"
    plot = owner.client.get(f"/recordings/{recording_id.group(1)}/plot.png")
    assert plot.status_code == 200
    assert plot.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_video_that_cannot_be_judged_says_what_to_film_differently(
    owner: Caregiver, worker: Any, tmp_path: Path
) -> None:
    """Kicks filmed by a shaking hand: the page says the clip could not be judged and, in one
    sentence, how to film it instead."""
    clip = tmp_path / "shaky.mp4"
    write_synthetic_clip(clip, pattern="kicking", duration_s=6.0, seed=7, camera_shake_hz=9.0)
    infant_id = owner.add_baby()
    response = _upload(owner, infant_id, clip.read_bytes(), name="shaky.mp4")
    assert response.status_code == 303, errors_of(response.text)
    episode_url = response.headers["location"]
    page = owner.client.get(episode_url).text
    recording_id = re.search(r'data-recording-id="([^"]+)"', page)
    assert recording_id
    deadline = time.monotonic() + 120
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status = owner.client.get(f"/recordings/{recording_id.group(1)}/status").json()
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status["status"] == "done", status
    page = owner.client.get(episode_url).text
    assert "The video could not be judged well" in page
    assert "The camera moved too much to see small shaking." in page
    assert "Film again with the phone resting on something steady" in page
    assert "Try filming again in good light" not in page  # the specific advice, not the generic


def test_while_a_video_waits_the_page_refreshes_itself_without_javascript(
    owner: Caregiver, tmp_path: Path
) -> None:
    clip = tmp_path / "wait.mp4"
    write_synthetic_clip(clip, pattern="kicking", frequency_hz=None, duration_s=2.0, seed=2)
    infant_id = owner.add_baby()
    response = _upload(owner, infant_id, clip.read_bytes(), name="wait.mp4")  # no worker runs
    assert response.status_code == 303
    page = owner.client.get(response.headers["location"]).text
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert '<script src="/static/poll.js" defer></script>' in page
    assert "Waiting to be analysed" in page
    assert '<progress id="progress-' in page
    recording_id = re.search(r'data-recording-id="([^"]+)"', page)
    assert recording_id
    status = owner.client.get(f"/recordings/{recording_id.group(1)}/status").json()
    assert status == {
        "id": recording_id.group(1),
        "status": "queued",
        "progress": 0.0,
        "error": None,
    }
    assert owner.client.get(f"/recordings/{recording_id.group(1)}/plot.png").status_code == 404
