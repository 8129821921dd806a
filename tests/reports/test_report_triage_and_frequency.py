"""The report shows one row per episode's triage (latest, with a compact history) and the
measured frequencies per movement pattern, never a clonic and a tremor frequency averaged.

Known answers: the synthetic diary of ``clinician_diary`` (tremor at 5.0-6.5 Hz) with one
recording turned into a 3.0 Hz clonic series, and its first episode re-triaged ten times.
"""

from __future__ import annotations

import statistics
from datetime import timedelta

import clinician_diary as cd
from tremorwatch.domain.codes import MotionPattern
from tremorwatch.reports.assemble import build_report
from tremorwatch.reports.render import render_html


def _diary_with_retriage_and_clonic(days: int = 14):  # type: ignore[no-untyped-def]
    d = cd.make_diary(days)
    first = d.assessments[0]
    for n in range(1, 11):  # the first episode checked again ten times
        d.assessments.append(
            first.model_copy(
                update={"id": f"re-{n}", "created_at": first.created_at + timedelta(hours=n)}
            )
        )
    clonic = d.recordings[1].analysis
    assert clonic is not None
    d.recordings[1] = d.recordings[1].model_copy(
        update={
            "analysis": clonic.model_copy(
                update={"pattern": MotionPattern.CLONIC, "dominant_frequency_hz": 3.0}
            )
        }
    )
    return d


def _report(d, days: int = 14):  # type: ignore[no-untyped-def]
    return build_report(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        assessments=d.assessments,
        date_from=cd.START,
        date_to=cd.START + timedelta(days=days - 1),
    )


def test_retriage_gives_one_row_per_episode_with_its_history() -> None:
    d = _diary_with_retriage_and_clonic()
    report = _report(d)
    # 12 runs in all: 11 of episode 0, 1 of episode 5 -> two rows
    assert len(d.assessments) == 12
    assert len(report.triage) == 2
    first = next(t for t in report.triage if t.episode_id == d.episodes[0].id)
    assert len(first.earlier) == 10
    assert first.at == d.assessments[0].created_at + timedelta(hours=10)  # the latest run
    assert [e.at for e in first.earlier] == sorted(e.at for e in first.earlier)
    html = render_html(report)
    assert html.count("Earlier checks:") == 1


def test_frequencies_are_reported_per_pattern() -> None:
    d = _diary_with_retriage_and_clonic()
    report = _report(d)
    by_pattern = {f.pattern: f for f in report.summary.frequencies}
    assert set(by_pattern) == {MotionPattern.TREMOR, MotionPattern.CLONIC}
    tremor_freqs = [cd.frequency_hz(i) for i in (0, 6, 9, 12)]  # recording 1 (i=3) is clonic
    assert by_pattern[MotionPattern.TREMOR].median_hz == statistics.median(tremor_freqs)
    assert by_pattern[MotionPattern.TREMOR].recordings == 4
    assert (
        by_pattern[MotionPattern.CLONIC].median_hz,
        by_pattern[MotionPattern.CLONIC].recordings,
    ) == (3.0, 1)
    html = render_html(report)
    assert "clonic: median 3.00 Hz" in html
    assert f"tremor: median {statistics.median(tremor_freqs):.2f} Hz" in html


def test_report_days_follow_the_time_zone_across_dst() -> None:
    """An episode at 23:30 in Madrid on the Saturday before the spring change is that day's."""
    d = cd.make_diary(3)
    late = d.episodes[0].model_copy(
        update={"started_at": d.episodes[0].started_at.replace(hour=22, minute=30)}
    )  # 22:30 UTC = 23:30 CET on START
    report = build_report(
        d.profile,
        episodes=[late],
        date_from=cd.START,
        date_to=cd.START + timedelta(days=1),
        timezone="Europe/Madrid",
    )
    assert report.episodes_per_day[cd.START] == 1
    utc = build_report(
        d.profile, episodes=[late], date_from=cd.START, date_to=cd.START, timezone="UTC"
    )
    assert utc.episodes_per_day[cd.START] == 1
    tokyo = build_report(
        d.profile,
        episodes=[late],
        date_from=cd.START,
        date_to=cd.START + timedelta(days=1),
        timezone="Asia/Tokyo",
    )
    assert tokyo.episodes_per_day[cd.START + timedelta(days=1)] == 1  # 07:30 next day there
