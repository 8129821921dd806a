"""The fast next-question search gives exactly what the plain search gives.

:mod:`tremorwatch.domain.triage.search` prunes (level floors, open questions, early stops,
probe de-duplication and ordering). The reference here is the straightforward algorithm it
replaces: every candidate question, every answer worth trying (all threshold probes, sorted),
on a *copy* of the facts, re-checking every rule that answer can affect, recounting the
disposition from scratch. Both must list the same questions in the same order, for the clinical
vignettes and for many random partial assessments (fixed seed).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Finding,
    HistoryItem,
    MotionPattern,
    Speed,
    State,
    Trend,
)
from tremorwatch.domain.triage import evaluate, load_ruleset
from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.conditions import TRUE, UNKNOWN
from tremorwatch.domain.triage.engine import disposition_of
from tremorwatch.domain.triage.facts import DERIVED_FROM, Facts, derive, facts_from
from tremorwatch.domain.triage.loader import RuleSet

CASES = Path(__file__).resolve().parents[2] / "vignettes" / "cases"


def _reference_candidates(rs: RuleSet, facts: Facts, statuses: list[int]) -> set[str]:
    disposition = disposition_of(rs.rules, statuses)
    out: set[str] = set()
    for rule, status in zip(rs.rules, statuses, strict=True):
        if status == UNKNOWN:
            if rule.reassures:
                if disposition.urgency != 1:
                    continue
            elif rule.urgency <= disposition.urgency:
                continue
            unknown = [
                asks
                for cond, asks in zip(rule.conditions, rs.condition_questions[rule.id], strict=True)
                if cond.test(facts) == UNKNOWN
            ]
            out |= set.intersection(*(set(a) for a in unknown))
        elif status == TRUE and (rule.urgency == disposition.urgency or rule.reassures):
            out |= rs.rule_questions[rule.id]
    return out


def _probes(question: Question, facts: Facts, rs: RuleSet) -> list[float]:
    name = question.field
    if name == "episode.first_noticed_days_ago":
        age = float(facts["infant.age_days"])  # type: ignore[arg-type]
        bounds = rs.thresholds.get("episode.onset_age_days", ())
        raw = [age - b + d for b in bounds for d in (-1.0, 0.0, 1.0)] + [0.0, age]
        return sorted({min(max(v, 0.0), age) for v in raw})
    if name == "infant.gestational_age_weeks":
        return [float(w) for w in range(22, 45)] + [36.5]
    raw = [b + d for b in rs.thresholds.get(name, ()) for d in (-0.01, 0.0, 0.01)] + [0.0]
    low = question.minimum if question.minimum is not None else 0.0
    high = question.maximum if question.maximum is not None else float("inf")
    return sorted({v for v in raw if low <= v <= high})


def _variants(
    question: Question, facts: Facts, rs: RuleSet
) -> Iterator[tuple[Facts, tuple[int, ...]]]:
    name = question.field
    if question.kind == "findings":
        checked = facts["findings_checked"] | question.finding_codes  # type: ignore[operator]
        seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
        for code in sorted(question.finding_codes - seen):
            changes = {"findings_checked": checked, "findings": seen | {code}}
            yield changes, rs.finding_variant_rules[code]
        yield {"findings_checked": checked}, rs.rules_by_question.get(name, ())
        return
    if question.kind == "multi_choice":
        for choice in question.choices:
            key = (name, choice.value)
            yield {name: frozenset({choice.value})}, rs.list_variant_rules.get(key, ())
        yield {name: frozenset()}, rs.list_variant_rules.get((name, ""), ())
        return
    indices = rs.rules_by_question.get(name, ())
    if question.kind == "number":
        values: list[Any] = _probes(question, facts, rs)
    else:
        values = [c.value for c in question.choices if c.value != facts.get(name)]
    for value in values:
        changed = dict(facts)
        changed[name] = value
        if name in DERIVED_FROM.values():
            derive(changed)
        yield changed, indices


def reference_next_questions(rs: RuleSet, facts: Facts) -> list[str]:
    """The plain exhaustive search (no pruning, no early stop, facts copied per answer)."""
    statuses = [rule.check(facts) for rule in rs.rules]
    disposition = disposition_of(rs.rules, statuses)
    candidates = _reference_candidates(rs, facts, statuses)
    scored = []
    for position, question in enumerate(rs.questions):
        if question.field not in candidates:
            continue
        if question.kind == "findings":
            if question.finding_codes <= facts["findings_checked"]:  # type: ignore[operator]
                continue
        elif facts.get(question.field) not in (None, "unsure"):
            continue
        best = -1
        for changes, indices in _variants(question, facts, rs):
            trial = {**facts, **changes}
            after = list(statuses)
            for i in indices:
                after[i] = rs.rules[i].check(trial)
            outcome = disposition_of(rs.rules, after)
            if outcome is not disposition:
                best = max(best, outcome.urgency)
        if best >= 0:
            scored.append((-best, position, question.field))
    return [field for *_, field in sorted(scored)]


def _random_assessment(rng: random.Random) -> dict[str, Any]:
    answers = [a.value for a in Answer]

    def maybe(p: float = 0.5) -> bool:
        return rng.random() < p

    infant: dict[str, Any] = {"age_days": rng.choice([0, 2, 5, 20, 29, 60, 89, 95, 150, 250])}
    if maybe(0.4):
        infant["gestational_age_weeks"] = rng.choice([26, 31, 34, 36.5, 37, 40])
    if maybe(0.3):
        infant["birth_weight_g"] = rng.choice([1400, 2400, 3300, 4600])
    if maybe(0.4):
        infant["history"] = rng.sample([h.value for h in HistoryItem], rng.randint(0, 2))
    if maybe(0.4):
        infant["vitamin_k_at_birth"] = rng.choice(answers)
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
        if maybe():
            episode[name] = rng.choice(answers)
    for name, choices in (("speed", list(Speed)), ("trend", list(Trend))):
        if maybe(0.4):
            episode[name] = rng.choice(choices).value
    for name, high in (
        ("typical_duration_s", 600),
        ("longest_duration_s", 900),
        ("episodes_per_day", 30),
        ("minutes_so_far", 20),
        ("first_noticed_days_ago", 200),
    ):
        if maybe(0.4):
            episode[name] = round(rng.uniform(0, high), 1)
    if maybe(0.4):
        episode["states"] = rng.sample([s.value for s in State], rng.randint(0, 3))
    if maybe(0.4):
        episode["body_parts"] = rng.sample([b.value for b in BodyPart], rng.randint(0, 3))
    data: dict[str, Any] = {"infant": infant, "episode": episode, "vitals": {}}
    if maybe(0.6):
        data["findings"] = rng.sample([f.value for f in Finding], rng.randint(0, 2))
        if maybe():
            data["findings_checked"] = rng.sample([f.value for f in Finding], rng.randint(0, 12))
    for name, values in (
        ("temperature_c", [35.5, 36.5, 37.9, 38.0, 39.0]),
        ("breaths_per_min", [40, 60, 61, 80]),
        ("heart_rate_bpm", [120, 160, 161, 200]),
        ("wet_diapers_24h", [1, 3, 6]),
        ("blood_glucose_mmol_l", [2.0, 2.6, 3.0, 4.0]),
    ):
        if maybe(0.25):
            data["vitals"][name] = rng.choice(values)
    if maybe(0.2):
        data["motion"] = {
            "dominant_frequency_hz": rng.choice([1.5, 4.0, 8.0]),
            "pattern": rng.choice(list(MotionPattern)).value,
        }
    return data


def _assessments() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if CASES.is_dir():
        for path in sorted(CASES.glob("*.yaml")):
            out += [case["assessment"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
    rng = random.Random(20261125)
    out += [_random_assessment(rng) for _ in range(600)]
    return out


def test_fast_search_equals_the_exhaustive_reference() -> None:
    rs = load_ruleset()
    listed = 0
    for data in _assessments():
        assessment = parse_assessment(data)
        result = evaluate(assessment)
        facts = facts_from(assessment)
        expected = reference_next_questions(rs, facts)
        assert [q.field for q in result.next_questions] == expected, data
        listed += bool(expected)
    assert listed > 200, "the sample exercises the search (many results with questions left)"


def test_search_leaves_the_facts_as_they_were() -> None:
    rs = load_ruleset()
    from tremorwatch.domain.triage.engine import _disposition_from_counts
    from tremorwatch.domain.triage.search import next_questions

    for data in _assessments()[:200]:
        facts = facts_from(parse_assessment(data))
        before = dict(facts)
        statuses = rs.statuses(facts)
        counts = [0] * 6
        for rule, status in zip(rs.rules, statuses, strict=True):
            if status == TRUE:
                counts[rule.level] += 1
        next_questions(rs, facts, statuses, counts, _disposition_from_counts(counts))
        assert facts == before
