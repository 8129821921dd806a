"""Deleting a family from the web: confirmation by name, every row and video gone, signed out."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

import clinician_db
from tremorwatch.services.tokens import create_token
from tremorwatch.storage.models_diary import InfantRow, RecordingRow


def _counts(runtime: Any, family_id: str) -> tuple[int, int]:
    with runtime.session() as session:
        infants = session.query(InfantRow).filter_by(family_id=family_id).count()
        recordings = session.query(RecordingRow).filter_by(family_id=family_id).count()
    return infants, recordings


def test_owner_deletes_the_family_after_typing_its_name(member, runtime) -> None:  # type: ignore[no-untyped-def]
    family_id = member.seeded.actor.family_id
    videos = [runtime.files.path(k) for k in member.seeded.storage_keys.values()]
    assert videos and all(p.exists() for p in videos)

    page = member.client.get("/family/delete")
    assert page.status_code == 200 and "Lovelace" in page.text

    wrong = member.post("/family/delete", {"confirm_name": "lovelace "})
    assert wrong.status_code == 400
    assert "nothing was deleted" in wrong.text
    assert 'value="lovelace"' in wrong.text  # what was typed is kept
    assert _counts(runtime, family_id) == (1, len(videos))

    done = member.post("/family/delete", {"confirm_name": "Lovelace"})
    assert done.status_code == 200, done.text
    assert "is deleted" in done.text and f"{len(videos)} videos" in done.text
    assert _counts(runtime, family_id) == (0, 0)
    assert not any(p.exists() for p in videos)
    # signed out: the diary now asks for a login
    after = member.client.get("/babies/baby-1", follow_redirects=False)
    assert after.status_code in (303, 307) and "/login" in after.headers["location"]


def test_api_delete_needs_the_name_and_an_owner(api_app, runtime) -> None:  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=2)
    family_id = seeded.actor.family_id
    with runtime.session() as session:
        token = create_token(session, seeded.actor, {"name": "tests"}).token
    with TestClient(api_app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        refused = client.post("/api/v1/family/delete", json={"confirm": "Someone else"})
        assert refused.status_code == 422
        assert refused.json()["error"]["field"] == "confirm"
        assert _counts(runtime, family_id)[0] == 1
        ok = client.post("/api/v1/family/delete", json={"confirm": "Lovelace"})
        assert ok.status_code == 200, ok.text
        assert ok.json() == {"deleted": family_id, "videos_removed": len(seeded.storage_keys)}
    assert _counts(runtime, family_id) == (0, 0)
