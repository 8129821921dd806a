"""HTTP caching of the diary: ETag + 304 while nothing changed, a new validator after any write.

The validator derives from ``families.data_version`` in the database, so a second app on the
same database (another process in a deployment) agrees with the first, and a write through
one makes the other's validators stale. Not tested here: browsers' own cache behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_helpers import PASSWORD, Family
from fastapi.testclient import TestClient

DIARY = "/api/v1/diary"


def _etag(family: Family, url: str = DIARY) -> str:
    r = family.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "private, no-cache"
    assert "Authorization" in r.headers["vary"]
    return str(r.headers["etag"])


def _revalidate(family: Family, etag: str, url: str = DIARY) -> Any:
    return family.get(url, headers={"If-None-Match": etag})


def test_unchanged_diary_answers_304_and_every_write_changes_the_validator(
    family_a: Family,
) -> None:
    infant_id = family_a.add_infant()
    first = _etag(family_a)
    assert _etag(family_a) == first  # reading changes nothing
    r = _revalidate(family_a, first)
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == first
    assert _revalidate(family_a, f'"x", {first}').status_code == 304  # a list of validators

    episode_id = family_a.log_episode(infant_id)["episode"]["id"]
    r = _revalidate(family_a, first)
    assert r.status_code == 200 and r.json()["items"][0]["episode"]["id"] == episode_id
    after_log = r.headers["etag"]
    assert after_log != first

    patched = family_a.request("PATCH", f"/api/v1/episodes/{episode_id}", json={"notes": "n"})
    assert patched.status_code == 200
    r = _revalidate(family_a, after_log)
    assert r.status_code == 200 and r.json()["items"][0]["episode"]["notes"] == "n"
    after_patch = r.headers["etag"]

    assert family_a.request("DELETE", f"/api/v1/episodes/{episode_id}").status_code == 204
    r = _revalidate(family_a, after_patch)
    assert r.status_code == 200 and r.json()["items"] == []


def test_the_query_and_the_family_are_part_of_the_validator(
    family_a: Family, family_b: Family
) -> None:
    infant_id = family_a.add_infant()
    family_a.log_episode(infant_id)
    etag = _etag(family_a)
    assert _revalidate(family_a, etag, f"{DIARY}?limit=5").status_code == 200
    # another family replaying family A's validator gets its own (empty) diary, not a 304
    r = _revalidate(family_b, etag)
    assert r.status_code == 200 and r.json()["items"] == []


def test_a_revoked_token_gets_401_not_304(family_a: Family) -> None:
    etag = _etag(family_a)
    # revoke through the API with the token itself
    r = family_a.request("DELETE", f"/api/v1/auth/tokens/{family_a.token_id}")
    assert r.status_code in {200, 204}, r.text
    assert _revalidate(family_a, etag).status_code == 401


@pytest.fixture
def second_app_client(web_settings: Any) -> Iterator[TestClient]:
    """A second app with its own runtime (engine, pool) on the same database: a sibling."""
    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.web.app import create_app

    runtime = build_runtime(web_settings)
    app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
    with TestClient(app) as client:
        yield client
    runtime.close()


def test_a_write_through_one_process_is_seen_by_the_validators_of_another(
    family_a: Family, second_app_client: TestClient
) -> None:
    infant_id = family_a.add_infant()
    etag = _etag(family_a)
    other = second_app_client.get(DIARY, headers={**family_a.headers, "If-None-Match": etag})
    assert other.status_code == 304  # the same validator from the same database

    r = second_app_client.post(
        f"/api/v1/infants/{infant_id}/episodes",
        json={"started_at": "2026-11-20T08:30:00Z", "duration_s": 5},
        headers=family_a.headers,
    )
    assert r.status_code == 201, r.text
    r = _revalidate(family_a, etag)  # the first app
    assert r.status_code == 200 and len(r.json()["items"]) == 1


def test_the_diary_page_revalidates_too(family_a: Family) -> None:
    client = family_a.client
    infant_id = family_a.add_infant()
    r = client.post("/api/v1/auth/login", json={"email": family_a.email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    page = client.get(f"/babies/{infant_id}")
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-cache"
    etag = page.headers["etag"]
    again = client.get(f"/babies/{infant_id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    family_a.log_episode(infant_id)
    changed = client.get(f"/babies/{infant_id}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    client.cookies.clear()
    # signed out, the old validator leads to the sign-in page, never to a 304
    out = client.get(
        f"/babies/{infant_id}", headers={"If-None-Match": etag}, follow_redirects=False
    )
    assert out.status_code == 303
