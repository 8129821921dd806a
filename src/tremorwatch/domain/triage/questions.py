"""The interview: which question to ask next, for the CLI and the web app alike.

``QUESTIONS`` is the packaged catalogue. :func:`next_questions_for` returns, for a partial
assessment, the questions still worth asking: the engine's ``next_questions`` (value of
information, emergency-relevant first; :mod:`tremorwatch.domain.triage.voi`), without the ones
already asked. Clinician-only questions are never among them.

It returns an empty list once the answer is an emergency (the interview stops and says what to
do) or when nothing left could change the answer. Apply an answer with ``Question.apply``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from tremorwatch.domain.assessment import Assessment, parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage.catalogue import Choice, Question
from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.domain.triage.facts import facts_from
from tremorwatch.domain.triage.loader import RuleSet, load_ruleset

__all__ = ["QUESTIONS", "Choice", "Question", "next_questions_for"]


def _catalogue() -> tuple[Question, ...]:
    return load_ruleset().questions


QUESTIONS: tuple[Question, ...] = _catalogue()


def _wanted(question: Question, facts: Mapping[str, object]) -> bool:
    if question.ask_if is None:
        return True
    field, values = question.ask_if
    value = facts.get(field)
    return (value if value is not None else "missing") in values


def next_questions_for(
    assessment: Assessment | Mapping[str, Any],
    *,
    asked: Collection[str] = (),
    ruleset: RuleSet | None = None,
) -> list[Question]:
    """The questions still worth asking for this (partial) assessment, most urgent first.

    Parameters
    ----------
    assessment
        An :class:`Assessment` or a partial assessment dict (needs ``infant.age_days``).
    asked
        Question fields already asked in this interview (skipped or answered "not sure"
        questions are not asked again).
    ruleset
        Default: the packaged ruleset.

    Raises
    ------
    InputError
        If a dict is not a valid (partial) assessment.
    """
    rs = ruleset if ruleset is not None else load_ruleset()
    if not isinstance(assessment, Assessment):
        assessment = parse_assessment(dict(assessment))
    result = evaluate(assessment, ruleset=rs)
    if result.disposition is Disposition.EMERGENCY:
        return []
    facts = facts_from(assessment)
    done = set(asked)
    out: list[Question] = []
    for item in result.next_questions:
        question = rs.question(item.field)
        if question.field not in done and _wanted(question, facts):
            out.append(question)
    return out
