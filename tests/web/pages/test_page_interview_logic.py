"""The interview's screen order without HTTP: state round trip, probe ages, fast disposition."""

from __future__ import annotations

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.domain.triage.loader import load_ruleset
from tremorwatch.errors import InputError
from tremorwatch.web.pages._interview import (
    AGE_FIELD,
    InterviewState,
    disposition_of_answers,
    next_step,
    probe_ages,
)


def _triage(partial: dict[str, object]) -> object:
    return evaluate(parse_assessment(partial))


def test_state_round_trips_and_refuses_tampering() -> None:
    state = InterviewState(
        partial={"episode": {"happening_now": "no"}}, asked=["episode.happening_now"]
    )
    assert InterviewState.loads(state.dumps()) == state
    for bad in ("[1, 2]", '{"a": [], "q": []}', '{"a": {}, "q": [1]}', "x" * 40_000, "{"):
        with pytest.raises(InputError):
            InterviewState.loads(bad)


def test_probe_ages_straddle_every_age_threshold_of_the_rules() -> None:
    ages = set(probe_ages())
    assert {0, 1095} <= ages
    for bound in load_ruleset().thresholds.get(AGE_FIELD, ()):
        assert {round(bound) - 1, round(bound) + 1} & ages == {round(bound) - 1, round(bound) + 1}


@pytest.mark.parametrize(
    "partial",
    [
        {"infant": {"age_days": 20}, "vitals": {"temperature_c": 38.6}},
        {"infant": {"age_days": 400}, "vitals": {"temperature_c": 38.6}},
        {"infant": {"age_days": 10}, "episode": {"happening_now": "yes", "minutes_so_far": 7}},
        {"infant": {"age_days": 10}, "episode": {"stops_with_gentle_hold": "yes"}, "findings": []},
    ],
)
def test_fast_disposition_agrees_with_the_engine(partial: dict[str, object]) -> None:
    assert disposition_of_answers(partial) is evaluate(parse_assessment(partial)).disposition


def test_emergency_questions_come_first_then_the_age() -> None:
    state = InterviewState()
    seen = []
    for _ in range(30):
        step = next_step(state, _triage)  # type: ignore[arg-type]
        if step.ask_age:
            break
        assert step.question is not None and step.question.emergency
        seen.append(step.question.field)
        answer: object = None
        if step.question.kind == "findings":
            answer = []
        elif step.question.kind == "yes_no_unsure":
            answer = "yes" if step.question.field == "episode.stops_with_gentle_hold" else "no"
        state = state.record(step.question.field, step.question.apply(state.partial, answer))
    assert seen[0] == "episode.happening_now"
    assert all(
        q.field in seen for q in load_ruleset().questions if q.emergency and q.ask_if is None
    )


def test_emergency_at_every_age_stops_before_the_age_question() -> None:
    state = InterviewState(
        partial={"episode": {"happening_now": "yes", "minutes_so_far": 12}},
        asked=["episode.happening_now", "episode.minutes_so_far"],
    )
    step = next_step(state, _triage)  # type: ignore[arg-type]
    assert step.result is not None
    assert step.result.disposition is Disposition.EMERGENCY
