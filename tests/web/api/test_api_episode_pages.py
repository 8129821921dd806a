"""The episodes list is cut by keyset: writes between two pages never skip or repeat an entry.

With an offset, an episode logged after page 1 was read pushes the last entry of page 1 onto
page 2 (shown twice), and deleting one pulls an entry back (skipped). The cursor holds the
``(started_at, id)`` of the last entry shown, so the next page starts after it whatever was
written meanwhile. Runs on SQLite and PostgreSQL (id ties compared byte by byte on both).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from api_helpers import Family


def _pages(
    family: Family, infant_id: str, *, limit: int, between: list[dict[str, str]]
) -> list[list[str]]:
    """Every page in turn; before page k+1 the k-th episode of ``between`` is logged."""
    url: str | None = f"/api/v1/infants/{infant_id}/episodes?limit={limit}"
    pages = []
    while url is not None:
        r = family.get(url)
        assert r.status_code == 200, r.text
        pages.append([e["id"] for e in r.json()])
        link = r.headers.get("link")
        if link is None:
            assert "x-next-cursor" not in r.headers
            url = None
            continue
        assert link.endswith('>; rel="next"')
        nxt = urlparse(link[1 : link.index(">")])
        assert parse_qs(nxt.query)["cursor"] == [r.headers["x-next-cursor"]]
        url = f"{nxt.path}?{nxt.query}"
        if between:
            family.log_episode(infant_id, **between.pop(0))
    return pages


def test_pages_never_skip_or_repeat_when_episodes_are_written_between_them(
    family_a: Family,
) -> None:
    infant_id = family_a.add_infant()
    times = [f"2026-11-{day:02d}T08:30:00Z" for day in (10, 11, 11, 11, 12, 13, 14, 15)]
    before = {family_a.log_episode(infant_id, started_at=t)["episode"]["id"] for t in times}
    # written while paging: newer than everything (belongs on page 1, already read), at the
    # same instant as entries already shown (a tie broken by id), and older than the cursor
    between = [
        {"started_at": "2026-11-19T08:30:00Z"},
        {"started_at": "2026-11-11T08:30:00Z"},
        {"started_at": "2026-11-01T08:30:00Z"},
    ]
    pages = _pages(family_a, infant_id, limit=3, between=between)
    seen = [episode_id for page in pages for episode_id in page]
    assert len(seen) == len(set(seen)), "an episode was shown on two pages"
    assert before <= set(seen), "an episode that existed before paging was skipped"
    assert all(len(page) == 3 for page in pages[:-1])


def test_a_deleted_episode_does_not_pull_another_one_off_the_next_page(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    ids = [
        family_a.log_episode(infant_id, started_at=f"2026-11-{day:02d}T08:30:00Z")["episode"]["id"]
        for day in range(10, 16)
    ]
    r = family_a.get(f"/api/v1/infants/{infant_id}/episodes?limit=3")
    first = [e["id"] for e in r.json()]
    assert first == ids[::-1][:3]
    assert family_a.request("DELETE", f"/api/v1/episodes/{first[0]}").status_code == 204
    r = family_a.get(
        f"/api/v1/infants/{infant_id}/episodes",
        params={"limit": 3, "cursor": r.headers["x-next-cursor"]},
    )
    assert [e["id"] for e in r.json()] == ids[::-1][3:]
    assert "link" not in r.headers


def test_offset_and_bad_cursors_are_refused_with_a_clear_message(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    r = family_a.get(f"/api/v1/infants/{infant_id}/episodes?offset=3")
    assert r.status_code in {400, 422}
    assert r.json()["error"]["code"] == "offset_not_supported"
    assert "cursor" in r.json()["error"]["message"]
    r = family_a.get(f"/api/v1/infants/{infant_id}/episodes?cursor=not-a-cursor")
    assert r.status_code in {400, 422} and r.json()["error"]["code"] == "invalid_cursor"


def test_another_familys_cursor_shows_nothing_of_theirs(family_a: Family, family_b: Family) -> None:
    a_infant = family_a.add_infant()
    for day in range(10, 14):
        family_a.log_episode(a_infant, started_at=f"2026-11-{day:02d}T08:30:00Z")
    cursor = family_a.get(f"/api/v1/infants/{a_infant}/episodes?limit=2").headers["x-next-cursor"]
    assert family_b.get(f"/api/v1/infants/{a_infant}/episodes?cursor={cursor}").status_code == 404
    b_infant = family_b.add_infant()
    r = family_b.get(f"/api/v1/infants/{b_infant}/episodes", params={"cursor": cursor})
    assert r.status_code == 200 and r.json() == []
