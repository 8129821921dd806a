"""Helpers of the clinician web tests: a seeded family signed in through the login page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

import clinician_db

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page: str) -> str:
    match = _CSRF.search(page)
    assert match, "the page has no CSRF token"
    return html.unescape(match.group(1))


@dataclass
class Member:
    client: TestClient
    seeded: clinician_db.Seeded

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        token = csrf_of(self.client.get("/learn").text)
        return self.client.post(
            path, data={"csrf_token": token, **(data or {})}, follow_redirects=False
        )


def sign_in(client: TestClient, email: str) -> None:
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": clinician_db.PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:500]
