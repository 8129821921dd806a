"""Another family's data is unreachable: EVERY API route with an id answers 404 to outsiders.

The routes are read from the OpenAPI document, so a new route with a path parameter is walked
automatically (and fails here until it is given a request body and an id below).
"""

from __future__ import annotations

import re
from typing import Any

from api_helpers import Family, accelerometer_csv

#: Request bodies that are valid, so only the family check can refuse the request.
EPISODE = {"started_at": "2026-11-21T10:00:00Z", "duration_s": 5, "body_parts": ["left_leg"]}
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/infants/{infant_id}"): {"json": {"name": "Hacked"}},
    ("post", "/api/v1/infants/{infant_id}/episodes"): {"json": EPISODE},
    ("post", "/api/v1/infants/{infant_id}/assessments"): {
        "json": {"episode": {"stops_with_gentle_hold": "yes"}}
    },
    ("patch", "/api/v1/episodes/{episode_id}"): {"json": {"notes": "hacked"}},
    ("post", "/api/v1/episodes/{episode_id}/recordings"): {
        "files": {"file": ("a.csv", accelerometer_csv(seconds=3), "text/csv")}
    },
    ("patch", "/api/v1/family/members/{user_id}"): {"json": {"role": "viewer"}},
    ("post", "/api/v1/infants/{infant_id}/milestones"): {
        "json": {"answers": {"m02_looks_at_face": "yes"}}
    },
    ("post", "/api/v1/infants/{infant_id}/shares"): {
        "json": {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    },
}


def _victim_ids(victim: Family) -> dict[str, str]:
    infant_id = victim.add_infant()
    episode = victim.log_episode(infant_id)
    episode_id = episode["episode"]["id"]
    upload = victim.upload(episode_id, accelerometer_csv(seconds=3), "walk.csv")
    assert upload.status_code == 202, upload.text
    saved = victim.post(
        f"/api/v1/infants/{infant_id}/assessments",
        json={"episode": {"stops_with_gentle_hold": "yes"}},
    )
    assert saved.status_code == 201, saved.text
    share = victim.post(
        f"/api/v1/infants/{infant_id}/shares",
        json={"date_from": "2026-11-01", "date_to": "2026-11-30"},
    )
    assert share.status_code == 201, share.text
    return {
        "share_id": share.json()["id"],
        "infant_id": infant_id,
        "episode_id": episode_id,
        "recording_id": upload.json()["id"],
        "assessment_id": saved.json()["id"],
        "token_id": victim.token_id,
        "user_id": victim.user_id,
    }


def test_every_route_with_an_id_is_404_for_another_family(
    api_client: Any, family_a: Family, family_b: Family
) -> None:
    ids = _victim_ids(family_a)
    family_b.add_infant(name="Other baby")  # the outsider has data of their own
    paths = api_client.get("/api/v1/openapi.json").json()["paths"]
    walked = []
    for template, operations in paths.items():
        params = re.findall(r"{(\w+)}", template)
        if not params:
            continue
        url = template
        for name in params:
            assert name in ids, f"no victim id for {{{name}}} in {template}: add one to the test"
            url = url.replace(f"{{{name}}}", ids[name])
        for method in operations:
            kwargs = BODIES.get((method, template), {})
            r = family_b.request(method.upper(), url, **kwargs)
            assert r.status_code == 404, f"{method.upper()} {template}: {r.status_code} {r.text}"
            assert r.json()["error"]["code"] == "not_found"
            assert not any(value in r.text for value in ids.values())
            walked.append(f"{method.upper()} {template}")
    assert len(walked) >= 15, walked

    # nothing of family A changed
    infant = family_a.get(f"/api/v1/infants/{ids['infant_id']}")
    assert infant.status_code == 200 and infant.json()["infant"]["name"] == "Bo"
    episode = family_a.get(f"/api/v1/episodes/{ids['episode_id']}")
    assert episode.status_code == 200 and episode.json()["episode"]["notes"] == ""
    assert family_a.get(f"/api/v1/recordings/{ids['recording_id']}").status_code == 200
    assert family_a.get(f"/api/v1/assessments/{ids['assessment_id']}").status_code == 200
    assert family_a.get("/api/v1/auth/me").status_code == 200  # token not revoked


def test_lists_only_show_the_callers_family(family_a: Family, family_b: Family) -> None:
    a_infant = family_a.add_infant(name="Alpha")
    family_a.log_episode(a_infant)
    b_infant = family_b.add_infant(name="Beta")
    assert [i["infant"]["name"] for i in family_b.get("/api/v1/infants").json()] == ["Beta"]
    timeline = family_b.get("/api/v1/diary").json()["items"]
    assert timeline == []
    filtered = family_b.get("/api/v1/diary", params={"infant_id": a_infant})
    assert filtered.status_code == 404
    assert family_b.get(f"/api/v1/infants/{b_infant}/episodes").json() == []
    members = family_b.get("/api/v1/family/members").json()
    assert [m["email"] for m in members] == [family_b.email]
