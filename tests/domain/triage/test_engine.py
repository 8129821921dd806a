"""Known-answer tests of the triage engine at the thresholds the evidence sets.

Source of each expected answer: shared/clinical/evidence.md (section named in each test). The
boundaries (38.0 °C under 3 months, 5 minutes, bruise under ~5 months, 72 hours ...) are tested
on both sides. Not tested here: every rule (test_every_rule.py), every vignette (tests/vignettes).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Cause, Disposition, Likelihood
from tremorwatch.domain.triage import evaluate, load_ruleset
from tremorwatch.domain.triage.engine import BASELINE_RULE_ID
from tremorwatch.domain.triage_result import TriageResult

#: A well 3-week-old with jitters that stop when held, every reassuring answer given.
JITTERY = {
    "infant": {
        "age_days": 21,
        "gestational_age_weeks": 39,
        "history": [],
        "vitamin_k_at_birth": "yes",
    },
    "episode": {
        "body_parts": ["left_leg", "right_leg"],
        "rhythmic": "yes",
        "speed": "fast_fine",
        "typical_duration_s": 10,
        "longest_duration_s": 30,
        "first_noticed_days_ago": 10,
        "trend": "stable",
        "states": ["crying_or_upset", "handling_or_noise"],
        "only_in_sleep": "no",
        "stops_with_gentle_hold": "yes",
        "provoked_by_stimulus": "yes",
        "comes_in_clusters": "no",
        "one_side_only": "no",
        "happening_now": "no",
    },
    "findings": [],
}


def triage(data: dict[str, Any], **changes: Any) -> TriageResult:
    """Evaluate ``data`` with dotted-path changes (``episode__happening_now="yes"``)."""
    out = copy.deepcopy(data)
    for key, value in changes.items():
        section, field = key.split("__")
        if section == "findings":
            out["findings"] = value
            continue
        out.setdefault(section, {})[field] = value
    return evaluate(parse_assessment(out))


def fired(result: TriageResult) -> set[str]:
    return {r.rule_id for r in result.reasons}


def test_well_jittery_newborn_is_home_care_with_reasons_and_benign_cause() -> None:
    result = triage(JITTERY)
    assert result.disposition is Disposition.HOME_CARE
    assert "benign.jitteriness" in fired(result)
    top = result.possible_causes[0]
    assert top.id is Cause.PHYSIOLOGICAL_JITTERINESS
    assert top.likelihood is Likelihood.LIKELY
    assert "stops when the leg is gently held" in top.why
    assert result.ruleset_version == load_ruleset().version
    assert any("diary" in a for a in result.advice)
    assert any("emergency services" in a for a in result.advice), "home care has a safety net"


def test_notice_is_short_and_says_decision_support() -> None:
    notice = triage(JITTERY).notice or ""
    assert notice.startswith("This is decision support, not a diagnosis")
    assert len(notice) < 200


@pytest.mark.parametrize(
    ("age_days", "temperature_c", "expected"),
    [
        (89, 38.0, Disposition.EMERGENCY),  # NICE NG143: under 3 months, 38 °C or higher
        (89, 37.9, Disposition.HOME_CARE),
        (150, 38.0, Disposition.EMERGENCY),  # evidence 3.5 [I]: shaking + fever under 6 months
        (200, 38.5, Disposition.SAME_DAY),  # older infant: see a doctor today
        (21, 35.9, Disposition.EMERGENCY),  # under 36 °C
    ],
)
def test_fever_by_chronological_age(
    age_days: int, temperature_c: float, expected: Disposition
) -> None:
    data = copy.deepcopy(JITTERY)
    data["infant"]["age_days"] = age_days
    data["episode"]["first_noticed_days_ago"] = age_days - 5
    data["vitals"] = {"temperature_c": temperature_c}
    result = evaluate(parse_assessment(data))
    assert result.disposition is expected, fired(result)


def test_fever_rule_uses_chronological_not_corrected_age() -> None:
    """A 100-day-old born at 30 weeks is 30 days corrected; fever rules use 100 days."""
    data = copy.deepcopy(JITTERY)
    data["infant"].update(age_days=100, gestational_age_weeks=30)
    data["vitals"] = {"temperature_c": 38.2}
    result = evaluate(parse_assessment(data))
    assert "fever.under_3_months" not in fired(result)
    assert "fever.with_shaking_under_6_months" in fired(result)


def test_corrected_age_keeps_a_preterm_baby_in_the_jitter_window() -> None:
    """Persistence rules use corrected age (evidence 3.6): 120 days old, born at 30 weeks."""
    term = copy.deepcopy(JITTERY)
    term["infant"]["age_days"] = 120
    term["episode"]["first_noticed_days_ago"] = 110
    preterm = copy.deepcopy(term)
    preterm["infant"]["gestational_age_weeks"] = 30
    assert evaluate(parse_assessment(term)).disposition is Disposition.ROUTINE
    assert evaluate(parse_assessment(preterm)).disposition is Disposition.HOME_CARE


@pytest.mark.parametrize(("minutes", "emergency"), [(5, True), (4, False)])
def test_status_threshold_five_minutes(minutes: float, emergency: bool) -> None:
    result = triage(JITTERY, episode__happening_now="yes", episode__minutes_so_far=minutes)
    assert ("seizure.status_now" in fired(result)) is emergency


@pytest.mark.parametrize(("seconds", "emergency"), [(301, True), (300, False)])
def test_longest_episode_over_300_seconds(seconds: float, emergency: bool) -> None:
    result = triage(JITTERY, episode__longest_duration_s=seconds)
    assert (result.disposition is Disposition.EMERGENCY) is emergency


def test_unprovoked_shaking_that_continues_when_held_is_seen_today() -> None:
    """Alone, the failed hold test sets same day (issue 15 principle 3)."""
    result = triage(
        JITTERY, episode__stops_with_gentle_hold="no", episode__provoked_by_stimulus="no"
    )
    assert result.disposition.urgency >= Disposition.SAME_DAY.urgency


def test_several_seizure_features_together_are_an_emergency() -> None:
    """Not stopped by holding, unprovoked, slow rhythmic jerks, one side, a minute or more."""
    result = triage(
        JITTERY,
        episode__stops_with_gentle_hold="no",
        episode__provoked_by_stimulus="no",
        episode__speed="slow_jerky",
        episode__one_side_only="yes",
        episode__longest_duration_s=90,
        episode__states=["awake_calm"],
    )
    assert result.disposition is Disposition.EMERGENCY
    assert result.possible_causes[0].id is Cause.SEIZURE


def test_sleep_only_jerks_that_stop_on_waking_are_not_an_emergency_when_holding_fails() -> None:
    """BNSM may continue under restraint; sleep-only + stop on waking decides (Maurer 2010)."""
    result = triage(
        JITTERY,
        episode__stops_with_gentle_hold="no",
        episode__only_in_sleep="yes",
        episode__stops_when_woken="yes",
        episode__states=["asleep"],
    )
    assert result.disposition is Disposition.HOME_CARE
    assert result.possible_causes[0].id is Cause.BENIGN_SLEEP_MYOCLONUS


@pytest.mark.parametrize(
    "finding",
    [
        "unresponsive_during_episode",
        "eye_deviation_or_fixed_stare",
        "lip_smacking_or_chewing",
        "cycling_or_pedalling",
        "breathing_pause",
        "blue_or_grey_color",
        "hard_to_wake",
        "moves_only_when_stimulated",
        "floppy",
        "not_feeding_at_all",
        "bulging_fontanelle",
        "non_blanching_rash",
        "neck_stiffness",
        "head_injury",
    ],
)
def test_every_emergency_sign_gives_emergency(finding: str) -> None:
    assert triage(JITTERY, findings__=[finding]).disposition is Disposition.EMERGENCY


@pytest.mark.parametrize(
    ("age_days", "expected"), [(149, Disposition.EMERGENCY), (150, Disposition.ROUTINE)]
)
def test_bruise_under_five_months_is_an_emergency_with_kind_safeguarding_words(
    age_days: int, expected: Disposition
) -> None:
    data = copy.deepcopy(JITTERY)
    data["infant"]["age_days"] = age_days
    data["episode"]["first_noticed_days_ago"] = age_days - 5
    data["findings"] = ["bruising"]
    result = evaluate(parse_assessment(data))
    assert result.disposition.urgency >= expected.urgency
    if expected is Disposition.EMERGENCY:
        assert result.disposition is Disposition.EMERGENCY
        assert any("not about blaming you" in a for a in result.advice)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"infant__age_days": 2, "episode__first_noticed_days_ago": 0}, Disposition.SAME_DAY),
        (
            {
                "infant__age_days": 2,
                "episode__first_noticed_days_ago": 0,
                "findings__": ["poor_feeding"],
            },
            Disposition.EMERGENCY,
        ),
        (
            {
                "infant__age_days": 6,
                "infant__history": ["infant_of_diabetic_mother"],
                "episode__first_noticed_days_ago": 1,
            },
            Disposition.SAME_DAY,
        ),
        (
            {
                "infant__age_days": 6,
                "infant__gestational_age_weeks": 35.5,
                "episode__first_noticed_days_ago": 1,
            },
            Disposition.SAME_DAY,
        ),
        (
            {
                "infant__age_days": 12,
                "infant__history": ["infant_of_diabetic_mother"],
                "episode__first_noticed_days_ago": 5,
            },
            Disposition.HOME_CARE,
        ),
    ],
)
def test_hypoglycaemia_risk_in_the_first_days(
    changes: dict[str, Any], expected: Disposition
) -> None:
    result = triage(JITTERY, **changes)
    assert result.disposition is expected, fired(result)
    if expected is not Disposition.HOME_CARE:
        assert any("glucose" in e.lower() for e in result.suggested_evaluation)


def test_only_age_is_routine_never_reassuring_and_asks_the_hold_test() -> None:
    result = evaluate(parse_assessment({"infant": {"age_days": 30}}))
    assert result.disposition is Disposition.ROUTINE
    assert BASELINE_RULE_ID in fired(result)
    fields = [q.field for q in result.next_questions]
    assert "episode.stops_with_gentle_hold" in fields
    hold = next(q for q in result.next_questions if q.field == "episode.stops_with_gentle_hold")
    assert "How to check" in hold.why and "gently" in hold.why


@pytest.mark.parametrize(
    "field",
    [
        "stops_with_gentle_hold",
        "one_side_only",
    ],
)
def test_unsure_instead_of_a_reassuring_answer_is_not_home_care(field: str) -> None:
    """Unsure on a question whose other answer could raise the level holds the floor (an
    unsure answer that no answer could turn into a concern need not; issue 15 principle 1)."""
    result = triage(JITTERY, **{f"episode__{field}": "unsure"})
    assert result.disposition.urgency > Disposition.HOME_CARE.urgency


def test_findings_not_asked_is_not_reassuring() -> None:
    data = copy.deepcopy(JITTERY)
    del data["findings"]
    result = evaluate(parse_assessment(data))
    assert result.disposition is Disposition.ROUTINE
    assert "findings:seizure_signs" in [q.field for q in result.next_questions]


def test_an_emergency_has_no_questions_left_and_orders_seizure_first() -> None:
    result = triage(JITTERY, findings__=["eye_deviation_or_fixed_stare"])
    assert result.next_questions == []
    assert result.possible_causes[0].id is Cause.SEIZURE
    assert result.headline.endswith("Call emergency services now.")
    assert result.suggested_evaluation, "a clinician gets suggested tests"


def test_infantile_spasms_same_day_with_eeg() -> None:
    """Runs alone are not yet a named syndrome; runs of spasms seen are (guideline: same day)."""
    data = copy.deepcopy(JITTERY)
    data["infant"]["age_days"] = 150
    data["episode"].update(comes_in_clusters="yes", rhythmic="no", first_noticed_days_ago=7)
    data["findings"] = ["spasm_clusters"]
    result = evaluate(parse_assessment(data))
    assert result.disposition is Disposition.SAME_DAY
    assert Cause.INFANTILE_SPASMS in [c.id for c in result.possible_causes]
    assert any("hypsarrhythmia" in e for e in result.suggested_evaluation)


def test_result_round_trips_through_the_spec_model() -> None:
    result = triage(JITTERY, findings__=["vomiting", "irritability"])
    again = TriageResult.model_validate(result.to_json_dict())
    assert again == TriageResult.model_validate(again.to_json_dict())
    assert again.disposition is result.disposition


@pytest.mark.parametrize(
    ("glucose", "expected"),
    [(None, Disposition.SAME_DAY), (2.7, Disposition.SAME_DAY), (2.8, Disposition.HOME_CARE)],
)
def test_a_measured_normal_glucose_answers_the_first_72_hours_check(
    glucose: float | None, expected: Disposition
) -> None:
    """evidence 2 glucose thresholds: PES concern below 2.8 mmol/L in the first 48-72 h; a
    measured value at or above it is the check the rule asks for (a well term baby)."""
    vitals = {} if glucose is None else {"blood_glucose_mmol_l": glucose}
    result = triage(
        {**JITTERY, "vitals": vitals}, infant__age_days=2, episode__first_noticed_days_ago=1
    )
    assert result.disposition is expected, fired(result)


def test_an_expected_medicine_side_effect_goes_to_the_prescriber_within_days() -> None:
    """issue 15 principle 4; evidence 2 other medications: with normal signs, within days."""
    result = triage(
        JITTERY, infant__history=["infant_takes_medication"], episode__first_noticed_days_ago=5
    )
    assert result.disposition is Disposition.WITHIN_DAYS, fired(result)
    assert any(c.id is Cause.MEDICATION_SIDE_EFFECT for c in result.possible_causes[:3])


def test_not_sure_about_one_side_is_not_read_as_yes_but_never_reassures() -> None:
    """decision.py step 3: "not sure" is an unknown; it keeps the routine floor."""
    assert triage(JITTERY, episode__one_side_only="yes").disposition is Disposition.WITHIN_DAYS
    assert triage(JITTERY, episode__one_side_only="no").disposition is Disposition.HOME_CARE
    assert triage(JITTERY, episode__one_side_only="unsure").disposition is Disposition.ROUTINE


@pytest.mark.parametrize(
    ("age_days", "trend", "hold", "expected"),
    [
        # evidence 1.2 / Shuper 1991: fading jitters under 6 months are the benign persistent form
        (150, "improving", "yes", Disposition.HOME_CARE),
        # not fading: still present after 3 months -> routine (evidence 3.6 rule 2)
        (150, "stable", "yes", Disposition.ROUTINE),
        # over 6 months with jitteriness's defining features: routine, not within days (principle 2)
        (215, "stable", "yes", Disposition.ROUTINE),
        # over 6 months and not stopped by holding: unexplained -> within days (evidence 3.6 rule 3)
        (215, "stable", "no", Disposition.WITHIN_DAYS),
    ],
)
def test_age_weighs_on_an_unexplained_persisting_tremor_not_on_a_recognised_pattern(
    age_days: int, trend: str, hold: str, expected: Disposition
) -> None:
    result = triage(
        JITTERY,
        infant__age_days=age_days,
        episode__first_noticed_days_ago=age_days - 10,
        episode__trend=trend,
        episode__stops_with_gentle_hold=hold,
        episode__provoked_by_stimulus="yes",
        episode__states=["handling_or_noise"],
    )
    assert result.disposition.urgency >= expected.urgency, fired(result)
    if hold == "yes":
        assert result.disposition is expected, fired(result)


@pytest.mark.parametrize(
    ("history", "temperature", "expected"),
    [
        (["recent_vaccination"], 37.4, Disposition.HOME_CARE),
        ([], 37.4, Disposition.SAME_DAY),
        (["recent_vaccination"], 38.0, Disposition.EMERGENCY),
    ],
)
def test_fussiness_after_a_vaccine_is_its_expected_reaction_not_a_sign_of_infection(
    history: list[str], temperature: float, expected: Disposition
) -> None:
    # CDC DTaP information statement: fussiness is common after the vaccine; NICE NG143:
    # under 3 months 38.0 °C is an emergency whatever its cause; irritability without a
    # vaccine stays same day (NICE NG240)
    result = triage(
        JITTERY,
        infant__age_days=57,
        infant__history=history,
        episode__first_noticed_days_ago=0,
        vitals__temperature_c=temperature,
        findings__=["irritability"],
    )
    assert result.disposition is expected


@pytest.mark.parametrize(
    ("age_days", "findings", "expected"),
    [
        (215, ["pale_or_mottled"], Disposition.WITHIN_DAYS),
        (60, ["pale_or_mottled"], Disposition.SAME_DAY),
        (215, ["pale_or_mottled", "fever"], Disposition.SAME_DAY),
    ],
)
def test_pallor_without_fever_past_3_months_is_the_b12_question_within_days(
    age_days: int, findings: list[str], expected: Disposition
) -> None:
    # evidence 5 row 14 (B12: looking pale -> within days); NICE NG143 pallor is amber in a
    # febrile child; NICE NG240 pale skin in babies
    result = triage(
        JITTERY,
        infant__age_days=age_days,
        episode__first_noticed_days_ago=10,
        findings__=findings,
    )
    assert result.disposition.urgency >= expected.urgency
    assert any(r.disposition is expected for r in result.reasons)


def test_excitement_that_stops_when_distracted_is_home_care_without_the_hold_test() -> None:
    # Volpe's criteria (evidence 1.1): set off by the baby's state and suppressible from
    # outside; "stops when distracted" answers what the hold test asks (questions.yaml)
    result = triage(
        JITTERY,
        infant__age_days=700,
        episode__states=["crying_or_upset"],
        episode__stops_with_gentle_hold=None,
        episode__stops_with_distraction="yes",
        episode__typical_duration_s=4,
        episode__longest_duration_s=None,
        episode__first_noticed_days_ago=30,
    )
    assert result.disposition is Disposition.HOME_CARE, fired(result)
    unsure = triage(
        JITTERY,
        infant__age_days=700,
        episode__states=["crying_or_upset"],
        episode__stops_with_gentle_hold=None,
        episode__stops_with_distraction="unsure",
        episode__typical_duration_s=4,
        episode__first_noticed_days_ago=30,
    )
    assert unsure.disposition.urgency >= Disposition.ROUTINE.urgency


def test_a_benign_paroxysmal_event_counts_with_its_smaller_miss_harm_at_routine() -> None:
    # differential.yaml: miss_harm 1 against the routine level's (1 - 0.3) / 0.3
    diff = load_ruleset().differential
    i = diff.cause_index[Cause.SHUDDERING_ATTACKS]
    j = diff.cause_index[Cause.CEREBRAL_PALSY_OR_NEURODEVELOPMENTAL]
    band = 2
    assert diff.own_level_share[band][i] == pytest.approx(2 / (1 + 0.7 / 0.3))
    assert diff.own_level_share[band][j] == 1.0
    posterior = [0.0] * len(diff.causes)
    posterior[diff.cause_index[Cause.EXCITEMENT_OR_FRUSTRATION]] = 0.6
    posterior[i] = 0.4
    assert diff.level(band, posterior) == 0  # 0.4 x 0.6 = 0.24 < 0.30
    posterior[i], posterior[j] = 0.0, 0.4
    assert diff.level(band, posterior) == 1
    weights = list(posterior)
    assert diff.level_of_weights(band, weights) == 1
