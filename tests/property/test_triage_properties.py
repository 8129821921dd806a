"""Safety properties of the triage engine, checked on broadly generated valid assessments.

1. The engine never raises on valid input, and its result is a valid triage-result/1.
2. Adding a warning-sign finding lowers urgency only by explaining the shaking (the leading
   cause became likelier).
3. Replacing a reassuring answer by ``unsure``, or removing it, never lowers urgency.
4. Leaving out the findings checklist (instead of "asked, none seen") never lowers urgency.

Assessments are generated field by field: every field may be missing, answers cover every
code, numbers their whole valid range with extra weight near the thresholds the rules use.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import (
    BodyPart,
    Finding,
    HistoryItem,
    MotionPattern,
    Speed,
    State,
    TemperatureSite,
    Trend,
)
from tremorwatch.domain.triage import evaluate, load_ruleset
from tremorwatch.domain.triage_result import TriageResult

ANSWERS = ["yes", "no", "unsure"]
WARNING_SIGNS = sorted(load_ruleset().finding_sets["warning_signs"])

#: The reassuring answer of each field (the one a benign pattern needs).
REASSURING = {
    "episode.stops_with_gentle_hold": "yes",
    "episode.stops_when_woken": "yes",
    "episode.only_in_sleep": "yes",
    "episode.provoked_by_stimulus": "yes",
    "episode.comes_in_clusters": "no",
    "episode.one_side_only": "no",
    "episode.happening_now": "no",
    "episode.speed": "fast_fine",
    "episode.trend": "improving",
    "infant.vitamin_k_at_birth": "yes",
}
#: Fields without an "unsure" value: only removal is tested.
NO_UNSURE = {"episode.trend"}

#: Per-test settings (a global profile would change other modules' property tests).
# Derandomized on CI, as the parser fuzzing: the same 250 examples every run, so a failure
# reproduces and never flakes. Drop derandomize locally to explore new examples. Two
# counterexamples found that way: a left-out "clusters" below its own "no" (fixed, decision.py
# step 3, a unit test in tests/domain/triage/test_unknown_readings.py), and a poor-feeding sign
# lowering a seizure's share in an opioid-exposed newborn (explaining away: property 2 now says
# when a sign may lower the level).
TRIAGE = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _number(low: float, high: float, near: list[float]) -> st.SearchStrategy[float]:
    return st.one_of(
        st.floats(min_value=low, max_value=high, allow_nan=False),
        st.sampled_from([v for v in near if low <= v <= high]),
    )


def _codes(enum: Any) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from([e.value for e in enum]), max_size=4, unique=True)


@st.composite
def assessments(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(
        st.one_of(
            st.integers(0, 1095),
            st.sampled_from([0, 2, 3, 7, 14, 28, 60, 89, 90, 91, 150, 182, 183, 241, 365]),
        )
    )
    infant: dict[str, Any] = {"age_days": age}
    parts = {
        "gestational_age_weeks": _optional(_number(22, 44, [30, 34, 36.9, 37, 40])),
        "birth_weight_g": _optional(_number(300, 7000, [2499, 2500, 4501])),
        "history": _optional(_codes(HistoryItem)),
        "vitamin_k_at_birth": _optional(st.sampled_from(ANSWERS)),
    }
    for key, strategy in parts.items():
        value = draw(strategy)
        if value is not None:
            infant[key] = value
    episode: dict[str, Any] = {}
    episode_parts: dict[str, st.SearchStrategy[Any]] = {
        "body_parts": _codes(BodyPart),
        "rhythmic": st.sampled_from(ANSWERS),
        "speed": st.sampled_from([s.value for s in Speed]),
        "typical_duration_s": _number(0, 86_400, [1, 5, 6, 10, 15, 30, 60, 61]),
        "longest_duration_s": _number(0, 86_400, [30, 299, 300, 301]),
        "episodes_per_day": _number(0, 10_000, [1, 10]),
        "first_noticed_days_ago": _number(0, 1095, [0, 5, 14, 15, 30]),
        "trend": st.sampled_from([t.value for t in Trend]),
        "states": _codes(State),
        "only_in_sleep": st.sampled_from(ANSWERS),
        "stops_when_woken": st.sampled_from(ANSWERS),
        "stops_with_gentle_hold": st.sampled_from(ANSWERS),
        "provoked_by_stimulus": st.sampled_from(ANSWERS),
        "comes_in_clusters": st.sampled_from(ANSWERS),
        "one_side_only": st.sampled_from(ANSWERS),
        "happening_now": st.sampled_from(ANSWERS),
        "minutes_so_far": _number(0, 1440, [4, 5, 6]),
    }
    for key, strategy in episode_parts.items():
        value = draw(_optional(strategy))
        if value is not None:
            episode[key] = value
    data: dict[str, Any] = {"infant": infant, "episode": episode}
    findings = draw(
        _optional(st.lists(st.sampled_from([f.value for f in Finding]), max_size=3, unique=True))
    )
    if findings is not None:
        data["findings"] = findings
        if draw(st.booleans()):
            data["findings_checked"] = draw(_codes(Finding))
    vitals: dict[str, Any] = {}
    vital_parts = {
        "temperature_c": _number(25, 45, [35.9, 36.0, 37.9, 38.0]),
        "temperature_site": st.sampled_from([t.value for t in TemperatureSite]),
        "breaths_per_min": _number(0, 200, [60, 61]),
        "heart_rate_bpm": _number(0, 350, [160, 161]),
        "wet_diapers_24h": _number(0, 40, [2, 5, 6]),
        "blood_glucose_mmol_l": _number(0, 50, [2.5, 2.6, 3.2, 3.3]),
    }
    for key, strategy in vital_parts.items():
        value = draw(_optional(strategy))
        if value is not None:
            vitals[key] = value
    data["vitals"] = vitals
    if draw(st.booleans()):
        data["motion"] = {
            "dominant_frequency_hz": draw(_number(0, 120, [2, 5, 6])),
            "pattern": draw(st.sampled_from([p.value for p in MotionPattern])),
        }
    return data


def urgency(data: dict[str, Any]) -> int:
    return evaluate(parse_assessment(data)).disposition.urgency


@TRIAGE
@given(assessments())
def test_engine_never_raises_and_gives_a_valid_result(data: dict[str, Any]) -> None:
    result = evaluate(parse_assessment(data))
    again = TriageResult.model_validate(result.to_json_dict())
    assert again.disposition is result.disposition
    assert result.reasons, "every result says why"
    assert result.advice


@TRIAGE
@given(assessments(), st.sampled_from(WARNING_SIGNS))
def test_a_warning_sign_lowers_urgency_only_by_explaining_the_shaking(
    data: dict[str, Any], finding: str
) -> None:
    """Only the sign is added: what was asked stays as it was (with no checklist answered,
    the sign alone becomes known; setting ``findings`` alone would also answer every other
    sign "no", which is answering the checklist, not adding a sign).

    A sign may lower the level only by explaining the shaking away: the cause it leads to
    became likelier (pallor with a vegetarian mother's coarse tremor: vitamin B12 deficiency
    rather than a seizure). A guard that kept the level without the sign was tried on
    2026-12-03 and over-triaged three labelled cases from outside (B12 deficiency twice,
    Sandifer) while fixing none; see benchmarks/README.md, Triage."""
    before = evaluate(parse_assessment(data))
    more = copy.deepcopy(data)
    more["findings"] = sorted({*more.get("findings", []), finding})
    if "findings" not in data or "findings_checked" in data:
        more["findings_checked"] = sorted({*data.get("findings_checked", []), finding})
    after = evaluate(parse_assessment(more))
    if after.disposition.urgency >= before.disposition.urgency:
        return
    lead = after.possible_causes[0]
    earlier = {c.id: c.probability or 0.0 for c in before.possible_causes}
    assert (lead.probability or 0.0) > earlier.get(lead.id, 0.0), (
        f"{finding} lowered the level without making {lead.id.value} likelier"
    )


@TRIAGE
@given(assessments(), st.sampled_from(sorted(REASSURING)), st.booleans())
def test_unsure_or_missing_never_lowers_urgency(
    data: dict[str, Any], field: str, remove: bool
) -> None:
    section, name = field.split(".")
    reassured = copy.deepcopy(data)
    reassured[section][name] = REASSURING[field]
    changed = copy.deepcopy(reassured)
    if remove or field in NO_UNSURE:
        del changed[section][name]
    else:
        changed[section][name] = "unsure"
    assert urgency(changed) >= urgency(reassured)


@TRIAGE
@given(assessments())
def test_leaving_out_the_findings_checklist_never_lowers_urgency(data: dict[str, Any]) -> None:
    asked = copy.deepcopy(data)
    asked["findings"] = []
    asked.pop("findings_checked", None)
    unasked = copy.deepcopy(asked)
    del unasked["findings"]
    assert urgency(unasked) >= urgency(asked)
