"""Forms carry an idempotency key: sending the same form again does not save twice."""

from __future__ import annotations

import html
import re
from typing import Any

from page_helpers import REASSURING, Caregiver, csrf_of, field_of, state_of

_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def _screen_data(page: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The form of an interview screen, answered as run_interview does, with its key."""
    question = field_of(page)
    assert question
    key = _KEY.search(page)
    assert key, "every form carries an idempotency key"
    data: dict[str, Any] = {
        "csrf_token": csrf_of(page),
        "idempotency_key": html.unescape(key.group(1)),
        "state": state_of(page),
        "field": question,
    }
    value = answers.get(question)
    if question == "infant.age_days":
        data["age"], data["unit"] = value
    elif value is None:
        data["none" if 'name="none"' in page else "skip"] = "1"
    else:
        data["answer"] = value
    return data


def _checks_in_diary(owner: Caregiver, infant_id: str) -> int:
    return len(re.findall(r'href="/assessments/', owner.client.get(f"/babies/{infant_id}").text))


def test_reloading_the_result_of_a_signed_in_check_saves_it_once(owner: Caregiver) -> None:
    infant_id = owner.add_baby("Mia")
    response = owner.client.get("/check")
    data: dict[str, Any] = {}
    for _ in range(60):
        if field_of(response.text) is None:
            break
        data = _screen_data(response.text, REASSURING)
        response = owner.client.post("/check", data=data)
        assert response.status_code == 200
    assert "Saved to" in response.text
    assert _checks_in_diary(owner, infant_id) == 1

    reloaded = owner.client.post("/check", data=data)  # the browser's "resend the form"
    assert reloaded.status_code == 200
    assert reloaded.headers["idempotent-replayed"] == "true"
    assert "Saved to" in reloaded.text
    assert _checks_in_diary(owner, infant_id) == 1

    # the same check done again from the start is a new check, saved again
    response = owner.client.get("/check")
    for _ in range(60):
        if field_of(response.text) is None:
            break
        response = owner.client.post("/check", data=_screen_data(response.text, REASSURING))
    assert _checks_in_diary(owner, infant_id) == 2


def test_a_form_sent_twice_adds_one_baby(owner: Caregiver) -> None:
    form = owner.client.get("/babies/new").text
    key = _KEY.search(form)
    assert key
    data = {
        "csrf_token": csrf_of(form),
        "idempotency_key": key.group(1),
        "name": "Noa",
        "date_of_birth": "2026-10-01",
    }
    first = owner.client.post("/babies/new", data=data, follow_redirects=False)
    second = owner.client.post("/babies/new", data=data, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert "idempotent-replayed" not in first.headers
    assert second.headers["idempotent-replayed"] == "true"
    home = owner.client.get("/").text
    assert home.count("Noa") == 1

    # the back button and other answers on the same form: a request of its own, not refused
    third = owner.client.post("/babies/new", data={**data, "name": "Ari"}, follow_redirects=False)
    assert third.status_code == 303 and third.headers["location"] != first.headers["location"]
