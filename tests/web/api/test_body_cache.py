"""The server-side cache of diary bodies (web/body_cache.py): used, and never crossing over.

The key is the diary validator (family, data version from this request's sign-in lookup, user,
role, query, place, date, version), so a hit must cost only the sign-in lookup, and no family,
role, revoked token or write in another process may ever get a body that is not its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from api_helpers import PASSWORD, Family
from fastapi.testclient import TestClient
from sqlalchemy import event

from tremorwatch.web.body_cache import MemoryBodyCache

DIARY = "/api/v1/diary"
REDIS_URL = os.environ.get("TREMORWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@contextmanager
def counted(runtime: Any) -> Iterator[list[str]]:
    """The SQL statements run on ``runtime``'s engine inside the block."""
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(runtime.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(runtime.engine, "before_cursor_execute", note)


def _with_episodes(family: Family, n: int = 3) -> str:
    infant_id = family.add_infant()
    for i in range(n):
        family.log_episode(infant_id, started_at=f"2026-11-2{i}T08:30:00Z")
    return infant_id


def test_a_repeated_diary_answer_comes_from_the_cache_at_the_cost_of_the_sign_in(
    family_a: Family, runtime: Any, api_app: Any
) -> None:
    _with_episodes(family_a)
    cache = api_app.state.body_cache
    assert isinstance(cache, MemoryBodyCache)  # queue=embedded: the in-process LRU
    with counted(runtime) as fresh:
        first = family_a.get(DIARY)
    assert first.status_code == 200 and len(first.json()["items"]) == 3
    with counted(runtime) as hit:
        second = family_a.get(DIARY)
    assert second.status_code == 200 and second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    # a 304 runs only the sign-in lookup (which reads the data version): a hit costs the same
    with counted(runtime) as revalidated:
        assert (
            family_a.get(DIARY, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
        )
    assert len(hit) == len(revalidated) < len(fresh)
    assert len(cache) == 1


def test_the_page_is_cached_and_identical(family_a: Family, runtime: Any, api_app: Any) -> None:
    infant_id = _with_episodes(family_a)
    client = family_a.client
    assert (
        client.post(
            "/api/v1/auth/login", json={"email": family_a.email, "password": PASSWORD}
        ).status_code
        == 200
    )
    with counted(runtime) as fresh:
        first = client.get(f"/babies/{infant_id}")
    with counted(runtime) as hit:
        second = client.get(f"/babies/{infant_id}")
    assert first.status_code == second.status_code == 200
    assert second.text == first.text and f"/babies/{infant_id}/episodes/new" in first.text
    assert second.headers["content-type"] == first.headers["content-type"]
    assert len(hit) < len(fresh) and len(hit) <= 2
    client.cookies.clear()


def test_another_family_never_gets_the_cached_body(family_a: Family, family_b: Family) -> None:
    infant_id = _with_episodes(family_a)
    assert len(family_a.get(DIARY).json()["items"]) == 3
    assert len(family_a.get(DIARY).json()["items"]) == 3  # now cached
    assert family_b.get(DIARY).json()["items"] == []
    r = family_b.get(f"{DIARY}?infant_id={infant_id}")
    assert r.status_code == 404
    # family A's validator replayed by B leads to B's own answer, not A's body
    etag = family_a.get(DIARY).headers["etag"]
    r = family_b.get(DIARY, headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.json()["items"] == []


def test_a_revoked_token_gets_401_not_the_cached_body(family_a: Family) -> None:
    _with_episodes(family_a, 1)
    assert family_a.get(DIARY).status_code == 200
    assert family_a.get(DIARY).status_code == 200  # cached
    r = family_a.request("DELETE", f"/api/v1/auth/tokens/{family_a.token_id}")
    assert r.status_code in {200, 204}, r.text
    r = family_a.get(DIARY)
    assert r.status_code == 401 and "items" not in r.text


def test_a_lower_role_never_gets_the_page_rendered_for_a_higher_one(
    family_a: Family, api_app: Any
) -> None:
    infant_id = _with_episodes(family_a, 1)
    code = family_a.post("/api/v1/family/invitations", json={"role": "caregiver"}).json()["token"]
    write_link = f"/babies/{infant_id}/episodes/new"
    with TestClient(api_app) as carer:
        joined = carer.post(
            "/api/v1/auth/signup",
            json={
                "email": "cara@example.org",
                "password": PASSWORD,
                "display_name": "Cara",
                "invitation": code,
            },
        )
        assert joined.status_code == 201, joined.text
        carer_id = joined.json()["user"]["id"]
        assert write_link in carer.get(f"/babies/{infant_id}").text
        assert write_link in carer.get(f"/babies/{infant_id}").text  # cached
        r = family_a.request("PATCH", f"/api/v1/family/members/{carer_id}", json={"role": "viewer"})
        assert r.status_code == 200, r.text
        page = carer.get(f"/babies/{infant_id}")
        assert page.status_code == 200 and write_link not in page.text


@pytest.fixture
def second_app(web_settings: Any) -> Iterator[tuple[Any, TestClient]]:
    """A second app with its own runtime and its own in-process cache: another process."""
    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.web.app import create_app

    runtime = build_runtime(web_settings)
    app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
    with TestClient(app) as client:
        yield runtime, client
    runtime.close()


def test_a_write_through_another_process_is_seen_at_once(
    family_a: Family, second_app: tuple[Any, TestClient]
) -> None:
    infant_id = _with_episodes(family_a, 1)
    assert len(family_a.get(DIARY).json()["items"]) == 1
    assert len(family_a.get(DIARY).json()["items"]) == 1  # cached in this process
    _, other = second_app
    r = other.post(
        f"/api/v1/infants/{infant_id}/episodes",
        json={"started_at": "2026-11-28T08:30:00Z", "duration_s": 5},
        headers=family_a.headers,
    )
    assert r.status_code == 201, r.text
    assert len(family_a.get(DIARY).json()["items"]) == 2


@pytest.fixture
def redis_apps(web_settings: Any) -> Iterator[list[tuple[Any, TestClient]]]:
    """Two apps (two runtimes) sharing a Redis body cache under a prefix of their own."""
    import redis

    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.web.app import create_app

    settings = web_settings.model_copy(
        update={
            "body_cache": "redis",
            "redis_url": REDIS_URL,
            "queue_name": f"tw-test-body-{uuid.uuid4().hex[:12]}",
        }
    )
    apps = []
    for _ in range(2):
        runtime = build_runtime(settings)
        app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
        apps.append((runtime, TestClient(app).__enter__()))
    yield apps
    for runtime, client in apps:
        client.__exit__(None, None, None)
        runtime.close()
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(match=f"{settings.queue_name}:*"))
    if keys:
        server.delete(*keys)
    server.close()


@pytest.mark.redis
def test_redis_shares_bodies_between_processes_and_a_write_invalidates(
    redis_apps: list[tuple[Any, TestClient]],
) -> None:
    (_, c1), (rt2, c2) = redis_apps
    family = Family(c1, "rae@example.org")
    infant_id = _with_episodes(family, 2)
    first = c1.get(DIARY, headers=family.headers)
    assert first.status_code == 200 and len(first.json()["items"]) == 2
    with counted(rt2) as hit:
        second = c2.get(DIARY, headers=family.headers)  # rendered by the first process
    with counted(rt2) as revalidated:
        r = c2.get(DIARY, headers={**family.headers, "If-None-Match": first.headers["etag"]})
        assert r.status_code == 304
    assert second.content == first.content and len(hit) == len(revalidated)
    r = c2.post(
        f"/api/v1/infants/{infant_id}/episodes",
        json={"started_at": "2026-11-28T08:30:00Z", "duration_s": 5},
        headers=family.headers,
    )
    assert r.status_code == 201, r.text
    assert len(c1.get(DIARY, headers=family.headers).json()["items"]) == 3
    other = Family(c2, "sam@example.org")
    assert c1.get(DIARY, headers=other.headers).json()["items"] == []


def _request(path: str = DIARY, query: bytes = b"", language: str = "en") -> Any:
    from starlette.requests import Request

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "root_path": "",
        "query_string": query,
        "headers": [],
        "state": {"language": language},
    }
    return Request(scope)


def test_the_cache_key_differs_in_everything_the_body_depends_on() -> None:
    """Each field of the key on its own: a role change, say, must change the key even when
    the data version (raised by the membership change) would not."""
    from dataclasses import replace

    from tremorwatch.services.context import Actor, Role
    from tremorwatch.web.http_cache import diary_etag

    base = Actor(
        user_id="u1",
        family_id="f1",
        role=Role.OWNER,
        email="a@example.org",
        display_name="A",
        data_version=7,
    )
    key = diary_etag(_request(), base)
    assert key is not None and key == diary_etag(_request(), base)
    others = [
        replace(base, family_id="f2"),
        replace(base, user_id="u2"),
        replace(base, role=Role.CAREGIVER),
        replace(base, role=Role.VIEWER),
        replace(base, via="token"),
        replace(base, data_version=8),
        replace(base, language="fr"),
        replace(base, timezone="Europe/Paris"),
        replace(base, country="FR"),
        replace(base, temperature_unit="F"),
        replace(base, display_name="B"),
    ]
    keys = {diary_etag(_request(), actor) for actor in others}
    assert key not in keys and len(keys) == len(others)
    assert diary_etag(_request(query=b"limit=5"), base) != key
    assert diary_etag(_request(query=b"cursor=abc"), base) != key
    assert diary_etag(_request(path="/babies/x"), base) != key
    assert diary_etag(_request(language="de"), base) != key
    assert diary_etag(_request(), base, "csrf-1") != diary_etag(_request(), base, "csrf-2")
    # no version read, no key: such a request is never cached
    assert diary_etag(_request(), replace(base, data_version=None)) is None
