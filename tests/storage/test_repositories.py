"""Repositories: every diary query is scoped to a family; rows convert to domain objects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import StatementError

from tremorwatch.domain.diary import RecordingStatus
from tremorwatch.storage import convert
from tremorwatch.storage.models_accounts import FamilyRow
from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow
from tremorwatch.storage.repositories import diary as repo


def _family(session: Any, name: str) -> str:
    row = FamilyRow(name=name)
    session.add(row)
    session.flush()
    return row.id


def _diary(session: Any, family_id: str) -> dict[str, str]:
    infant = InfantRow(
        family_id=family_id,
        name="Bo",
        date_of_birth=date(2026, 9, 1),
        gestational_age_weeks=34.0,
        history=["infant_of_diabetic_mother"],
    )
    session.add(infant)
    session.flush()
    episode = EpisodeRow(
        family_id=family_id,
        infant_id=infant.id,
        started_at=datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
        duration_s=12.5,
        body_parts=["left_leg"],
        findings=["fever"],
        temperature_c=38.4,
        temperature_site="rectal",
    )
    session.add(episode)
    session.flush()
    recording = RecordingRow(
        family_id=family_id,
        episode_id=episode.id,
        filename="a.mp4",
        content_type="video/mp4",
        kind="video",
        size_bytes=10,
        sha256="0" * 64,
        storage_key="ab/x.mp4",
        status="queued",
    )
    assessment = AssessmentRow(
        family_id=family_id,
        infant_id=infant.id,
        episode_id=episode.id,
        disposition="home_care",
        answers={"schema": "tremorwatch.assessment/1", "infant": {"age_days": 80}},
        result={
            "schema": "tremorwatch.triage-result/1",
            "disposition": "home_care",
            "headline": "Normal jitters.",
            "ruleset_version": "test",
        },
    )
    session.add_all([recording, assessment])
    session.commit()
    return {
        "infant": infant.id,
        "episode": episode.id,
        "recording": recording.id,
        "assessment": assessment.id,
    }


def test_queries_never_cross_families(runtime: Any) -> None:
    with runtime.session() as s:
        a, b = _family(s, "A"), _family(s, "B")
        ids = _diary(s, a)
        _diary(s, b)
        assert repo.infant(s, b, ids["infant"]) is None
        assert repo.episode(s, b, ids["episode"]) is None
        assert repo.recording(s, b, ids["recording"]) is None
        assert repo.assessment(s, b, ids["assessment"]) is None
        assert repo.recordings_of_episode(s, b, ids["episode"]) == []
        assert repo.recordings_of_episodes(s, b, [ids["episode"]]) == []
        assert repo.episodes(s, b, infant_id=ids["infant"]) == []
        assert repo.assessments(s, b, infant_id=ids["infant"]) == []
        assert repo.latest_assessments_of_episodes(s, b, [ids["episode"]]) == {}
        assert repo.episode_count(s, b, infant_id=ids["infant"]) == 0
        assert [r.id for r in repo.infants(s, a)] == [ids["infant"]]
        assert repo.episode(s, a, ids["episode"]) is not None


def test_rows_convert_to_domain_objects_with_utc_times(runtime: Any) -> None:
    with runtime.session() as s:
        ids = _diary(s, _family(s, "A"))
    with runtime.session() as s:  # a fresh session reads back from the database
        row = s.get(InfantRow, ids["infant"])
        profile = convert.infant_profile(row)
        assert profile.history == ["infant_of_diabetic_mother"]
        assert profile.corrected_age_days(date(2026, 12, 1)) == 91 - 42
        episode = convert.episode_entry(s.get(EpisodeRow, ids["episode"]), logged_by_name="Ann")
        assert episode.started_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
        assert episode.started_at.tzinfo is not None
        assert episode.temperature_c == 38.4 and episode.logged_by == "Ann"
        info = convert.recording_info(s.get(RecordingRow, ids["recording"]))
        assert info.status is RecordingStatus.QUEUED and info.analysis is None
        record = convert.assessment_record(s.get(AssessmentRow, ids["assessment"]))
        assert record.result.disposition == "home_care"
        assert record.assessment.infant.age_days == 80


def test_naive_timestamps_are_refused(runtime: Any) -> None:
    with runtime.session() as s:
        family = _family(s, "A")
        ids = _diary(s, family)
        row = s.get(EpisodeRow, ids["episode"])
        row.started_at = datetime(2026, 11, 20, 8, 30)  # no time zone
        with pytest.raises(StatementError, match="timezone-aware"):
            s.commit()


def test_deleting_an_infant_cascades_in_the_database(runtime: Any) -> None:
    with runtime.session() as s:
        family = _family(s, "A")
        ids = _diary(s, family)
        s.delete(s.get(InfantRow, ids["infant"]))
        s.commit()
        assert repo.episode(s, family, ids["episode"]) is None
        assert repo.recording(s, family, ids["recording"]) is None
        assert repo.assessment(s, family, ids["assessment"]) is None


def test_episode_time_window(runtime: Any) -> None:
    with runtime.session() as s:
        family = _family(s, "A")
        ids = _diary(s, family)
        at = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
        inside = repo.episodes(s, family, since=at, until=at + timedelta(seconds=1))
        assert [e.id for e in inside] == [ids["episode"]]
        assert repo.episodes(s, family, since=at + timedelta(seconds=1)) == []
