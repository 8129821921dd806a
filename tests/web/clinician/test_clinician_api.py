"""The clinician JSON API under /api/v1 with an API token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import clinician_db
from tremorwatch.export.fhir import check_bundle
from tremorwatch.services.tokens import create_token


@pytest.fixture
def api(api_app, runtime):  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=6)
    with runtime.session() as session:
        token = create_token(session, seeded.actor, {"name": "tests"}).token
    with TestClient(api_app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def test_fhir_media_urls_fetch_the_videos(api) -> None:  # type: ignore[no-untyped-def]
    """Each Media's URL is absolute (the address the API was reached at) and, with the
    family's API token, returns the file itself: the size the Media states."""
    bundle = api.get("/api/v1/infants/baby-1/export").json()
    media = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Media"]
    assert len(media) == 2  # videos on days 0 and 3 of the 6
    for m in media:
        url = m["content"]["url"]
        assert url.startswith("http://testserver/api/v1/recordings/")
        got = api.get(url)
        assert got.status_code == 200
        assert len(got.content) == m["content"]["size"]
        assert got.headers["content-type"].startswith(m["content"]["contentType"])


def test_report_export_milestones_and_shares(api) -> None:  # type: ignore[no-untyped-def]
    r = api.get("/api/v1/infants/baby-1/report", params={"from": "2026-01-05", "to": "2026-01-10"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    html = api.get(
        "/api/v1/infants/baby-1/report",
        params={"from": "2026-01-05", "to": "2026-01-10", "format": "html"},
    )
    assert "Episodes logged" in html.text
    bundle = api.get("/api/v1/infants/baby-1/export").json()
    assert bundle["resourceType"] == "Bundle" and check_bundle(bundle) == []
    assert api.get("/api/v1/infants/baby-1/export", params={"format": "xml"}).status_code == 422
    assert api.get("/api/v1/infants/baby-1/export", params={"format": "csv"}).text.startswith(
        "episode_id,"
    )
    assert (
        api.get("/api/v1/family/export", params={"videos": "false"}).json()["includes_files"]
        is False
    )

    checklist = api.get("/api/v1/infants/baby-1/milestones", params={"age": 12}).json()
    assert checklist["age_months"] == 12 and len(checklist["items"]) == 10
    saved = api.post(
        "/api/v1/infants/baby-1/milestones", json={"answers": {"m12_waves_bye": "yes"}}
    )
    assert saved.status_code == 201 and saved.json()[0]["answer"] == "yes"
    refused = api.post("/api/v1/infants/baby-1/milestones", json={"answers": {"m12_flies": "yes"}})
    assert refused.status_code == 404 and refused.json()["error"]["field"] == "milestone_id"

    created = api.post(
        "/api/v1/infants/baby-1/shares",
        json={"date_from": "2026-01-05", "date_to": "2026-01-06", "days": 3},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["path"] == f"/s/{body['token']}" and body["status"] == "active"
    listed = api.get("/api/v1/infants/baby-1/shares").json()
    assert "token" not in listed[0] and listed[0]["id"] == body["id"]
    revoked = api.post(f"/api/v1/shares/{body['id']}/revoke").json()
    assert revoked["status"] == "revoked"
    api.headers.pop("Authorization")
    assert api.get(body["path"]).status_code == 410
