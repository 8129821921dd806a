"""Another family's baby, episode, video or check is a 404 page on every route, never a leak.

Each route is tried by a caregiver of another family with the owner's real ids (and by the
owner with made-up ids: the same page). State-changing routes are tried with a valid CSRF
token of the stranger's own session, and the owner's data is checked to be unchanged after.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from page_helpers import REASSURING, Caregiver, run_interview

from tremorwatch.analysis.synthetic import write_synthetic_clip


@pytest.fixture
def owned(owner: Caregiver, tmp_path: Path) -> dict[str, str]:
    """The owner's baby, an episode with a video, and a saved check: their ids."""
    infant_id = owner.add_baby("Mia")
    episode_id = owner.log_episode(infant_id, notes="secret-note-42")
    clip = tmp_path / "clip.mp4"
    write_synthetic_clip(clip, pattern="kicking", frequency_hz=None, duration_s=2.0, seed=1)
    uploaded = owner.client.post(
        f"/episodes/{episode_id}/recordings?csrf_token={owner.token()}",
        files={"video": ("clip.mp4", clip.read_bytes(), "video/mp4")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    page = owner.client.get(f"/episodes/{episode_id}").text
    recording = re.search(r'data-recording-id="([^"]+)"', page)
    assert recording
    run_interview(owner.client, REASSURING)
    diary = owner.client.get(f"/babies/{infant_id}").text
    assessment = re.search(r'href="/assessments/([^"]+)"', diary)
    assert assessment
    return {
        "infant": infant_id,
        "episode": episode_id,
        "recording": recording.group(1),
        "assessment": assessment.group(1),
    }


GET_ROUTES = [
    "/babies/{infant}",
    "/babies/{infant}/edit",
    "/babies/{infant}/episodes/new",
    "/check?infant={infant}",
    "/episodes/{episode}",
    "/episodes/{episode}/edit",
    "/episodes/{episode}/delete",
    "/recordings/{recording}/status",
    "/recordings/{recording}/video",
    "/recordings/{recording}/plot.png",
    "/assessments/{assessment}",
    "/assessments/{assessment}/delete",
]
POST_ROUTES = [
    ("/babies/{infant}/edit", {"name": "Taken", "date_of_birth": "2026-11-01"}),
    ("/episodes/{episode}/edit", {"started_at": "2026-11-01T10:00", "notes": "changed"}),
    ("/episodes/{episode}/delete", {}),
    ("/recordings/{recording}/retry", {}),
    ("/assessments/{assessment}/delete", {}),
]


def test_every_get_route_is_a_404_for_another_family(
    owned: dict[str, str], stranger: Caregiver, owner: Caregiver
) -> None:
    for template in GET_ROUTES:
        url = template.format(**owned)
        page = stranger.client.get(url)
        assert page.status_code == 404, url
        assert "We could not find that page" in page.text, url
        assert "Mia" not in page.text and "secret-note-42" not in page.text, url
        made_up = owner.client.get(template.format(**{k: "x" * 22 for k in owned}))
        assert made_up.status_code == 404, template


def test_every_post_route_is_a_404_for_another_family_and_changes_nothing(
    owned: dict[str, str], stranger: Caregiver, owner: Caregiver
) -> None:
    for template, data in POST_ROUTES:
        url = template.format(**owned)
        response = stranger.post(url, data)
        assert response.status_code == 404, url
    upload = stranger.client.post(
        f"/episodes/{owned['episode']}/recordings?csrf_token={stranger.token()}",
        files={"video": ("x.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video/mp4")},
    )
    assert upload.status_code == 404
    log = stranger.client.post(
        f"/babies/{owned['infant']}/episodes/new?csrf_token={stranger.token()}",
        data={"started_at": "2026-11-01T10:00"},
        files={"video": ("", b"", "application/octet-stream")},
    )
    assert log.status_code == 404
    episode = owner.client.get(f"/episodes/{owned['episode']}")
    assert episode.status_code == 200 and "secret-note-42" in episode.text
    assert "Mia's diary" in owner.client.get(f"/babies/{owned['infant']}").text
    assert owner.client.get(f"/assessments/{owned['assessment']}").status_code == 200
    assert owner.client.get(f"/recordings/{owned['recording']}/status").json()["status"] in {
        "queued",
        "running",
        "done",
    }


def test_strangers_home_and_diary_do_not_list_the_other_family(
    owned: dict[str, str], stranger: Caregiver
) -> None:
    home: Any = stranger.client.get("/")
    assert "Mia" not in home.text
    assert owned["infant"] not in home.text
