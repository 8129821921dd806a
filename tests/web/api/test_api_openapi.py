"""The OpenAPI document describes the API of the issue, under /api/v1 only."""

from __future__ import annotations

from typing import Any

REQUIRED = {
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/signup"),
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/auth/tokens"),
    ("post", "/api/v1/auth/tokens"),
    ("delete", "/api/v1/auth/tokens/{token_id}"),
    ("get", "/api/v1/infants"),
    ("post", "/api/v1/infants"),
    ("get", "/api/v1/infants/{infant_id}/episodes"),
    ("post", "/api/v1/infants/{infant_id}/episodes"),
    ("get", "/api/v1/episodes/{episode_id}/recordings"),
    ("post", "/api/v1/episodes/{episode_id}/recordings"),
    ("get", "/api/v1/recordings/{recording_id}"),
    ("get", "/api/v1/recordings/{recording_id}/analysis"),
    ("get", "/api/v1/recordings/{recording_id}/video"),
    ("post", "/api/v1/recordings/{recording_id}/retry"),
    ("post", "/api/v1/assessments"),
    ("post", "/api/v1/infants/{infant_id}/assessments"),
    ("get", "/api/v1/diary"),
    # the clinician part (issue 5)
    ("get", "/api/v1/infants/{infant_id}/report"),
    ("get", "/api/v1/infants/{infant_id}/export"),
    ("get", "/api/v1/family/export"),
    ("get", "/api/v1/infants/{infant_id}/milestones"),
    ("post", "/api/v1/infants/{infant_id}/milestones"),
    ("get", "/api/v1/infants/{infant_id}/shares"),
    ("post", "/api/v1/infants/{infant_id}/shares"),
    ("post", "/api/v1/shares/{share_id}/revoke"),
}


def test_openapi_lists_the_api(api_client: Any) -> None:
    r = api_client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    operations = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert operations >= REQUIRED, REQUIRED - operations
    assert all(p.startswith("/api/v1/") for p in doc["paths"])  # pages are not in the API
    upload = doc["paths"]["/api/v1/episodes/{episode_id}/recordings"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert api_client.get("/api/v1/docs").status_code == 200
