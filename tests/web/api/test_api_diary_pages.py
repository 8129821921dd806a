"""Keyset pages of the diary API and counts per day from the aggregate query."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from api_helpers import Family


def _all_pages(family: Family, **params: Any) -> tuple[list[str], int]:
    ids: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        r = family.get("/api/v1/diary", params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        pages += 1
        ids.extend((i["episode"] or i["assessment"])["id"] for i in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages
        assert pages < 50


def test_pages_hold_every_entry_once_in_order_even_with_equal_times(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    stamps = ["2026-11-20T08:00:00Z"] * 4 + ["2026-11-21T08:00:00Z", "2026-11-19T08:00:00Z"]
    for i, at in enumerate(stamps):
        part = "left_leg" if i % 2 == 0 else "right_arm"
        family_a.log_episode(infant_id, started_at=at, body_parts=[part])
    for _ in range(2):  # stand-alone checks, dated now
        r = family_a.post(
            f"/api/v1/infants/{infant_id}/assessments",
            json={"episode": {"stops_with_gentle_hold": "yes", "states": ["crying_or_upset"]}},
        )
        assert r.status_code == 201, r.text
    whole = family_a.get("/api/v1/diary", params={"limit": 1000}).json()
    assert whole["next_cursor"] is None
    expected = [(i["episode"] or i["assessment"])["id"] for i in whole["items"]]
    assert len(expected) == 8
    times = [i["at"] for i in whole["items"]]
    assert times == sorted(times, reverse=True)

    paged, pages = _all_pages(family_a, limit=2)
    assert paged == expected and pages == (len(expected) + 1) // 2

    # a filter the database cannot apply still fills the pages
    left, _ = _all_pages(family_a, limit=1, body_part="left_leg")
    full = family_a.get("/api/v1/diary", params={"body_part": "left_leg", "limit": 1000}).json()
    assert left == [i["episode"]["id"] for i in full["items"]] and len(left) == 3


def test_a_damaged_cursor_is_explained(family_a: Family) -> None:
    r = family_a.get("/api/v1/diary", params={"cursor": "not-a-cursor"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_cursor"
    assert "newest" in r.json()["error"]["message"]


def test_counts_per_day_add_up_the_episodes_of_each_utc_day(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    today = datetime.now(UTC).replace(microsecond=0)
    offsets_h = [1, 2, 23.5, 25, 49, 49.2, 24 * 20]  # the last is outside the 14 days
    for i, hours in enumerate(offsets_h):
        family_a.log_episode(
            infant_id,
            started_at=(today - timedelta(hours=hours)).isoformat(),
            duration_s=10 + i,
        )
    counts = family_a.get(f"/api/v1/infants/{infant_id}/counts", params={"days": 14}).json()
    assert len(counts) == 14 and counts[-1]["day"] == today.date().isoformat()
    expected = Counter((today - timedelta(hours=h)).date().isoformat() for h in offsets_h[:-1])
    durations: Counter[str] = Counter()
    for i, h in enumerate(offsets_h[:-1]):
        durations[(today - timedelta(hours=h)).date().isoformat()] += 10 + i
    assert {c["day"]: c["episodes"] for c in counts if c["episodes"]} == dict(expected)
    assert {c["day"]: c["total_duration_s"] for c in counts if c["episodes"]} == dict(durations)
