"""How a logged episode becomes the triage engine's input (``assessment_for_episode``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tremorwatch.domain.diary import EpisodeEntry, InfantProfile
from tremorwatch.services.episodes import assessment_for_episode, motion_facts

BABY = InfantProfile(
    id="i1",
    name="Bo",
    date_of_birth=date(2026, 10, 1),
    gestational_age_weeks=35,
    history=["maternal_opioid_use"],
    vitamin_k_at_birth="no",
)


def test_episode_answers_map_to_the_assessment_fields() -> None:
    episode = EpisodeEntry(
        id="e1",
        infant_id="i1",
        started_at=datetime(2026, 11, 15, 23, 50, tzinfo=UTC),
        duration_s=40,
        body_parts=["left_leg"],
        states=["asleep"],
        stops_with_gentle_hold="no",
        rhythmic="yes",
        responsive="no",
        findings=["fever"],
        temperature_c=38.6,
        temperature_site="rectal",
    )
    a = assessment_for_episode(BABY, episode, {"dominant_frequency_hz": 2.5, "pattern": "clonic"})
    assert a.infant.age_days == 45  # on the day of the episode, not today
    assert a.infant.gestational_age_weeks == 35
    assert a.infant.history == ["maternal_opioid_use"]
    assert a.infant.vitamin_k_at_birth == "no"
    assert a.episode.typical_duration_s == 40 and a.episode.longest_duration_s == 40
    assert a.episode.stops_with_gentle_hold == "no"
    assert a.findings == ["fever", "unresponsive_during_episode"]
    assert a.vitals.temperature_c == 38.6 and a.vitals.temperature_site == "rectal"
    assert a.motion is not None and a.motion.pattern == "clonic"


def test_unknowns_stay_unknown() -> None:
    """Nothing unanswered is turned into a reassuring answer."""
    episode = EpisodeEntry(id="e2", infant_id="i1", started_at=datetime(2026, 11, 2, tzinfo=UTC))
    a = assessment_for_episode(BABY, episode)
    assert a.episode.stops_with_gentle_hold is None
    assert a.episode.rhythmic is None
    assert a.findings == []
    assert a.motion is None


def test_triage_reads_the_newest_analysis_that_could_be_judged() -> None:
    """A clip that could not be judged (its pattern is "none") must not tell triage that no
    movement was found; an earlier clip of the episode that could be judged is used instead."""
    judged = {
        "quality": {"usable": True, "issues": []},
        "pattern": "clonic",
        "dominant_frequency_hz": 2.0,
    }
    shaken = {
        "quality": {"usable": False, "issues": ["too_much_camera_movement"]},
        "pattern": "none",
        "dominant_frequency_hz": None,
    }
    assert motion_facts([judged, shaken]) == {"dominant_frequency_hz": 2.0, "pattern": "clonic"}
    assert motion_facts([shaken]) is None
    assert motion_facts([None, judged]) == {"dominant_frequency_hz": 2.0, "pattern": "clonic"}
    assert motion_facts([]) is None
