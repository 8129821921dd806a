"""The report's numbers, computed from the synthetic diary of ``clinician_diary``.

Known answers come from the diary's own rules (see ``clinician_diary``'s docstring), recomputed
here independently of the report code.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta

import pytest

import clinician_diary as cd
from tremorwatch.domain.codes import Disposition
from tremorwatch.errors import InputError
from tremorwatch.reports.assemble import build_report


def _report(days: int = 14, **kw):  # type: ignore[no-untyped-def]
    d = cd.make_diary(days)
    args = {
        "episodes": d.episodes,
        "recordings": d.recordings,
        "assessments": d.assessments,
        "milestone_answers": d.milestone_answers,
        "date_from": cd.START,
        "date_to": cd.START + timedelta(days=days - 1),
    }
    args.update(kw)
    return build_report(d.profile, **args)


def test_summary_numbers_match_the_diary() -> None:
    report = _report(14)
    s = report.summary
    assert s.episode_count == 14
    assert s.median_duration_s == statistics.median(cd.duration_s(i) for i in range(14))
    assert s.longest_duration_s == 40.0
    freqs = [cd.frequency_hz(i) for i in range(0, 14, 3)]
    assert s.measured_recordings == len(freqs) == 5
    assert s.median_frequency_hz == statistics.median(freqs)
    assert (s.min_frequency_hz, s.max_frequency_hz) == (min(freqs), max(freqs))
    assert s.patterns == {"tremor": 5}
    assert s.most_urgent is Disposition.SAME_DAY
    assert s.most_urgent_why == ["A skill the baby had is lost"]
    labels = [f.label for f in s.red_flags]
    assert "Eye deviation or fixed stare" in labels
    assert any(label.startswith("Loss of skills: Holds a toy") for label in labels)
    assert report.suggested_evaluation[0] == "Blood glucose"  # most urgent result first


def test_range_filters_episodes_and_counts_zero_days() -> None:
    report = _report(
        14, date_from=cd.START + timedelta(days=2), date_to=cd.START + timedelta(days=20)
    )
    assert report.summary.episode_count == 12
    assert len(report.episodes_per_day) == 19
    assert sum(report.episodes_per_day.values()) == 12
    assert report.episodes_per_day[cd.START + timedelta(days=20)] == 0
    assert all(r.recorded_at.date() >= cd.START + timedelta(days=2) for r in report.recordings)
    assert [t.disposition for t in report.triage] == [Disposition.SAME_DAY]


def test_time_zone_moves_an_episode_to_the_previous_day() -> None:
    """Episode 0 starts 2026-01-05 08:00 UTC = 2026-01-04 21:00 in Honolulu (UTC-10)."""
    report = _report(
        3, timezone="Pacific/Honolulu", date_from=date(2026, 1, 4), date_to=date(2026, 1, 4)
    )
    assert report.summary.episode_count == 1
    with pytest.raises(InputError, match="IANA"):
        _report(3, timezone="Mars/Olympus")


def test_temperatures_and_young_infant_fever_flag() -> None:
    d = cd.make_diary(21)
    report = build_report(
        d.profile,
        episodes=d.episodes,
        assessments=d.assessments,
        date_from=cd.START,
        date_to=cd.START + timedelta(days=20),
    )
    temps = [(t.temperature_c, t.source) for t in report.temperatures]
    assert temps == [(36.5, "episode"), (37.0, "triage"), (36.7, "episode"), (36.9, "episode")]
    # the baby is 4 months old: 38 °C is not the under-3-months red flag
    assert not any("38 °C" in f.label for f in report.summary.red_flags)
    young = d.profile.model_copy(update={"date_of_birth": date(2025, 12, 1)})
    hot = [
        e.model_copy(update={"temperature_c": 38.4}) if e.temperature_c else e for e in d.episodes
    ]
    flagged = build_report(
        young, episodes=hot, date_from=cd.START, date_to=cd.START + timedelta(days=20)
    )
    (flag,) = [f for f in flagged.summary.red_flags if "38 °C" in f.label]
    assert flag.times == 3


def test_backwards_or_huge_range_is_refused() -> None:
    with pytest.raises(InputError, match="swap"):
        _report(3, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    with pytest.raises(InputError, match="at most"):
        _report(3, date_from=date(2020, 1, 1), date_to=date(2026, 1, 1))


def test_other_babies_items_are_left_out() -> None:
    d = cd.make_diary(5)
    other = cd.make_diary(5, infant_id="baby-2")
    report = build_report(
        d.profile,
        episodes=d.episodes + other.episodes,
        recordings=d.recordings + other.recordings,
        assessments=d.assessments + other.assessments,
        milestone_answers=d.milestone_answers + other.milestone_answers,
        date_from=cd.START,
        date_to=cd.START + timedelta(days=4),
    )
    assert report.summary.episode_count == 5
    assert {e.id.split("-ep-")[0] for e in report.episodes} == {"baby-1"}
    assert len(report.recordings) == 2
