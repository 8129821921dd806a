"""Step 3 of the decision: how an ``unsure`` or a left-out answer is read.

- A seizure-vs-benign question left out (while it would be asked) is never more reassuring than
  its reassuring answer: a "no" to clusters lowers infantile spasms and can raise a seizure's
  share past the emergency threshold, so the left-out answer is read as that "no" too.
- An ``unsure`` to clusters is also read as "yes" (``unsure_reads_concerning``): parents cannot
  judge clustering and a delay harms (UKISS).
- An ``unsure`` to the hold test is *not* read as "does not stop": that reading sent crying
  jitters to the emergency department against every rater of the labelled sets.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.triage import evaluate, load_ruleset
from tremorwatch.domain.triage.differential import DifferentialFile

RULESET = load_ruleset()
DISCRIMINATORS = dict(RULESET.differential.unsure_discriminators)


def level(data: dict[str, Any]) -> int:
    return evaluate(parse_assessment(data)).disposition.urgency


def with_answer(data: dict[str, Any], field: str, answer: str | None) -> dict[str, Any]:
    out = copy.deepcopy(data)
    section, name = field.split(".")
    out.setdefault(section, {})
    if answer is None:
        out[section].pop(name, None)
    else:
        out[section][name] = answer
    return out


#: brief jerks on waking at 5 months, at the peak age of infantile spasms
SPASM_AGE = {
    "infant": {"age_days": 160, "gestational_age_weeks": 40, "vitamin_k_at_birth": "yes"},
    "episode": {
        "body_parts": ["left_arm", "right_arm", "left_leg", "right_leg"],
        "rhythmic": "no",
        "speed": "slow_jerky",
        "typical_duration_s": 2,
        "episodes_per_day": 3,
        "first_noticed_days_ago": 7,
        "trend": "stable",
        "states": ["on_waking"],
        "stops_with_gentle_hold": "unsure",
        "provoked_by_stimulus": "unsure",
    },
    "findings": [],
}


def test_clusters_not_sure_is_as_urgent_as_clusters_at_spasm_age() -> None:
    yes = level(with_answer(SPASM_AGE, "episode.comes_in_clusters", "yes"))
    unsure_data = with_answer(SPASM_AGE, "episode.comes_in_clusters", "unsure")
    assert yes >= 3, "clusters of jerks at 5 months: infantile spasms, seen the same day"
    assert level(unsure_data) >= yes
    result = evaluate(parse_assessment(unsure_data))
    unsure_reasons = [
        r for r in result.reasons if r.rule_id == "differential.unsure_not_reassuring"
    ]
    assert unsure_reasons, [r.rule_id for r in result.reasons]
    short = next(q.short for q in RULESET.questions if q.field == "episode.comes_in_clusters")
    assert f"({short})" in unsure_reasons[0].text, "the reason names the question left unsure"


#: fine trembling of all four limbs when hungry and crying at 4 months, not set off by touch:
#: read as "does not stop when held", that is an unprovoked rhythmic shaking
HUNGRY_TREMBLING = {
    "infant": {"age_days": 120, "gestational_age_weeks": 40},
    "episode": {
        "body_parts": ["left_leg", "right_leg", "left_arm", "right_arm"],
        "rhythmic": "yes",
        "speed": "fast_fine",
        "typical_duration_s": 20,
        "episodes_per_day": 3,
        "first_noticed_days_ago": 20,
        "trend": "stable",
        "states": ["hungry", "crying_or_upset"],
        "provoked_by_stimulus": "no",
        "one_side_only": "no",
        "happening_now": "no",
        "stops_with_gentle_hold": "unsure",
    },
    "findings": [],
}


def test_hold_test_not_sure_is_not_read_as_does_not_stop() -> None:
    unsure = level(HUNGRY_TREMBLING)
    does_not_stop = level(with_answer(HUNGRY_TREMBLING, "episode.stops_with_gentle_hold", "no"))
    assert unsure < does_not_stop
    assert unsure >= level(with_answer(HUNGRY_TREMBLING, "episode.stops_with_gentle_hold", "yes"))


def _grid() -> list[dict[str, Any]]:
    """Partial assessments across ages, speeds, signs and nappies (each a plausible
    combination; the discriminators are left out and set by the tests)."""
    out = []
    for age, speed, extra, nappies in itertools.product(
        (5, 40, 150, 243, 500),
        ("fast_fine", "slow_jerky"),
        ([], ["fever"], ["poor_feeding"]),
        (None, 2),
    ):
        data: dict[str, Any] = {
            "infant": {"age_days": age},
            "episode": {"speed": speed, "only_in_sleep": "unsure", "one_side_only": "unsure"},
            "findings": extra,
        }
        if nappies is not None:
            data["vitals"] = {"wet_diapers_24h": nappies}
        out.append(data)
    return out


@pytest.mark.parametrize("field", sorted(DISCRIMINATORS))
def test_a_left_out_discriminator_is_never_below_its_reassuring_answer(field: str) -> None:
    for data in _grid():
        base = with_answer(data, field, None)
        reassured = with_answer(data, field, DISCRIMINATORS[field])
        assert level(base) >= level(reassured), (field, data)
        unsure = with_answer(data, field, "unsure")
        assert level(unsure) >= level(reassured), (field, data)


def test_the_clusters_counterexample_is_held_at_the_no_answers_level() -> None:
    """The random property run's counterexample kind: at 8 months with slow jerks, 2 wet
    nappies and "not sure" about sleep and side, a "no" to clusters gives more than its
    absence did (benchmarks/README.md, Triage)."""
    data = {
        "infant": {"age_days": 243},
        "episode": {
            "speed": "slow_jerky",
            "only_in_sleep": "unsure",
            "one_side_only": "unsure",
            "stops_with_gentle_hold": "yes",
        },
        "vitals": {"wet_diapers_24h": 2},
    }
    no = level(with_answer(data, "episode.comes_in_clusters", "no"))
    assert level(data) >= no


def test_unsure_reads_concerning_must_name_a_discriminator() -> None:
    raw = copy.deepcopy(RULESET.differential.spec.model_dump(by_alias=True))
    raw["unsure_reads_concerning"] = {"episode.rhythmic": "not a discriminator"}
    with pytest.raises(ValueError, match="not discriminators"):
        DifferentialFile.model_validate(raw)
