"""The generated rule functions agree with the per-condition closures, condition by condition.

Two compilations of the same rules exist (see :mod:`tremorwatch.domain.triage.codegen`): the
generated functions decide (fast path), the closures explain and guide the next-question
search. For many assessments - the clinical vignettes, and random ones from a fixed seed - both
must give every rule the same three-valued status.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Answer, BodyPart, Finding, HistoryItem, State
from tremorwatch.domain.triage import load_ruleset
from tremorwatch.domain.triage.facts import facts_from

CASES = Path(__file__).resolve().parents[2] / "vignettes" / "cases"


def _random_assessment(rng: random.Random) -> dict[str, Any]:
    answers = [a.value for a in Answer]
    episode: dict[str, Any] = {}
    for name in (
        "rhythmic",
        "only_in_sleep",
        "stops_when_woken",
        "stops_with_gentle_hold",
        "provoked_by_stimulus",
        "comes_in_clusters",
        "one_side_only",
        "happening_now",
    ):
        if rng.random() < 0.7:
            episode[name] = rng.choice(answers)
    for name, high in (
        ("typical_duration_s", 600),
        ("longest_duration_s", 900),
        ("minutes_so_far", 20),
        ("first_noticed_days_ago", 300),
    ):
        if rng.random() < 0.6:
            episode[name] = round(rng.uniform(0, high), 1)
    if rng.random() < 0.6:
        episode["states"] = rng.sample([s.value for s in State], rng.randint(0, 3))
    if rng.random() < 0.6:
        episode["body_parts"] = rng.sample([b.value for b in BodyPart], rng.randint(0, 3))
    data: dict[str, Any] = {
        "infant": {"age_days": rng.choice([0, 2, 5, 10, 27, 29, 60, 89, 95, 150, 200, 250, 400])},
        "episode": episode,
        "vitals": {},
    }
    if rng.random() < 0.5:
        data["infant"]["gestational_age_weeks"] = rng.choice([28, 33, 35, 36.5, 39, 41])
    if rng.random() < 0.6:
        data["infant"]["history"] = rng.sample([h.value for h in HistoryItem], rng.randint(0, 2))
    if rng.random() < 0.6:
        data["infant"]["vitamin_k_at_birth"] = rng.choice(answers)
    if rng.random() < 0.7:
        data["findings"] = rng.sample([f.value for f in Finding], rng.randint(0, 3))
    if rng.random() < 0.4:
        data["vitals"]["temperature_c"] = rng.choice([35.5, 36.5, 37.9, 38.0, 39.0])
    if rng.random() < 0.3:
        data["vitals"]["blood_glucose_mmol_l"] = rng.choice([2.0, 2.6, 3.0, 4.0])
    return data


def _assessments() -> list[dict[str, Any]]:
    out = []
    if CASES.is_dir():
        for path in sorted(CASES.glob("*.yaml")):
            out += [case["assessment"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
    rng = random.Random(20261125)
    out += [_random_assessment(rng) for _ in range(400)]
    return out


def test_generated_rule_functions_match_the_closures() -> None:
    rs = load_ruleset()
    seen_status = set()
    for data in _assessments():
        facts = facts_from(parse_assessment(data))
        together = rs.statuses(facts)
        for rule, status in zip(rs.rules, together, strict=True):
            closure = min((test(facts) for test in rule.tests), default=2)
            assert rule.check(facts) == closure == status, (rule.id, data)
            seen_status.add(status)
    assert seen_status == {0, 1, 2}, "the sample exercises fired, unknown and not-fired rules"
