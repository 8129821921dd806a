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
    Cause,
    Disposition,
    Finding,
    HistoryItem,
    Likelihood,
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
from tremorwatch.domain.triage_result import PossibleCause, Reason, TriageResult

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


#: Every resource type the FHIR exporter can emit (the rich diary's Bundle holds each).
FHIR_RESOURCE_TYPES = frozenset(
    {
        "Patient",
        "Observation",
        "Media",
        "QuestionnaireResponse",
        "RiskAssessment",
        "CodeSystem",
        "ConceptMap",
        "StructureDefinition",
        "Questionnaire",
    }
)


def _motion(
    pattern: str,
    frequency: float | None,
    *,
    usable: bool = True,
    kind: str = "video",
    issues: tuple[str, ...] = (),
) -> MotionAnalysis:
    source: dict[str, object] = {"kind": kind, "duration_s": 20.0}
    if kind == "video":
        source.update(fps=30.0, width=1080, height=1920)
    else:
        source.update(sample_rate_hz=100.0)
    return MotionAnalysis.model_validate(
        {
            "source": source,
            "quality": {"usable": usable, "issues": list(issues)},
            "episodes": [
                {
                    "start_s": 2.0,
                    "end_s": 14.0,
                    "pattern": pattern,
                    "frequency_hz": frequency,
                    "amplitude": 4.0 if kind == "video" else 0.3,
                    "amplitude_unit": "px" if kind == "video" else "m/s2",
                    "rhythmicity": 0.85 if frequency else 0.2,
                }
            ],
            "dominant_frequency_hz": frequency,
            "pattern": pattern,
        }
    )


def make_rich_diary(infant_id: str = "baby-r") -> Diary:
    """:func:`make_diary` (14 days) plus what the plain diary lacks, so that its FHIR Bundle
    holds every resource type and every branch of the exporter:

    - day 20 (``ep-0020``): clonic jerks at 2.5 Hz on video, 38.4 °C rectal, triaged twice (the
      second run, after the video, replaces the first; both give the same temperature, and the
      second adds heart rate, breathing rate and blood glucose), with possible causes of each
      likelihood;
    - day 21 (``ep-0021``): a video too shaky to judge (irregular, not usable); the caregiver
      said "not rhythmic", so the episode is irregular movement by the caregiver's report;
    - day 22 (``ep-0022``): an accelerometer CSV, tremor at 9 Hz, the whole body;
    - day 23 (``ep-0023``): rhythmic shaking that did not stop when held, no recording, one arm
      and the chin.
    """
    diary = make_diary(14, infant_id=infant_id)
    extra = [
        (20, [BodyPart.LEFT_ARM, BodyPart.LEFT_LEG], Answer.YES, Answer.NO, 38.4),
        (21, [BodyPart.RIGHT_LEG], Answer.NO, Answer.UNSURE, None),
        (22, [BodyPart.WHOLE_BODY], Answer.YES, Answer.YES, None),
        (23, [BodyPart.RIGHT_ARM, BodyPart.CHIN], Answer.YES, Answer.NO, None),
    ]
    for i, parts, rhythmic, stops, temp in extra:
        diary.episodes.append(
            EpisodeEntry(
                id=f"{infant_id}-ep-{i:04d}",
                infant_id=infant_id,
                started_at=started_at(i),
                duration_s=duration_s(i),
                body_parts=parts,
                states=[State.AWAKE_CALM],
                stops_with_gentle_hold=stops,
                rhythmic=rhythmic,
                responsive=Answer.YES,
                temperature_c=temp,
                temperature_site=TemperatureSite.RECTAL if temp else None,
                triggers="after a feed" if i == 22 else "",
                logged_by="Dad",
                created_at=started_at(i) + timedelta(minutes=3),
            )
        )
    for i, name, ctype, analysis in [
        (20, "clonic.mp4", "video/mp4", _motion("clonic", 2.5)),
        (
            21,
            "shaky.webm",
            "video/webm",
            _motion("irregular", None, usable=False, issues=("camera_shake",)),
        ),
        (22, "sensor.csv", "text/csv", _motion("tremor", 9.0, kind="accelerometer")),
    ]:
        content = f"recording {i}".encode()
        diary.recordings.append(
            RecordingInfo(
                id=f"{infant_id}-rec-{i:04d}",
                episode_id=f"{infant_id}-ep-{i:04d}",
                filename=name,
                content_type=ctype,
                size_bytes=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                status=RecordingStatus.DONE,
                progress=1.0,
                analysis=analysis,
                created_at=started_at(i) + timedelta(hours=2),
            )
        )
    age = diary.profile.age_days(START)
    causes = [
        PossibleCause(
            id=Cause.SEIZURE,
            label="Seizure",
            likelihood=Likelihood.LIKELY,
            why=["does not stop when held", "rhythmic jerks"],
        ),
        PossibleCause(
            id=Cause.SEPSIS, label="Infection", likelihood=Likelihood.POSSIBLE, why=["fever"]
        ),
        PossibleCause(
            id=Cause.PHYSIOLOGICAL_JITTERINESS,
            label="Normal jitters",
            likelihood=Likelihood.LESS_LIKELY,
            why=["does not stop when held"],
        ),
    ]
    for n, (minutes, vitals, motion) in enumerate(
        [
            (30, {"temperature_c": 38.4, "temperature_site": "rectal"}, None),
            (
                200,
                {
                    "temperature_c": 38.4,
                    "temperature_site": "rectal",
                    "heart_rate_bpm": 172,
                    "breaths_per_min": 58,
                    "blood_glucose_mmol_l": 3.1,
                },
                {"dominant_frequency_hz": 2.5, "pattern": "clonic"},
            ),
        ]
    ):
        answers: dict[str, object] = {
            "infant": {"age_days": age + 20},
            "episode": {"rhythmic": "yes", "stops_with_gentle_hold": "no"},
            "vitals": vitals,
            "findings": ["fever"],
        }
        if motion:
            answers["motion"] = motion
        diary.assessments.append(
            AssessmentRecord(
                id=f"{infant_id}-as-20-{n}",
                infant_id=infant_id,
                created_at=started_at(20) + timedelta(minutes=minutes),
                assessment=Assessment.model_validate(answers),
                result=TriageResult(
                    disposition=Disposition.EMERGENCY,
                    headline="Call the emergency number now.",
                    reasons=[
                        Reason(
                            rule_id="fever_under_3_months",
                            disposition=Disposition.EMERGENCY,
                            text="Fever in a baby under 3 months",
                            sources=["NICE NG143"],
                        ),
                        Reason(
                            rule_id="not_suppressible",
                            disposition=Disposition.SAME_DAY,
                            text="Shaking does not stop when held",
                        ),
                    ],
                    possible_causes=causes if n else causes[:1],
                    advice=["Call now.", "Film another episode if it is safe."],
                    suggested_evaluation=["Blood glucose", "EEG"],
                    ruleset_version="2026.1",
                ),
                episode_id=f"{infant_id}-ep-0020",
            )
        )
    return diary
