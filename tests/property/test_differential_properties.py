"""Safety properties of the probabilistic triage (issue 15), checked with hypothesis.

* adding a red flag never lowers the level;
* turning a reassuring answer into ``unsure`` never lowers it;
* a longer episode never lowers it;
* the result does not depend on the order of lists.

What is not tested: the clinical correctness of the numbers (that is what the vignette sets
in benchmarks/vignettes_report.py measure).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.triage import evaluate

ANSWERS = st.sampled_from(["yes", "no", "unsure"])
REASSURING = {
    "stops_with_gentle_hold": "yes",
    "only_in_sleep": "yes",
    "stops_when_woken": "yes",
    "provoked_by_stimulus": "yes",
    "one_side_only": "no",
    "comes_in_clusters": "no",
    "stops_with_distraction": "yes",
}
RED_FLAGS = [
    "breathing_pause",
    "blue_or_grey_color",
    "unresponsive_during_episode",
    "looked_like_a_fit",
    "hard_to_wake",
    "bulging_fontanelle",
]


@st.composite
def assessments(draw: Any) -> dict[str, Any]:
    episode = {name: draw(ANSWERS) for name in REASSURING}
    episode.update(
        rhythmic=draw(ANSWERS),
        speed=draw(st.sampled_from(["fast_fine", "slow_jerky", "unsure"])),
        typical_duration_s=draw(st.sampled_from([1, 4, 10, 40])),
        longest_duration_s=draw(st.sampled_from([2, 30, 90, 200])),
        states=draw(
            st.lists(
                st.sampled_from(["crying_or_upset", "asleep", "awake_calm", "feeding", "drowsy"]),
                unique=True,
                max_size=3,
            )
        ),
        body_parts=draw(
            st.lists(
                st.sampled_from(["left_leg", "right_leg", "head", "trunk"]), unique=True, min_size=1
            )
        ),
        first_noticed_days_ago=draw(st.sampled_from([1, 10, 40])),
    )
    findings = draw(
        st.lists(
            st.sampled_from(["irritability", "vomiting", "poor_weight_gain"]),
            unique=True,
            max_size=2,
        )
    )
    age = draw(st.sampled_from([2, 10, 40, 120, 250, 500]))
    return {
        "infant": {"age_days": age, "history": [], "vitamin_k_at_birth": "yes"},
        "episode": episode,
        "findings": findings,
    }


def level(data: dict[str, Any]) -> int:
    return evaluate(parse_assessment(data)).disposition.urgency


@settings(max_examples=40, deadline=None)
@given(assessments(), st.sampled_from(RED_FLAGS))
def test_adding_a_red_flag_never_lowers_the_level(data: dict[str, Any], flag: str) -> None:
    more = copy.deepcopy(data)
    more["findings"] = [*more["findings"], flag]
    assert level(more) >= level(data)


@settings(max_examples=60, deadline=None)
@given(assessments(), st.sampled_from(sorted(REASSURING)))
def test_unsure_instead_of_the_reassuring_answer_never_lowers(
    data: dict[str, Any], name: str
) -> None:
    reassured = copy.deepcopy(data)
    reassured["episode"][name] = REASSURING[name]
    unsure = copy.deepcopy(data)
    unsure["episode"][name] = "unsure"
    assert level(unsure) >= level(reassured)


@settings(max_examples=40, deadline=None)
@given(assessments(), st.sampled_from(["typical_duration_s", "longest_duration_s"]))
def test_a_longer_episode_never_lowers(data: dict[str, Any], name: str) -> None:
    longer = copy.deepcopy(data)
    longer["episode"][name] = data["episode"][name] * 3 + 1
    if name == "typical_duration_s":
        longer["episode"]["longest_duration_s"] = max(
            longer["episode"]["longest_duration_s"], longer["episode"][name]
        )
    assert level(longer) >= level(data)


@settings(max_examples=30, deadline=None)
@given(assessments(), st.randoms(use_true_random=False))
def test_the_order_of_lists_does_not_matter(data: dict[str, Any], rnd: Any) -> None:
    shuffled = copy.deepcopy(data)
    for key in ("states", "body_parts"):
        rnd.shuffle(shuffled["episode"][key])
    rnd.shuffle(shuffled["findings"])
    a = evaluate(parse_assessment(data))
    b = evaluate(parse_assessment(shuffled))
    assert a.disposition == b.disposition
    assert [c.id for c in a.possible_causes] == [c.id for c in b.possible_causes]
