"""The adaptive triage interview: which screen comes next, one question at a time.

The interview is stateless on the server: the answers so far travel in a hidden form field as
a partial ``tremorwatch.assessment/1`` (:class:`InterviewState`), re-validated at every step.

Order of the screens (see :func:`next_step`):

1. the baby's age first, unless known from the baby's profile: every answer is judged for
   the baby's own age, so no reason ever speaks of an age the baby is not;
2. then the questions the engine says could still change the answer, in the engine's order
   (value of information, emergency-relevant first; :mod:`tremorwatch.domain.triage.voi`).
   Questions only a clinician can answer (blood sugar, heart rate, video analysis) are never
   asked of a parent.

After every answer the engine runs; an emergency answer stops the interview at once, and the
interview ends at home care (reached only when no open question could still raise the level)
or as soon as no open question could change the answer. A question is never asked twice.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.engine import disposition_of_facts
from tremorwatch.domain.triage.facts import facts_from
from tremorwatch.domain.triage.loader import load_ruleset
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.errors import InputError

AGE_FIELD = "infant.age_days"
#: Oldest age the assessment format accepts, days.
MAX_AGE_DAYS = 1095
#: Largest accepted hidden state, characters.
MAX_STATE_CHARS = 32_000

Triage = Callable[[dict[str, Any]], TriageResult]


@dataclass
class InterviewState:
    """The answers so far, the questions already asked, and the baby (when signed in)."""

    partial: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    infant_id: str | None = None

    def dumps(self) -> str:
        return json.dumps(
            {"a": self.partial, "q": self.asked, "i": self.infant_id}, separators=(",", ":")
        )

    @classmethod
    def loads(cls, text: str) -> InterviewState:
        """Read the hidden field back (any tampering is an InputError, never a crash)."""
        if not text:
            return cls()
        if len(text) > MAX_STATE_CHARS:
            raise InputError("The interview answers are too long; please start again.")
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise InputError(
                "The interview answers could not be read; please start again."
            ) from None
        partial = data.get("a") if isinstance(data, dict) else None
        asked = data.get("q") if isinstance(data, dict) else None
        infant_id = data.get("i") if isinstance(data, dict) else None
        if (
            not isinstance(partial, dict)
            or not isinstance(asked, list)
            or not all(isinstance(f, str) for f in asked)
            or not (infant_id is None or isinstance(infant_id, str))
        ):
            raise InputError("The interview answers could not be read; please start again.")
        return cls(partial=partial, asked=asked, infant_id=infant_id)

    @property
    def age_known(self) -> bool:
        infant = self.partial.get("infant")
        return isinstance(infant, dict) and isinstance(infant.get("age_days"), int | float)

    def with_age(self, age_days: int) -> dict[str, Any]:
        """The partial assessment with ``infant.age_days`` set."""
        infant = dict(self.partial.get("infant") or {})
        infant["age_days"] = age_days
        return {**self.partial, "infant": infant}

    def undo(self) -> InterviewState:
        """A state without the last answer (the "Back" button); unchanged when none."""
        if not self.asked:
            return self
        last = self.asked[-1]
        partial = copy.deepcopy(self.partial)
        if last.startswith("findings:"):
            codes = question_for(last).finding_codes
            for key in ("findings", "findings_checked"):
                if isinstance(partial.get(key), list):
                    partial[key] = [c for c in partial[key] if c not in codes]
        else:
            section, _, name = last.partition(".")
            block = partial.get(section)
            if isinstance(block, dict):
                block.pop(name, None)
        return InterviewState(partial=partial, asked=self.asked[:-1], infant_id=self.infant_id)

    def record(self, question_field: str, partial: dict[str, Any]) -> InterviewState:
        """A new state with ``partial`` and the question marked as asked."""
        asked = [*self.asked, question_field] if question_field not in self.asked else self.asked
        return InterviewState(partial=partial, asked=asked, infant_id=self.infant_id)


@dataclass(frozen=True)
class Step:
    """What the next screen shows: a question, the age question, or the answer."""

    question: Question | None = None
    ask_age: bool = False
    result: TriageResult | None = None


def questions() -> tuple[Question, ...]:
    """The engine's interview catalogue, emergency questions first."""
    return load_ruleset().questions


def question_for(field_name: str) -> Question:
    """The catalogue question of ``field_name``; an InputError for anything else."""
    try:
        return load_ruleset().question(field_name)
    except KeyError:
        raise InputError(
            f"There is no interview question {field_name!r}; please start again."
        ) from None


def _value_at(partial: dict[str, Any], dotted: str) -> Any:
    section, _, name = dotted.partition(".")
    block = partial.get(section)
    return block.get(name) if isinstance(block, dict) else None


def _applies(question: Question, partial: dict[str, Any]) -> bool:
    """Whether the question's ``ask_if`` condition holds (always true without one)."""
    if question.ask_if is None:
        return True
    other, values = question.ask_if
    return _value_at(partial, other) in values


def _first_unasked(candidates: Iterable[Question], state: InterviewState) -> Question | None:
    for question in candidates:
        if question.field not in state.asked and _applies(question, state.partial):
            return question
    return None


def disposition_of_answers(partial: dict[str, Any]) -> Disposition:
    """The engine's disposition alone (no differential, advice or next questions: fast)."""
    return disposition_of_facts(load_ruleset(), facts_from(parse_assessment(partial)))


def next_step(state: InterviewState, triage: Triage, *, finish: bool = False) -> Step:
    """The next screen of the interview for ``state`` (see the module docstring)."""
    if not state.age_known:
        return Step(ask_age=True)
    result = triage(state.partial)
    # Home care is given only when no open question holds the floor (the engine's "never
    # reassuring about an unknown", engine._floor_questions); what is left are background and
    # covered questions, which the engine does not wait for, so neither does the parent.
    if result.disposition in (Disposition.EMERGENCY, Disposition.HOME_CARE) or finish:
        return Step(result=result)
    by_field = {q.field: q for q in questions()}
    wanted = [by_field[n.field] for n in result.next_questions if n.field in by_field]
    question = _first_unasked(wanted, state)
    return Step(question=question) if question else Step(result=result)
