"""Share links: the shared page, its scope, expiry, revocation, passcode and access log."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from clinician_web import csrf_of

import clinician_db
from tremorwatch.services import share as share_service

LINK = re.compile(r'readonly value="(http://[^"]+/s/([^"]+))"')


def _make_link(member, **fields):  # type: ignore[no-untyped-def]
    data = {"date_from": "2026-01-05", "date_to": "2026-01-10", "days": "7", **fields}
    r = member.post("/babies/baby-1/shares", data)
    assert r.status_code == 200, r.text[:300]
    match = LINK.search(r.text)
    assert match, "the new link is shown once"
    return match.group(2)


def test_shared_page_shows_the_range_and_nothing_else(member, visitor, runtime) -> None:  # type: ignore[no-untyped-def]
    token = _make_link(member, label="Dr Patel")
    assert len(token) >= 40  # 256 random bits
    page = visitor.get(f"/s/{token}")
    assert page.status_code == 200
    assert (
        page.headers["referrer-policy"] == "no-referrer"
        and "no-store" in page.headers["cache-control"]
    )
    assert "Episodes logged" in page.text and "2026-01-05 to 2026-01-10" in page.text
    # recordings on days 0 and 3 are in range (2026-01-05, 2026-01-08); day 6 (2026-01-11) is not
    inside, outside = "baby-1-rec-0003", "baby-1-rec-0006"
    video = visitor.get(f"/s/{token}/recordings/{inside}/video")
    assert video.status_code == 200 and video.content == clinician_db.video_bytes(3)
    plot = visitor.get(f"/s/{token}/recordings/{inside}/plot.svg")
    assert (
        plot.status_code == 200
        and "Movement frequency (Hz)" in plot.text
        and "Time in the recording (s)" in plot.text
    )
    assert visitor.get(f"/s/{token}/recordings/{outside}/video").status_code == 404
    pdf = visitor.get(f"/s/{token}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # another baby of the same family, and the family's pages, stay closed
    other = clinician_db.seed(
        runtime, days=2, email="sibling.parent@example.org", infant_id="baby-2"
    )
    assert (
        visitor.get(f"/s/{token}/recordings/{other.diary.recordings[0].id}/video").status_code
        == 404
    )
    assert visitor.get("/babies/baby-1/report.pdf", follow_redirects=False).status_code == 303
    assert visitor.get(f"/s/{token}x").status_code == 404
    # every access is in the log the parents see
    shares = member.client.get("/babies/baby-1/shares").text
    # report, video, plot, pdf: ok; the out-of-range video and the sibling's: not_in_scope
    assert "Dr Patel" in shares and "Opened 6 times" in shares
    assert shares.count("not_in_scope") == 2


def test_revoked_and_expired_links_get_a_clear_page(member, visitor, runtime) -> None:  # type: ignore[no-untyped-def]
    token = _make_link(member)
    assert visitor.get(f"/s/{token}").status_code == 200
    (share,) = share_service.list_shares(runtime.sessions(), member.seeded.actor)
    assert member.post(f"/shares/{share.id}/revoke").status_code == 303
    gone = visitor.get(f"/s/{token}")
    assert gone.status_code == 410 and "This link was revoked" in gone.text
    assert visitor.get(f"/s/{token}/recordings/baby-1-rec-0000/video").status_code == 410

    with runtime.session() as session:
        old = share_service.create_share(
            session,
            member.seeded.actor,
            "baby-1",
            date_from=date(2026, 1, 5),
            date_to=date(2026, 1, 6),
            days=7,
            now=datetime.now(UTC) - timedelta(days=8),
        )
    expired = visitor.get(old.path)
    assert expired.status_code == 410 and "This link has expired" in expired.text
    log = member.client.get("/babies/baby-1/shares").text
    assert "revoked" in log and "expired" in log.lower()


def test_passcode(member, visitor) -> None:  # type: ignore[no-untyped-def]
    token = _make_link(member, passcode="blue-whale")
    first = visitor.get(f"/s/{token}")
    assert first.status_code == 401 and 'name="passcode"' in first.text
    assert visitor.get(f"/s/{token}/recordings/baby-1-rec-0000/video").status_code == 401
    wrong = visitor.post(
        f"/s/{token}", data={"csrf_token": csrf_of(first.text), "passcode": "red-whale"}
    )
    assert wrong.status_code == 401 and "not right" in wrong.text
    right = visitor.post(
        f"/s/{token}",
        data={"csrf_token": csrf_of(wrong.text), "passcode": "blue-whale"},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert visitor.get(f"/s/{token}").status_code == 200
    assert visitor.get(f"/s/{token}/recordings/baby-1-rec-0000/video").status_code == 200
    assert "wrong_passcode" in member.client.get("/babies/baby-1/shares").text


def test_link_rules(member, runtime) -> None:  # type: ignore[no-untyped-def]
    r = member.post(
        "/babies/baby-1/shares",
        {"date_from": "2026-01-05", "date_to": "2026-01-10", "passcode": "abc"},
    )
    assert r.status_code == 422 and "at least 4 characters" in r.text
    with runtime.session() as session:
        created = share_service.create_share(
            session,
            member.seeded.actor,
            "baby-1",
            date_from=date(2026, 1, 5),
            date_to=date(2026, 1, 6),
        )
        assert (created.expires_at - created.created_at) == timedelta(days=7)  # settings default
        from tremorwatch.storage.sharing import ShareLinkRow

        row = session.get(ShareLinkRow, created.id)
        assert row is not None and created.token not in (row.token_hash or "")
        assert len(row.token_hash) == 64


def test_wrong_passcodes_lock_the_link_for_an_hour(member, runtime) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from tremorwatch.errors import RateLimited

    with runtime.session() as session:
        created = share_service.create_share(
            session,
            member.seeded.actor,
            "baby-1",
            date_from=date(2026, 1, 5),
            date_to=date(2026, 1, 6),
            passcode="blue-whale",
        )
        for _ in range(share_service.MAX_PASSCODE_FAILURES_PER_HOUR):
            with pytest.raises(share_service.PasscodeRequired):
                share_service.open_share(session, created.token, what="report", passcode="guess")
        with pytest.raises(RateLimited):
            share_service.open_share(session, created.token, what="report", passcode="blue-whale")
        # an hour later the right passcode works again
        later = datetime.now(UTC) + timedelta(hours=1, minutes=1)
        grant = share_service.open_share(
            session, created.token, what="report", passcode="blue-whale", now=later
        )
        assert grant.infant_id == "baby-1"


def test_viewers_cannot_make_or_revoke_links(member, runtime) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    import pytest

    from tremorwatch.errors import AccessDenied
    from tremorwatch.services.context import Role

    viewer = replace(member.seeded.actor, role=Role.VIEWER)
    with runtime.session() as session:
        with pytest.raises(AccessDenied):
            share_service.create_share(
                session, viewer, "baby-1", date_from=date(2026, 1, 5), date_to=date(2026, 1, 6)
            )
        made = share_service.create_share(
            session,
            member.seeded.actor,
            "baby-1",
            date_from=date(2026, 1, 5),
            date_to=date(2026, 1, 6),
        )
        with pytest.raises(AccessDenied):
            share_service.revoke_share(session, viewer, made.id)
        assert [s.id for s in share_service.list_shares(session, viewer)] == [made.id]


def _share_routes(app):  # type: ignore[no-untyped-def]
    """Every ``/s/`` route of the app's route table, with its methods."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from test_route_matrix import route_table

    routes = [(m, p) for m, p in route_table(app) if p.startswith("/s/")]
    assert len(routes) >= 5, routes
    return routes


def _fill(path: str, token: str, recording_id: str) -> str:
    url = path.replace("{token}", token).replace("{recording_id}", recording_id)
    assert "{" not in url, f"a share route with an unknown parameter: {path}"
    return url


def test_every_share_route_refuses_what_is_outside_the_link(  # type: ignore[no-untyped-def]
    member, visitor, runtime, api_app
) -> None:
    """Out of the date range, another baby of the family, expired and revoked: on EVERY route."""
    token = _make_link(member)
    sibling = clinician_db.seed(
        runtime, days=2, email="sibling.parent@example.org", infant_id="baby-2"
    )
    outside = {
        "out of range": "baby-1-rec-0006",
        "another baby": sibling.diary.recordings[0].id,
    }
    routes = _share_routes(api_app)
    for method, path in routes:
        if "{recording_id}" not in path:
            continue
        assert visitor.get(_fill(path, token, "baby-1-rec-0003")).status_code == 200, path
        for why, recording_id in outside.items():
            r = visitor.request(method, _fill(path, token, recording_id))
            assert r.status_code == 404, f"{why}: {method} {path} -> {r.status_code}"
            assert recording_id not in r.text
    # the report of the link covers its range only
    report = visitor.get(f"/s/{token}").text
    assert "2026-01-05 to 2026-01-10" in report and "2026-01-11" not in report

    with runtime.session() as session:
        old = share_service.create_share(
            session,
            member.seeded.actor,
            "baby-1",
            date_from=date(2026, 1, 5),
            date_to=date(2026, 1, 10),
            days=7,
            now=datetime.now(UTC) - timedelta(days=8),
        )
    (made,) = [
        s
        for s in share_service.list_shares(runtime.sessions(), member.seeded.actor)
        if s.id != old.id
    ]
    assert member.post(f"/shares/{made.id}/revoke").status_code == 303
    for label, dead in (("expired", old.token), ("revoked", token)):
        for method, path in routes:
            data = None
            if method == "POST":
                data = {"passcode": "x", "csrf_token": csrf_of(visitor.get("/login").text)}
            r = visitor.request(method, _fill(path, dead, "baby-1-rec-0003"), data=data)
            assert r.status_code == 410, f"{label}: {method} {path} -> {r.status_code}"
            assert "baby-1-rec-0003" not in r.text and "%PDF" not in r.text[:10]
