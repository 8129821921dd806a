"""The interview catalogue and next questions.

The central check: for a sample of partial assessments, answering a question the result lists
in ``next_questions`` can change the disposition, and answering an unlisted, unanswered question
cannot. Answers are applied with ``Question.apply`` (what the CLI and web app do), every choice
for choice questions and a wide grid of numbers for number questions, independently of the
engine's own search.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition, Finding
from tremorwatch.domain.triage import evaluate
from tremorwatch.domain.triage.facts import facts_from
from tremorwatch.domain.triage.questions import QUESTIONS, Question, next_questions_for

NUMBER_GRID = [
    0,
    1,
    2,
    2.5,
    3,
    3.2,
    4,
    5,
    6,
    7,
    8,
    14,
    15,
    22,
    28,
    29,
    30,
    34,
    35.9,
    36,
    36.5,
    37,
    37.9,
    38,
    40,
    59,
    60,
    61,
    89,
    90,
    91,
    92,
    120,
    150,
    160,
    161,
    182,
    183,
    240,
    241,
    299,
    300,
    301,
    365,
    400,
    1000,
    2400,
    2600,
    4600,
]

SAMPLES: list[dict[str, Any]] = [
    {"infant": {"age_days": 30}},
    {"infant": {"age_days": 2}},
    {"infant": {"age_days": 150}, "episode": {"comes_in_clusters": "unsure"}},
    {
        "infant": {
            "age_days": 21,
            "history": [],
            "vitamin_k_at_birth": "yes",
            "gestational_age_weeks": 39,
        },
        "episode": {
            "stops_with_gentle_hold": "yes",
            "one_side_only": "no",
            "comes_in_clusters": "no",
            "happening_now": "no",
            "typical_duration_s": 10,
            "states": ["crying_or_upset"],
            "first_noticed_days_ago": 10,
        },
    },
    {
        "infant": {
            "age_days": 21,
            "history": [],
            "vitamin_k_at_birth": "yes",
            "gestational_age_weeks": 39,
        },
        "episode": {
            "stops_with_gentle_hold": "yes",
            "one_side_only": "no",
            "comes_in_clusters": "no",
        },
        "findings": [],
    },
    {"infant": {"age_days": 200}, "episode": {"happening_now": "yes"}, "findings": ["fever"]},
]


def answers_for(question: Question) -> list[Any]:
    if question.kind == "yes_no_unsure":
        return ["yes", "no", "unsure"]
    if question.kind == "choice":
        return [c.value for c in question.choices]
    if question.kind in ("multi_choice", "findings"):
        return [[]] + [[c.value] for c in question.choices]
    low = question.minimum if question.minimum is not None else float("-inf")
    high = question.maximum if question.maximum is not None else float("inf")
    return [v for v in NUMBER_GRID if low <= v <= high]


def unanswered(question: Question, data: dict[str, Any]) -> bool:
    """Open for a caregiver: not yet answered (or "not sure"), asked of caregivers (measured
    values are for clinicians), and its ``ask_if`` holds (the wake-up test only for sleep
    jerks)."""
    facts = facts_from(parse_assessment(data))
    if question.audience != "caregiver":
        return False
    if question.ask_if is not None:
        field, values = question.ask_if
        value = facts.get(field)
        if (value if value is not None else "missing") not in values:
            return False
    if question.kind == "findings":
        return not question.finding_codes <= facts["findings_checked"]  # type: ignore[operator]
    return facts.get(question.field) in (None, "unsure")


def can_change(question: Question, data: dict[str, Any], before: Disposition) -> bool:
    for answer in answers_for(question):
        after = evaluate(parse_assessment(question.apply(data, answer))).disposition
        if after is not before:
            return True
    return False


@pytest.mark.parametrize("data", SAMPLES, ids=range(len(SAMPLES)))
def test_listed_questions_can_change_the_answer_and_unlisted_cannot(data: dict[str, Any]) -> None:
    result = evaluate(parse_assessment(data))
    listed = {q.field for q in result.next_questions}
    for question in QUESTIONS:
        if question.field == "infant.age_days" or not unanswered(question, data):
            continue
        changes = can_change(question, data, result.disposition)
        if question.field in listed:
            assert changes, f"{question.field} is listed but no answer changes {result.disposition}"
        else:
            assert not changes, f"{question.field} is not listed but can change the answer"


def test_next_questions_put_emergency_possibilities_first() -> None:
    result = evaluate(parse_assessment({"infant": {"age_days": 30}}))
    first = result.next_questions[0].field
    question = next(q for q in QUESTIONS if q.field == first)
    assert question.emergency


def test_catalogue_asks_every_finding_once_and_emergency_questions_come_first() -> None:
    codes = [c for q in QUESTIONS for c in q.finding_codes]
    assert sorted(codes) == sorted(f.value for f in Finding)
    flags = [q.emergency for q in QUESTIONS]
    assert flags == sorted(flags, reverse=True)
    hold = next(q for q in QUESTIONS if q.field == "episode.stops_with_gentle_hold")
    assert hold.emergency and "gently" in hold.help and hold.kind == "yes_no_unsure"


def test_apply_records_checked_findings_so_absent_means_no() -> None:
    group = next(q for q in QUESTIONS if q.field == "findings:breathing_colour")
    partial = group.apply({"infant": {"age_days": 10}}, [])
    assert partial["findings"] == []
    assert set(partial["findings_checked"]) == group.finding_codes
    partial = group.apply(partial, ["breathing_pause"])
    assert evaluate(parse_assessment(partial)).disposition is Disposition.EMERGENCY
    with pytest.raises(ValueError, match="not choices"):
        group.apply(partial, ["fever"])


def test_apply_skip_stores_unsure_for_yes_no_and_nothing_for_numbers() -> None:
    hold = next(q for q in QUESTIONS if q.field == "episode.stops_with_gentle_hold")
    temp = next(q for q in QUESTIONS if q.field == "vitals.temperature_c")
    data = hold.apply({"infant": {"age_days": 10}}, None)
    assert data["episode"]["stops_with_gentle_hold"] == "unsure"
    data = temp.apply(data, "")
    assert "temperature_c" not in data.get("vitals", {})
    assert temp.apply(data, "38.2")["vitals"]["temperature_c"] == 38.2


def test_interview_asks_emergency_questions_first_then_stops_at_an_emergency() -> None:
    partial: dict[str, Any] = {"infant": {"age_days": 40}}
    asked: set[str] = set()
    first = next_questions_for(partial, asked=asked)[0]
    assert first.emergency
    seizure = next(q for q in QUESTIONS if q.field == "findings:seizure_signs")
    partial = seizure.apply(partial, ["cycling_or_pedalling"])
    assert next_questions_for(partial, asked={seizure.field}) == []


def test_interview_reaches_home_care_with_reassuring_answers() -> None:
    """Walk the interview answering reassuringly; it must end (no loop) at home care."""
    reassuring = {
        "episode.stops_with_gentle_hold": "yes",
        "episode.happening_now": "no",
        "episode.one_side_only": "no",
        "episode.comes_in_clusters": "no",
        "episode.only_in_sleep": "no",
        "episode.provoked_by_stimulus": "yes",
        "infant.vitamin_k_at_birth": "yes",
        "infant.history": [],
        "infant.gestational_age_weeks": 39,
        "episode.states": ["crying_or_upset"],
        "episode.typical_duration_s": 8,
        "episode.longest_duration_s": 20,
        "episode.first_noticed_days_ago": 5,
    }
    partial: dict[str, Any] = {"infant": {"age_days": 20}}
    asked: set[str] = set()
    for _ in itertools.count():
        pending = next_questions_for(partial, asked=asked)
        if not pending:
            break
        question = pending[0]
        answer = reassuring.get(question.field, [] if question.kind == "findings" else None)
        partial = question.apply(partial, copy.deepcopy(answer))
        asked.add(question.field)
        assert len(asked) <= len(QUESTIONS)
    assert evaluate(parse_assessment(partial)).disposition is Disposition.HOME_CARE
