"""Helpers of the page tests: CSRF tokens and error messages of a page, signed-in caregivers.

Each caregiver is a separate :class:`~fastapi.testclient.TestClient` with its own cookie jar
on the same app.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ERRORS = re.compile(r'class="error-message"[^>]*>([^<]+)<')


def days_ago(days: float) -> str:
    """A ``datetime-local`` value (UTC) ``days`` ago."""
    return (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def csrf_of(page: str) -> str:
    """The CSRF token of a rendered page."""
    match = _CSRF.search(page)
    assert match, "the page has no CSRF token"
    return html.unescape(match.group(1))


def errors_of(page: str) -> list[str]:
    """The per-field error messages shown on a page."""
    return [html.unescape(m) for m in _ERRORS.findall(page)]


@dataclass
class Caregiver:
    """A signed-in caregiver: a client with its own session cookie."""

    client: TestClient
    email: str

    def token(self, path: str = "/") -> str:
        return csrf_of(self.client.get(path).text)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with this session's CSRF token; redirects are not followed."""
        form = {"csrf_token": self.token(), **(data or {})}
        return self.client.post(path, data=form, follow_redirects=False, **kwargs)

    def add_baby(self, name: str = "Mia", **fields: Any) -> str:
        born = (datetime.now(UTC) - timedelta(days=35)).date().isoformat()
        data = {"name": name, "date_of_birth": born, "gestational_age_weeks": "39"}
        data.update(fields)
        response = self.post("/babies/new", data)
        assert response.status_code == 303, errors_of(response.text)
        return str(response.headers["location"]).rsplit("/", 1)[1]

    def log_episode(self, infant_id: str, **fields: Any) -> str:
        data = {
            "started_at": days_ago(1),
            "duration_s": "15",
            "body_parts": ["left_leg", "right_leg"],
            "states": ["crying_or_upset"],
            "stops_with_gentle_hold": "yes",
            "rhythmic": "yes",
            "responsive": "yes",
        }
        data.update(fields)
        token = self.token()
        response = self.client.post(
            f"/babies/{infant_id}/episodes/new?csrf_token={token}",
            data=data,
            files={"video": ("", b"", "application/octet-stream")},
            follow_redirects=False,
        )
        assert response.status_code == 303, errors_of(response.text)
        return str(response.headers["location"]).rsplit("/", 1)[1]


def sign_up(client: TestClient, email: str, name: str = "Sam", **extra: str) -> Caregiver:
    token = csrf_of(client.get("/signup").text)
    response = client.post(
        "/signup" + (f"?invitation={extra.pop('invitation')}" if "invitation" in extra else ""),
        data={
            "csrf_token": token,
            "display_name": name,
            "email": email,
            "password": "correct horse battery",
            **extra,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, errors_of(response.text)
    return Caregiver(client=client, email=email)
