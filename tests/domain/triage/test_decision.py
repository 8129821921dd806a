"""The next-question search's shortcut agrees with the full decision.

:func:`tremorwatch.domain.triage.decision.changed_level` re-checks only what one answer reads
and takes the rest from the current result; the interview and the home-care floor rely on it.
Here, for partial assessments with and without ``unsure`` discriminators (the case where the
level comes from several readings), every answer of every open question is judged both ways
and the levels must be equal. Not tested: the ordering of the questions (test_questions.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.triage import load_ruleset
from tremorwatch.domain.triage.conditions import TRUE
from tremorwatch.domain.triage.decision import changed_level, core
from tremorwatch.domain.triage.facts import derive, facts_from
from tremorwatch.domain.triage.voi import _DERIVED_SOURCES, _answers, _reads, open_question, values

CASES: list[dict[str, Any]] = [
    {"infant": {"age_days": 30}},
    {"infant": {"age_days": 3}, "episode": {"stops_with_gentle_hold": "unsure"}},
    {
        "infant": {"age_days": 150},
        "episode": {"comes_in_clusters": "unsure", "one_side_only": "unsure", "rhythmic": "no"},
    },
    {
        "infant": {"age_days": 12, "gestational_age_weeks": 39, "history": []},
        "episode": {
            "stops_with_gentle_hold": "yes",
            "provoked_by_stimulus": "unsure",
            "only_in_sleep": "unsure",
            "states": ["crying_or_upset"],
            "typical_duration_s": 5,
        },
        "findings": [],
    },
    {"infant": {"age_days": 40, "gestational_age_weeks": 30}, "findings": ["fever"]},
    # a benign pattern whose cause has a level above home care at this age (fading jitters at
    # 5 months): answering the trend or the hold test makes or breaks the pattern
    {
        "infant": {"age_days": 150, "gestational_age_weeks": 40, "history": []},
        "episode": {
            "provoked_by_stimulus": "yes",
            "first_noticed_days_ago": 140,
            "states": ["handling_or_noise"],
            "rhythmic": "yes",
            "stops_with_gentle_hold": "unsure",
        },
        "findings": [],
    },
    {
        "infant": {"age_days": 200, "history": []},
        "episode": {
            "provoked_by_stimulus": "yes",
            "stops_with_gentle_hold": "yes",
            "body_parts": ["left_leg"],
            "typical_duration_s": 2,
        },
    },
]


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_changed_level_equals_a_full_decision_for_every_answer(data: dict[str, Any]) -> None:
    rs = load_ruleset()
    facts = facts_from(parse_assessment(data))
    base = core(rs, facts)
    fired = [(i, rs.rules[i].urgency) for i, s in enumerate(base.statuses) if s == TRUE]
    checked = 0
    for question in rs.questions:
        if not open_question(question, facts):
            continue
        rules, features, patterns = _reads(rs)[question.field]
        other = max((u for i, u in fired if i not in rules), default=0)
        for changes in _answers(question, facts, rs):
            variant = dict(facts)
            variant.update(changes)
            if question.field in _DERIVED_SOURCES:
                derive(variant)
            quick = changed_level(
                rs,
                base,
                variant,
                rules=rules,
                features=features,
                patterns=patterns,
                other_rules_level=other,
            )
            assert quick == core(rs, variant).level, (question.field, changes)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_values_gives_the_full_decision_level_of_every_answer(data: dict[str, Any]) -> None:
    """values() judges a number answer once per side of the bounds it is compared with;
    the levels it reports must still be those of a full decision for every probe."""
    rs = load_ruleset()
    facts = facts_from(parse_assessment(data))
    base = core(rs, facts)
    found = {v.question.field: v.levels for v in values(rs, facts, base.level, base)}
    for question in rs.questions:
        if question.field not in found:
            continue
        full = []
        for changes in _answers(question, facts, rs):
            variant = dict(facts)
            variant.update(changes)
            if question.field in _DERIVED_SOURCES:
                derive(variant)
            full.append(core(rs, variant).level)
        assert found[question.field] == tuple(full), question.field
