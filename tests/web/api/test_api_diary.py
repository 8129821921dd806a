"""Infants, episodes (triaged), assessments and the diary over the API; bad input loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from api_helpers import Family


def test_infant_crud_and_ages(family_a: Family) -> None:
    infant_id = family_a.add_infant(
        gestational_age_weeks=33, history=["infant_of_diabetic_mother"], sex="female"
    )
    got = family_a.get(f"/api/v1/infants/{infant_id}").json()
    assert got["infant"]["history"] == ["infant_of_diabetic_mother"]
    assert got["corrected_age_days"] == max(0, got["age_days"] - 49)  # 7 weeks early
    r = family_a.request("PATCH", f"/api/v1/infants/{infant_id}", json={"name": "Bobo"})
    assert r.status_code == 200 and r.json()["infant"]["name"] == "Bobo"
    assert r.json()["infant"]["gestational_age_weeks"] == 33  # untouched fields kept
    assert family_a.request("DELETE", f"/api/v1/infants/{infant_id}").status_code == 204
    assert family_a.get(f"/api/v1/infants/{infant_id}").status_code == 404


def test_bad_input_names_the_field_and_loses_nothing(family_a: Family) -> None:
    infant_id = family_a.add_infant(name="Bo")
    r = family_a.request(
        "PATCH", f"/api/v1/infants/{infant_id}", json={"name": "New", "history": ["typo_code"]}
    )
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "history.0"
    assert "infant_of_diabetic_mother" in r.json()["error"]["message"]  # lists allowed values
    assert family_a.get(f"/api/v1/infants/{infant_id}").json()["infant"]["name"] == "Bo"

    episode = family_a.log_episode(infant_id)
    episode_id = episode["episode"]["id"]
    r = family_a.request("PATCH", f"/api/v1/episodes/{episode_id}", json={"temperature_c": 52})
    assert r.status_code == 422 and r.json()["error"]["field"] == "temperature_c"
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    r = family_a.post(f"/api/v1/infants/{infant_id}/episodes", json={"started_at": future})
    assert r.status_code == 422 and "future" in r.json()["error"]["message"]
    r = family_a.post(
        f"/api/v1/infants/{infant_id}/episodes",
        json={"started_at": "2026-11-20T08:00:00Z", "colour": "red"},
    )
    assert r.status_code == 422 and r.json()["error"]["field"] == "colour"
    kept = family_a.get(f"/api/v1/episodes/{episode_id}").json()
    assert kept["episode"]["duration_s"] == 12
    assert len(family_a.get(f"/api/v1/infants/{infant_id}/episodes").json()) == 1


def test_logging_an_episode_runs_triage(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    calm = family_a.log_episode(infant_id)
    assert calm["triage"]["schema"] == "tremorwatch.triage-result/1"
    assert calm["triage"]["disposition"] != "emergency"
    alarming = family_a.log_episode(
        infant_id,
        responsive="no",
        findings=["eye_deviation_or_fixed_stare"],
        stops_with_gentle_hold="no",
    )
    assert alarming["triage"]["disposition"] == "emergency"
    assert alarming["triage"]["reasons"]
    # editing triages again: the newest result is the episode's
    episode_id = calm["episode"]["id"]
    edited = family_a.request(
        "PATCH", f"/api/v1/episodes/{episode_id}", json={"findings": ["blue_or_grey_color"]}
    ).json()
    assert edited["triage"]["disposition"] == "emergency"
    assert edited["episode"]["findings"] == ["blue_or_grey_color"]
    assert edited["episode"]["logged_by"] == "ann"


def test_stateless_triage_needs_no_account(api_client: Any) -> None:
    r = api_client.post(
        "/api/v1/assessments",
        json={"infant": {"age_days": 20}, "findings": ["breathing_pause"]},
    )
    assert r.status_code == 200
    assert r.json()["disposition"] == "emergency"
    assert "set-cookie" not in r.headers
    r = api_client.post(
        "/api/v1/assessments", json={"infant": {"age_days": 20}, "findings": ["breathing_pauses"]}
    )
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "findings.0"


def test_saved_assessment_fills_the_infant_from_the_profile(family_a: Family) -> None:
    infant_id = family_a.add_infant(gestational_age_weeks=35)
    r = family_a.post(
        f"/api/v1/infants/{infant_id}/assessments",
        json={"episode": {"stops_with_gentle_hold": "yes", "states": ["crying_or_upset"]}},
    )
    assert r.status_code == 201, r.text
    saved = r.json()
    assert saved["assessment"]["infant"]["gestational_age_weeks"] == 35
    assert saved["assessment"]["infant"]["age_days"] >= 80
    assert saved["result"]["disposition"] in {
        "home_care",
        "routine",
        "within_days",
        "same_day",
        "emergency",
    }
    assert family_a.get(f"/api/v1/assessments/{saved['id']}").json()["id"] == saved["id"]
    timeline = family_a.get("/api/v1/diary", params={"kind": "assessments"}).json()["items"]
    assert [i["assessment"]["id"] for i in timeline] == [saved["id"]]
    assert family_a.request("DELETE", f"/api/v1/assessments/{saved['id']}").status_code == 204
    assert family_a.get(f"/api/v1/assessments/{saved['id']}").status_code == 404


def test_diary_timeline_filters_counts_and_trends(family_a: Family) -> None:
    infant_id = family_a.add_infant()
    other_id = family_a.add_infant(name="Twin")
    now = datetime.now(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = midnight + (now - midnight) / 2  # earlier today, whatever the time of the run
    for days_ago, parts in [
        (0, ["left_leg"]),
        (0, ["chin"]),
        (1, ["left_leg"]),
        (9, ["right_leg"]),
    ]:
        family_a.log_episode(
            infant_id,
            started_at=(today - timedelta(days=days_ago)).isoformat(),
            body_parts=parts,
            duration_s=10 + days_ago,
        )
    family_a.log_episode(other_id, started_at=today.isoformat())
    everything = family_a.get("/api/v1/diary").json()["items"]
    assert len(everything) == 5
    assert [i["at"] for i in everything] == sorted((i["at"] for i in everything), reverse=True)
    mine = family_a.get("/api/v1/diary", params={"infant_id": infant_id}).json()["items"]
    assert len(mine) == 4
    legs = family_a.get("/api/v1/diary", params={"infant_id": infant_id, "body_part": "left_leg"})
    assert len(legs.json()["items"]) == 2
    week = family_a.get(
        "/api/v1/diary",
        params={"infant_id": infant_id, "since": (today - timedelta(days=2)).date().isoformat()},
    )
    assert len(week.json()["items"]) == 3
    counts = family_a.get(f"/api/v1/infants/{infant_id}/counts", params={"days": 10}).json()
    assert len(counts) == 10
    assert (
        counts[-1]["episodes"] == 2 and counts[-2]["episodes"] == 1 and counts[0]["episodes"] == 1
    )
    assert counts[-1]["total_duration_s"] == 20
    assert sum(c["episodes"] for c in counts) == 4
    trend = family_a.get(f"/api/v1/infants/{infant_id}/trends", params={"window_days": 7}).json()
    assert trend["recent_episodes"] == 3 and trend["previous_episodes"] == 1
    assert trend["direction"] == "more"
    assert trend["common_body_parts"][0] == "left_leg"
    bad = family_a.get("/api/v1/diary", params={"disposition": "panic"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "disposition.0"


def test_deleting_an_episode_removes_its_videos(family_a: Family, runtime: Any) -> None:
    from pathlib import Path

    from api_helpers import accelerometer_csv

    infant_id = family_a.add_infant()
    episode_id = family_a.log_episode(infant_id)["episode"]["id"]
    recording_id = family_a.upload(episode_id, accelerometer_csv(seconds=2), "a.csv").json()["id"]
    assert family_a.request("DELETE", f"/api/v1/episodes/{episode_id}").status_code == 204
    assert family_a.get(f"/api/v1/recordings/{recording_id}").status_code == 404
    assert [p for p in Path(runtime.files.root).rglob("*") if p.is_file()] == []
