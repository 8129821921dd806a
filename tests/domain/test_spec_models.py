"""The exchange-format models accept the spec's examples and refuse bad input clearly."""

from __future__ import annotations

import json

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.errors import InputError

SPEC_EXAMPLE = {
    "schema": "tremorwatch.assessment/1",
    "infant": {
        "age_days": 45,
        "gestational_age_weeks": 39,
        "birth_weight_g": 3300,
        "sex": "female",
        "history": ["infant_of_diabetic_mother"],
        "vitamin_k_at_birth": "yes",
    },
    "episode": {
        "body_parts": ["left_leg", "right_leg"],
        "rhythmic": "yes",
        "speed": "fast_fine",
        "typical_duration_s": 10,
        "longest_duration_s": 30,
        "episodes_per_day": 4,
        "first_noticed_days_ago": 12,
        "trend": "stable",
        "states": ["crying_or_upset", "handling_or_noise"],
        "only_in_sleep": "no",
        "stops_when_woken": "unsure",
        "stops_with_gentle_hold": "yes",
        "provoked_by_stimulus": "yes",
        "comes_in_clusters": "no",
        "one_side_only": "no",
        "happening_now": "no",
        "minutes_so_far": None,
    },
    "findings": ["interferes_with_sleep"],
    "vitals": {
        "temperature_c": 37.1,
        "temperature_site": "rectal",
        "breaths_per_min": 40,
        "wet_diapers_24h": 7,
    },
    "motion": {"dominant_frequency_hz": 6.2, "pattern": "tremor"},
}


def test_spec_example_round_trips() -> None:
    assessment = parse_assessment(json.dumps(SPEC_EXAMPLE))
    assert assessment.infant.age_days == 45
    again = parse_assessment(assessment.to_json_dict())
    assert again == assessment


@pytest.mark.parametrize(
    ("patch", "field", "words"),
    [
        ({"infant": {"age_days": -3}}, "infant.age_days", "greater than or equal to 0"),
        ({"vitals": {"temperature_c": 60}}, "vitals.temperature_c", "less than or equal to 45"),
        ({"findings": ["glowing"]}, "findings.0", "'unresponsive_during_episode'"),
        (
            {"infant": {"age_days": 3, "history": ["aliens"]}},
            "infant.history.0",
            "maternal_opioid_use",
        ),
        ({"findigs": []}, "findigs", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_names_field(patch: dict, field: str, words: str) -> None:
    data = {"infant": {"age_days": 10}, **patch}
    with pytest.raises(InputError) as info:
        parse_assessment(data)
    assert info.value.field == field
    assert words in info.value.message


def test_malformed_json_says_where() -> None:
    with pytest.raises(InputError, match="line 1, column"):
        parse_assessment('{"infant": ')


def test_corrected_age_for_preterm() -> None:
    a = parse_assessment({"infant": {"age_days": 70, "gestational_age_weeks": 32}})
    assert a.infant.preterm
    assert a.infant.corrected_age_days == 14
    term = parse_assessment({"infant": {"age_days": 70, "gestational_age_weeks": 39}})
    assert term.infant.corrected_age_days == 70


def test_disposition_order() -> None:
    assert (
        Disposition.most_urgent([Disposition.ROUTINE, Disposition.SAME_DAY]) is Disposition.SAME_DAY
    )
    assert Disposition.EMERGENCY.urgency > Disposition.HOME_CARE.urgency
