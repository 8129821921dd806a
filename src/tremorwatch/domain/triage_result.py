"""``tremorwatch.triage-result/1``: what the engine answers.

Follows ``shared/spec/assessment-v1.md``. Fields beyond the spec are optional additions
(allowed by the spec): ``notice``; ``possible_causes[].probability`` and
``possible_causes[].evidence``.
"""

from __future__ import annotations

from typing import Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from tremorwatch.domain.codes import Cause, Disposition, Likelihood

TRIAGE_RESULT_SCHEMA: Final = "tremorwatch.triage-result/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Build from values the engine made itself, every field given and already valid.

        What ``model_construct`` does for that case, at a quarter of its cost (the engine builds
        about forty of these per result); ``tests/domain/test_triage_result.py`` checks that
        the object equals the validated one and that a missing field is refused.
        """
        fields = cls.__pydantic_fields__
        if len(values) != len(fields) or not fields.keys() <= values.keys():
            missing = sorted(fields.keys() - values.keys())
            extra = sorted(values.keys() - fields.keys())
            raise TypeError(
                f"{cls.__name__}.trusted needs exactly its fields; missing {missing}, "
                f"unknown {extra}"
            )
        obj = cls.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(obj, "__dict__", values)
        setattr_(obj, "__pydantic_fields_set__", set(values))
        setattr_(obj, "__pydantic_extra__", None)
        setattr_(obj, "__pydantic_private__", None)
        return obj


class Reason(_Frozen):
    """One rule that fired: why the disposition is what it is."""

    rule_id: str
    disposition: Disposition
    text: str
    sources: list[str] = Field(default_factory=list)


class CauseEvidence(_Frozen):
    """One finding or answer for or against a cause, with its weight and source (addition)."""

    text: str
    direction: Literal["for", "against"]
    likelihood_ratio: float | None = Field(
        default=None,
        description="The likelihood ratio this answer gives the cause (>1 for, <1 against); "
        "null for a rule that names the cause.",
    )
    sources: list[str] = Field(default_factory=list)


class PossibleCause(_Frozen):
    """One entry of the ordered differential.

    ``why`` lists the caregiver's findings behind the ``likelihood``: what supports a likely or
    possible cause, and what counts against a less likely one. ``probability`` (the posterior
    of the differential, 0-1) and ``evidence`` (every weighed finding, for and against) are
    optional additions to the spec.
    """

    id: Cause
    label: str
    likelihood: Likelihood
    why: list[str] = Field(default_factory=list)
    probability: float | None = Field(default=None, ge=0, le=1)
    evidence: list[CauseEvidence] = Field(default_factory=list)


class NextQuestion(_Frozen):
    """An unanswered question that could still change the disposition."""

    field: str = Field(
        description="Dotted assessment field, e.g. 'episode.stops_with_gentle_hold'."
    )
    why: str


class TriageResult(_Frozen):
    """The engine's answer to one assessment."""

    schema_: Literal["tremorwatch.triage-result/1"] = Field(
        default=TRIAGE_RESULT_SCHEMA, alias="schema"
    )
    disposition: Disposition
    headline: str
    reasons: list[Reason] = Field(default_factory=list)
    possible_causes: list[PossibleCause] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    next_questions: list[NextQuestion] = Field(default_factory=list)
    suggested_evaluation: list[str] = Field(default_factory=list)
    ruleset_version: str
    notice: str | None = Field(
        default=None, description="Decision-support notice shown with the result (addition)."
    )

    def to_json_dict(self) -> dict[str, Any]:
        """The result as the wire JSON object."""
        return self.model_dump(mode="json", by_alias=True)
