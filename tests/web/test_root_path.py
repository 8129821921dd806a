"""TREMORWATCH_ROOT_PATH: the app under a sub-path, links and redirects carrying it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tremorwatch.config import load_settings
from tremorwatch.errors import ConfigError
from tremorwatch.services.runtime import build_runtime
from tremorwatch.web.app import create_app

ROOT = "/tremorwatch"


@pytest.fixture
def client(db_url: str, isolated_env: Any) -> Iterator[TestClient]:
    settings = load_settings(
        data_dir=isolated_env, database_url=db_url, secret_key="k" * 32, root_path=ROOT
    )
    runtime = build_runtime(settings)
    app = create_app(runtime=runtime, auto_migrate=False, start_worker=False)
    with TestClient(app, base_url="http://clinic.example") as test_client:
        yield test_client
    runtime.close()


def _links(page: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="(/[^"]*)"', page)


def test_every_link_of_a_page_carries_the_sub_path(client: TestClient) -> None:
    page = client.get(f"{ROOT}/signup")
    assert page.status_code == 200
    links = _links(page.text)
    assert links and all(link.startswith(ROOT + "/") for link in links), links
    assert f'data-root-path="{ROOT}"' in page.text  # for poll.js
    assert client.get(f"{ROOT}/static/tremorwatch.css").status_code == 200


def test_redirects_and_cookies_carry_the_sub_path(client: TestClient) -> None:
    r = client.get(f"{ROOT}/diary", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith(f"{ROOT}/login?next=")
    page = client.get(f"{ROOT}/signup")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        f"{ROOT}/signup",
        data={
            "csrf_token": token.group(1),
            "display_name": "Sam",
            "email": "sam@example.org",
            "password": "correct horse battery",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith(ROOT + "/")
    assert f"path={ROOT}" in r.headers["set-cookie"].lower()
    home = client.get(r.headers["location"])
    assert home.status_code == 200 and "Log out" in home.text


def test_a_proxy_that_strips_the_prefix_works_too(client: TestClient) -> None:
    page = client.get("/learn")  # the proxy removed /tremorwatch
    assert page.status_code == 200
    assert all(link.startswith(ROOT + "/") for link in _links(page.text))
    api = client.get("/api/v1/diary")
    assert api.status_code == 401 and api.json()["error"]["code"] == "not_signed_in"


def test_a_bad_root_path_is_refused_with_the_fix() -> None:
    with pytest.raises(ConfigError, match="TREMORWATCH_ROOT_PATH"):
        load_settings(root_path="tremorwatch/")
