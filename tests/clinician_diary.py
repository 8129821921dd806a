"""A synthetic diary with known numbers, shared by the report, export and clinician-web tests.

Everything is computed from the day index, so tests can recompute the expected numbers from the
same rules without reading the report: episode ``i`` starts on day ``i`` at 08:00 + (i % 5) h
UTC, lasts ``10 + 5 * (i % 7)`` s; every third episode has a video analysed at
``5.0 + 0.5 * (i % 4)`` Hz (pattern tremor); every tenth episode has a temperature of
``36.5 + 0.1 * (i % 8)`` °C; triage runs on days 0 and 5 (routine, then same day with rule
``loss_of_skills``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Disposition,
    Finding,
    HistoryItem,
    Sex,
    State,
    TemperatureSite,
)
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    MilestoneAnswerValue,
    RecordingInfo,
    RecordingStatus,
)
from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.domain.triage_result import Reason, TriageResult

START = date(2026, 1, 5)
BORN = date(2025, 9, 1)


@dataclass
class Diary:
    profile: InfantProfile
    episodes: list[EpisodeEntry] = field(default_factory=list)
    recordings: list[RecordingInfo] = field(default_factory=list)
    assessments: list[AssessmentRecord] = field(default_factory=list)
    milestone_answers: list[MilestoneAnswer] = field(default_factory=list)


def duration_s(i: int) -> float:
    return 10.0 + 5.0 * (i % 7)


def frequency_hz(i: int) -> float:
    return 5.0 + 0.5 * (i % 4)


def temperature_c(i: int) -> float:
    return round(36.5 + 0.1 * (i % 8), 1)


def started_at(i: int) -> datetime:
    return datetime.combine(START + timedelta(days=i), datetime.min.time(), UTC) + timedelta(
        hours=8 + i % 5
    )


def analysis(i: int) -> MotionAnalysis:
    f = frequency_hz(i)
    return MotionAnalysis.model_validate(
        {
            "source": {
                "kind": "video",
                "duration_s": 12.0,
                "fps": 30.0,
                "width": 720,
                "height": 1280,
            },
            "quality": {"usable": True, "issues": []},
            "episodes": [
                {
                    "start_s": 1.0,
                    "end_s": 9.0,
                    "pattern": "tremor",
                    "frequency_hz": f,
                    "amplitude": 3.2,
                    "amplitude_unit": "px",
                    "rhythmicity": 0.9,
                }
            ],
            "dominant_frequency_hz": f,
            "pattern": "tremor",
        }
    )


def _result(disposition: Disposition, rules: list[tuple[str, Disposition, str]]) -> TriageResult:
    return TriageResult(
        disposition=disposition,
        headline=f"{disposition.value} advice",
        reasons=[
            Reason(rule_id=r, disposition=d, text=t, sources=["evidence.md 3.6"])
            for r, d, t in rules
        ],
        suggested_evaluation=["Blood glucose", "Video review by a paediatric neurologist"]
        if disposition is Disposition.SAME_DAY
        else ["Review the diary at the next visit"],
        ruleset_version="2026.1",
    )


def make_diary(days: int = 14, *, infant_id: str = "baby-1", videos: bool = True) -> Diary:
    """A term baby (39 weeks) born 2025-09-01 with one episode a day from 2026-01-05."""
    profile = InfantProfile(
        id=infant_id,
        name="Ada",
        date_of_birth=BORN,
        gestational_age_weeks=39.0,
        birth_weight_g=3400,
        sex=Sex.FEMALE,
        history=[HistoryItem.FAMILY_HISTORY_TREMOR],
        vitamin_k_at_birth=Answer.YES,
    )
    diary = Diary(profile=profile)
    for i in range(days):
        eid = f"{infant_id}-ep-{i:04d}"
        diary.episodes.append(
            EpisodeEntry(
                id=eid,
                infant_id=infant_id,
                started_at=started_at(i),
                duration_s=duration_s(i),
                body_parts=[BodyPart.LEFT_LEG, BodyPart.RIGHT_LEG],
                states=[State.CRYING_OR_UPSET] if i % 2 else [State.DROWSY],
                stops_with_gentle_hold=Answer.YES if i % 9 else Answer.NO,
                rhythmic=Answer.YES,
                responsive=Answer.YES,
                findings=[Finding.EYE_DEVIATION_OR_FIXED_STARE] if i == 4 else [],
                temperature_c=temperature_c(i) if i % 10 == 0 else None,
                temperature_site=TemperatureSite.AXILLARY if i % 10 == 0 else None,
                notes=f"note {i}",
                logged_by="Mum",
                created_at=started_at(i) + timedelta(minutes=5),
            )
        )
        if videos and i % 3 == 0:
            content = f"video {i}".encode()
            diary.recordings.append(
                RecordingInfo(
                    id=f"{infant_id}-rec-{i:04d}",
                    episode_id=eid,
                    filename=f"episode-{i}.mp4",
                    content_type="video/mp4",
                    size_bytes=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    status=RecordingStatus.DONE,
                    progress=1.0,
                    analysis=analysis(i),
                    created_at=started_at(i) + timedelta(minutes=6),
                )
            )
    age0 = profile.age_days(START)
    diary.assessments.append(
        AssessmentRecord(
            id=f"{infant_id}-as-0",
            infant_id=infant_id,
            created_at=started_at(0) + timedelta(minutes=10),
            assessment=Assessment.model_validate(
                {
                    "infant": {"age_days": age0},
                    "vitals": {"temperature_c": 37.0, "temperature_site": "rectal"},
                }
            ),
            result=_result(
                Disposition.ROUTINE,
                [
                    (
                        "tremor_after_3_months",
                        Disposition.ROUTINE,
                        "Shaking still present after 3 months",
                    )
                ],
            ),
            episode_id=diary.episodes[0].id if diary.episodes else None,
        )
    )
    if days > 5:
        diary.assessments.append(
            AssessmentRecord(
                id=f"{infant_id}-as-5",
                infant_id=infant_id,
                created_at=started_at(5) + timedelta(minutes=10),
                assessment=Assessment.model_validate(
                    {"infant": {"age_days": age0 + 5}, "findings": ["loss_of_skills"]}
                ),
                result=_result(
                    Disposition.SAME_DAY,
                    [
                        ("loss_of_skills", Disposition.SAME_DAY, "A skill the baby had is lost"),
                        (
                            "tremor_after_3_months",
                            Disposition.ROUTINE,
                            "Shaking still present after 3 months",
                        ),
                    ],
                ),
            )
        )
    t0 = started_at(0)
    for mid, value, day in [
        ("m02_smiles_back", "yes", 0),
        ("m04_holds_toy", "yes", 0),
        ("m04_coos", "not_yet", 1),
        ("m04_holds_toy", "not_yet", 3),
    ]:
        diary.milestone_answers.append(
            MilestoneAnswer(
                infant_id=infant_id,
                milestone_id=mid,
                answer=MilestoneAnswerValue(value),
                answered_at=t0 + timedelta(days=day),
                answered_by="Mum",
            )
        )
    return diary
