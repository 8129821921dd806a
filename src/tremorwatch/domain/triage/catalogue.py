"""The interview question catalogue: schema, the :class:`Question` value object, answering.

Field scheme of a question (``Question.field``):

* a dotted assessment path for a single answer, e.g. ``"episode.stops_with_gentle_hold"``,
  ``"vitals.temperature_c"``, ``"infant.history"``;
* ``"findings:<group>"`` for a checklist of findings, e.g. ``"findings:seizure_signs"``; its
  choices are finding codes and the answer is the list of codes seen (empty: none of them).
  Answering records the group's codes in ``findings_checked``, so an absent code means "no".

``Question.apply(partial, answer)`` returns a new partial assessment dict with the answer set;
answers are wire values (``"yes"``, ``"fast_fine"``, a number, a list of codes) or ``None``
for "skip / don't know" (stored as ``"unsure"`` for yes/no questions, left out otherwise).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final, Literal

from pydantic import Field, model_validator

from tremorwatch.domain.codes import Finding
from tremorwatch.domain.triage.facts import FIELD_KINDS, FIELD_VALUES
from tremorwatch.domain.triage.schema import QUESTIONS_SCHEMA, Key, Provenance, Text, _Spec

QuestionKind = Literal["yes_no_unsure", "choice", "multi_choice", "number", "findings"]

_YES_NO_LABELS: Final = {"yes": "Yes", "no": "No", "unsure": "Not sure"}


class ChoiceSpec(_Spec):
    """One answer option with its caregiver label."""

    value: Key
    label: Text


class AskIf(_Spec):
    """Ask a question only when another answer is one of ``in``."""

    model_config = _Spec.model_config | {"populate_by_name": True}

    field: str
    in_: list[str] = Field(alias="in", min_length=1)


class QuestionSpec(_Spec):
    """One question as written in questions.yaml."""

    field: str
    kind: QuestionKind
    emergency: bool = False
    #: "clinician" questions (measured values, video-analysis output) are never put to a
    #: parent in an interview; the engine still reads the answers when they are given.
    audience: Literal["caregiver", "clinician"] = "caregiver"
    #: whether leaving this question open keeps home care back ("not yet reassured")
    holds_floor: bool = True
    #: questions whose answers already cover this one (e.g. the fever checkbox covers a
    #: measured temperature): once any of them is answered, this one holds no floor
    covered_by: list[str] = Field(default_factory=list)
    short: Text
    prompt: Text
    help: Text
    why: Text
    choices: list[ChoiceSpec] = Field(default_factory=list)
    says: dict[str, Text] = Field(default_factory=dict)
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    ask_if: AskIf | None = None

    @model_validator(mode="after")
    def _consistent(self) -> QuestionSpec:
        if self.kind == "findings":
            if not self.field.startswith("findings:"):
                raise ValueError("a findings question's field must look like 'findings:<group>'")
            bad = {c.value for c in self.choices} - {f.value for f in Finding}
            if bad or not self.choices:
                raise ValueError(f"unknown or no finding codes: {sorted(bad)}")
            return self
        kind = FIELD_KINDS.get(self.field)
        expected = {
            "yes_no_unsure": "answer",
            "choice": "choice",
            "multi_choice": "list",
            "number": "number",
        }[self.kind]
        if kind != expected:
            raise ValueError(f"field {self.field!r} is not a {expected} field (kind {self.kind})")
        if self.kind in ("choice", "multi_choice"):
            values = {c.value for c in self.choices}
            if values != set(FIELD_VALUES[self.field]):
                raise ValueError(
                    f"choices of {self.field} must be exactly {sorted(FIELD_VALUES[self.field])}"
                )
        return self


class QuestionsFile(_Spec):
    """questions.yaml."""

    schema_: str = Field(alias="schema", pattern=f"^{QUESTIONS_SCHEMA}$")
    provenance: Provenance
    questions: list[QuestionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_finding_once(self) -> QuestionsFile:
        seen: dict[str, str] = {}
        for q in self.questions:
            for c in q.choices if q.kind == "findings" else ():
                if c.value in seen:
                    raise ValueError(f"finding {c.value} is in both {seen[c.value]} and {q.field}")
                seen[c.value] = q.field
        missing = sorted({f.value for f in Finding} - set(seen))
        if missing:
            raise ValueError(f"findings not asked by any question: {missing}")
        fields = [q.field for q in self.questions]
        if len(fields) != len(set(fields)):
            raise ValueError("two questions have the same field")
        return self


@dataclass(frozen=True)
class Choice:
    """An answer option: the wire ``value`` and the caregiver ``label``."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """One interview question (see the module docstring for ``field`` and ``apply``)."""

    field: str
    kind: QuestionKind
    prompt: str
    help: str
    why: str
    short: str
    emergency: bool
    choices: tuple[Choice, ...]
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    ask_if: tuple[str, frozenset[str]] | None = None
    audience: str = "caregiver"
    holds_floor: bool = True
    covered_by: tuple[str, ...] = ()

    @cached_property
    def finding_codes(self) -> frozenset[str]:
        """For a findings question, the codes it asks about (else empty)."""
        return frozenset(c.value for c in self.choices) if self.kind == "findings" else frozenset()

    def apply(self, partial: dict[str, Any], answer: Any) -> dict[str, Any]:
        """Return a copy of the partial assessment ``partial`` with ``answer`` recorded."""
        out = copy.deepcopy(partial)
        if self.kind == "findings":
            seen = [str(a) for a in (answer or [])]
            allowed = self.finding_codes
            bad = [a for a in seen if a not in allowed]
            if bad:
                raise ValueError(
                    f"{bad} are not choices of {self.field}; allowed: {sorted(allowed)}"
                )
            findings = list(out.get("findings", []))
            findings += [a for a in seen if a not in findings]
            checked = list(out.get("findings_checked", []))
            checked += [c.value for c in self.choices if c.value not in checked]
            out["findings"] = findings
            out["findings_checked"] = checked
            return out
        section, name = self.field.split(".", 1)
        target = out.setdefault(section, {})
        if answer is None or answer == "":
            if self.kind == "yes_no_unsure":
                target[name] = "unsure"
            else:
                target.pop(name, None)
            return out
        if self.kind == "multi_choice":
            target[name] = [str(a) for a in answer]
        elif self.kind == "number":
            target[name] = float(answer)
        else:
            target[name] = str(answer)
        return out


def build_question(spec: QuestionSpec) -> Question:
    """The :class:`Question` for a validated spec (yes/no questions get their three choices)."""
    if spec.kind == "yes_no_unsure":
        choices = tuple(
            Choice(v, spec.says.get(f"label_{v}", lab)) for v, lab in _YES_NO_LABELS.items()
        )
    else:
        choices = tuple(Choice(c.value, c.label) for c in spec.choices)
    ask_if = (spec.ask_if.field, frozenset(spec.ask_if.in_)) if spec.ask_if else None
    return Question(
        field=spec.field,
        kind=spec.kind,
        prompt=spec.prompt,
        help=spec.help,
        why=spec.why,
        short=spec.short,
        emergency=spec.emergency,
        choices=choices,
        unit=spec.unit,
        minimum=spec.minimum,
        maximum=spec.maximum,
        ask_if=ask_if,
        audience=spec.audience,
        holds_floor=spec.holds_floor,
        covered_by=tuple(spec.covered_by),
    )
