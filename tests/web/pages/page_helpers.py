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

from interview_answers import REASSURING as SHARED_REASSURING

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


_FIELD = re.compile(r'name="field" value="([^"]*)"')
_STATE = re.compile(r'name="state" value="([^"]*)"')
#: Answers that make newborn jitters the only explanation (used to reach "home care").
REASSURING: dict[str, Any] = {**SHARED_REASSURING, "infant.age_days": ("2", "weeks")}


def field_of(page: str) -> str | None:
    """The field of the question on an interview screen (``None`` on the answer page)."""
    match = _FIELD.search(page)
    return html.unescape(match.group(1)) if match else None


def answer_screen(client: TestClient, page: str, value: Any) -> Any:
    """Answer the question shown on ``page`` with ``value`` (``None``: skip / none of these)."""
    question = field_of(page)
    assert question, "not an interview screen"
    state = _STATE.search(page)
    assert state
    data: dict[str, Any] = {
        "csrf_token": csrf_of(page),
        "state": html.unescape(state.group(1)),
        "field": question,
    }
    if question == "infant.age_days":
        data["age"], data["unit"] = value
    elif value is None:
        data["none" if 'name="none"' in page else "skip"] = "1"
    else:
        data["answer"] = value
    return client.post("/check", data=data)


def run_interview(
    client: TestClient, answers: dict[str, Any], *, start: str = "/check", limit: int = 60
) -> tuple[Any, list[str]]:
    """Answer every screen from ``answers`` (others skipped) until the answer page.

    Returns the last response and the fields asked, in order.
    """
    response = client.get(start)
    asked: list[str] = []
    for _ in range(limit):
        assert response.status_code == 200, response.text[:500]
        question = field_of(response.text)
        if question is None:
            return response, asked
        asked.append(question)
        response = answer_screen(client, response.text, answers.get(question))
    raise AssertionError(f"the interview did not end after {limit} questions: {asked}")


def advance_to(client: TestClient, answers: dict[str, Any], target: str, *, limit: int = 60) -> Any:
    """Answer from ``answers`` until the screen asking ``target``; that screen's response."""
    response = client.get("/check")
    for _ in range(limit):
        question = field_of(response.text)
        assert question is not None, f"the interview ended before asking {target}"
        if question == target:
            return response
        response = answer_screen(client, response.text, answers.get(question))
    raise AssertionError(f"{target} was not asked within {limit} questions")


def state_of(page: str) -> str:
    match = _STATE.search(page)
    assert match
    return html.unescape(match.group(1))
