"""The interview's screen order without HTTP: state round trip, the age first, fast disposition."""

from __future__ import annotations

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.errors import InputError
from tremorwatch.web.pages._interview import (
    AGE_FIELD,
    InterviewState,
    disposition_of_answers,
    next_step,
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


def test_the_age_first_then_emergency_questions_in_the_engines_order() -> None:
    state = InterviewState()
    assert next_step(state, _triage).ask_age  # type: ignore[arg-type]
    state = InterviewState(partial={"infant": {"age_days": 40}})
    step = next_step(state, _triage)  # type: ignore[arg-type]
    assert step.question is not None and step.question.emergency
    result = evaluate(parse_assessment(state.partial))
    assert step.question.field == result.next_questions[0].field


def test_a_fit_in_progress_stops_the_interview() -> None:
    partial = {
        "infant": {"age_days": 14, "gestational_age_weeks": 39, "history": []},
        "episode": {"happening_now": "yes", "stops_with_gentle_hold": "no"},
    }
    step = next_step(InterviewState(partial=partial, asked=[AGE_FIELD]), _triage)  # type: ignore[arg-type]
    assert step.result is not None and step.result.disposition is Disposition.EMERGENCY


def test_without_the_age_the_age_is_asked_before_anything_is_judged() -> None:
    state = InterviewState(
        partial={"episode": {"happening_now": "yes", "minutes_so_far": 12}},
        asked=["episode.happening_now", "episode.minutes_so_far"],
    )
    assert next_step(state, _triage).ask_age  # type: ignore[arg-type]
