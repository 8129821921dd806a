"""The ``Idempotency-Key`` header: a retried write is answered from the first time."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from api_helpers import Family

from tremorwatch.services import idempotency
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.models_shared import IdempotencyRow

EPISODE = {"started_at": "2026-11-20T08:30:00Z", "duration_s": 12, "body_parts": ["left_leg"]}


def _episodes(family: Family, infant_id: str) -> int:
    return len(family.get(f"/api/v1/infants/{infant_id}/episodes").json())


def test_a_retry_with_the_same_key_saves_once_and_gets_the_same_answer(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    url = f"/api/v1/infants/{infant_id}/episodes"
    first = family_a.post(url, json=EPISODE, headers=key)
    again = family_a.post(url, json=EPISODE, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert _episodes(family_a, infant_id) == 1
    # without a key every request is its own
    family_a.post(url, json=EPISODE)
    family_a.post(url, json=EPISODE)
    assert _episodes(family_a, infant_id) == 3


def test_the_same_key_for_another_request_is_refused_and_changes_nothing(
    family_a: Family,
) -> None:
    infant_id = family_a.add_infant()
    key = {"Idempotency-Key": "retry-me-1"}
    url = f"/api/v1/infants/{infant_id}/episodes"
    assert family_a.post(url, json=EPISODE, headers=key).status_code == 201
    other = family_a.post(url, json={**EPISODE, "duration_s": 30}, headers=key)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert "new key" in other.json()["error"]["message"]
    assert _episodes(family_a, infant_id) == 1


def test_keys_belong_to_their_caller(family_a: Family, family_b: Family) -> None:
    a_infant, b_infant = family_a.add_infant(), family_b.add_infant()
    key = {"Idempotency-Key": "same-key"}
    a = family_a.post(f"/api/v1/infants/{a_infant}/episodes", json=EPISODE, headers=key)
    b = family_b.post(f"/api/v1/infants/{b_infant}/episodes", json=EPISODE, headers=key)
    assert a.status_code == b.status_code == 201
    assert "idempotent-replayed" not in b.headers
    assert a.json()["episode"]["id"] != b.json()["episode"]["id"]


def test_a_bad_key_is_explained(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    r = family_a.post(
        f"/api/v1/infants/{infant_id}/episodes",
        json=EPISODE,
        headers={"Idempotency-Key": "x" * 201},
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "idempotency_key_invalid"
    assert _episodes(family_a, infant_id) == 0


def test_a_running_request_is_busy_and_an_abandoned_one_is_taken_over(runtime: Any) -> None:
    outcome, row_id = idempotency.claim(runtime, "caller", "key-1", "fingerprint")
    assert outcome == "run"
    assert idempotency.claim(runtime, "caller", "key-1", "fingerprint") == ("busy", None)
    assert idempotency.claim(runtime, "caller", "key-1", "other") == ("reused", None)
    with runtime.session() as s:  # its process died long ago
        row = s.get(IdempotencyRow, row_id)
        row.created_at = utcnow() - timedelta(seconds=idempotency.ABANDONED_AFTER_S + 5)
        s.commit()
    assert idempotency.claim(runtime, "caller", "key-1", "fingerprint") == ("run", row_id)
    idempotency.finish(runtime, row_id, (201, {"content-type": "application/json"}), b"{}")
    outcome, stored = idempotency.claim(runtime, "caller", "key-1", "fingerprint")
    assert outcome == "replay" and stored.status_code == 201 and stored.body == b"{}"


def test_a_failed_request_is_forgotten_so_its_retry_runs(runtime: Any) -> None:
    for status in (503, 409, 429):
        outcome, row_id = idempotency.claim(runtime, "caller", f"key-{status}", "fp")
        assert outcome == "run"
        idempotency.finish(runtime, row_id, (status, {}), b"")
        assert idempotency.claim(runtime, "caller", f"key-{status}", "fp")[0] == "run"


def test_answers_with_a_secret_are_never_stored(family_a: Family, runtime: Any) -> None:
    key = {"Idempotency-Key": "token-please"}
    first = family_a.post("/api/v1/auth/tokens", json={"name": "a"}, headers=key)
    again = family_a.post("/api/v1/auth/tokens", json={"name": "a"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["token"] != again.json()["token"]  # two tokens, none kept in clear
    with runtime.session() as s:
        assert s.query(IdempotencyRow).count() == 0
    outcome, row_id = idempotency.claim(runtime, "caller", "no-store", "fp")
    assert outcome == "run"
    idempotency.finish(runtime, row_id, (200, {"cache-control": "private, no-store"}), b"x")
    assert idempotency.claim(runtime, "caller", "no-store", "fp")[0] == "run"
