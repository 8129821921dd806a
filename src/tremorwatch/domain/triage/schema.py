"""The schema of the triage data files (pydantic), checked once when a ruleset is loaded.

File kinds (all YAML, each with a ``provenance`` block saying who wrote it, from what, and its
review status):

``ruleset.yaml`` (:class:`RulesetManifest`)
    the version, the rule files in evaluation order, and named finding sets (``@red_flags``).
``rules/*.yaml`` (:class:`RuleFile`)
    a list of :class:`RuleSpec`: id, ``when`` (all conditions must hold), disposition,
    caregiver-facing reason, causes it supports, advice and evaluation keys, sources.
``texts.yaml`` (:class:`TextsFile`)
    headlines and advice per disposition, advice texts, suggested-evaluation texts for a
    clinician and caregiver labels for every cause code.
``questions.yaml``
    the interview catalogue (see :mod:`tremorwatch.domain.triage.questions`).

A condition (:class:`ConditionSpec`) is exactly one of::

    finding: [codes]            any of these findings was seen
    no_finding: [codes]         the caregiver was asked and saw none of these
    answer: FIELD, in: [...]    the answer is one of these (may include "unsure", "missing")
    number: FIELD, lt/le/gt/ge  a comparison; "missing: true" makes an unanswered field match
    includes: FIELD, of: [...]  a list field (history, states, body parts) holds one of these
    excludes: FIELD, of: [...]  the list field holds none of these (a list left out holds none,
                                so a rule that needs it keeps firing when nothing was said)
    answered: FIELD             the field was answered (not missing, not "unsure"); never false
    any: [conditions]           at least one of the nested conditions holds
    all: [conditions]           every nested condition holds (to nest inside ``any``)

Every condition may carry ``why``: the caregiver-facing phrase shown as a supporting finding
(``""`` hides it). Finding lists may name a set from the manifest as ``"@name"``.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from tremorwatch.domain.codes import Cause, Disposition, Likelihood

RULES_SCHEMA: Final = "tremorwatch.rules/1"
MANIFEST_SCHEMA: Final = "tremorwatch.ruleset/1"
TEXTS_SCHEMA: Final = "tremorwatch.triage-texts/1"
QUESTIONS_SCHEMA: Final = "tremorwatch.questions/1"

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
Text = Annotated[str, StringConstraints(min_length=3, strip_whitespace=True)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Spec):
    """Who wrote a data file, from which evidence, and whether a clinician reviewed it."""

    authors: list[str] = Field(min_length=1)
    based_on: list[str] = Field(min_length=1)
    review_status: str
    updated: str


_KINDS: Final = (
    "finding",
    "no_finding",
    "answer",
    "number",
    "includes",
    "excludes",
    "answered",
    "any",
    "all",
)
_KIND_KEYS: Final[dict[str, frozenset[str]]] = {
    "finding": frozenset(),
    "no_finding": frozenset(),
    "answer": frozenset({"in_"}),
    "number": frozenset({"lt", "le", "gt", "ge", "missing"}),
    "includes": frozenset({"any_of"}),
    "excludes": frozenset({"any_of"}),
    "answered": frozenset(),
    "any": frozenset(),
    "all": frozenset(),
}


class ConditionSpec(_Spec):
    """One condition of a rule's ``when`` list (exactly one kind; see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    finding: list[str] | None = None
    no_finding: list[str] | None = None
    answer: str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    number: str | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    missing: bool = False
    includes: str | None = None
    excludes: str | None = None
    any_of: list[str] | None = Field(default=None, alias="of")
    answered: str | None = None
    any: list[ConditionSpec] | None = None
    all: list[ConditionSpec] | None = None
    why: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _single_finding_as_list(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("finding", "no_finding"):
                if isinstance(data.get(key), str):
                    data = {**data, key: [data[key]]}
        return data

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> ConditionSpec:
        kinds = [k for k in _KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                "a condition needs exactly one of finding, no_finding, answer, number, "
                f"includes, excludes, answered, any, all; got {kinds or 'none'}"
            )
        kind = kinds[0]
        allowed = _KIND_KEYS[kind]
        stray = [
            k
            for k in ("in_", "lt", "le", "gt", "ge", "any_of")
            if getattr(self, k) is not None and k not in allowed
        ]
        if self.missing and "missing" not in allowed:
            stray.append("missing")
        if stray:
            names = ", ".join("in" if s == "in_" else "of" if s == "any_of" else s for s in stray)
            raise ValueError(f"'{kind}' conditions do not take: {names}")
        if kind == "answer" and not self.in_:
            raise ValueError(f"answer condition on {self.answer} needs a non-empty 'in' list")
        if kind in ("includes", "excludes") and not self.any_of:
            field = self.includes or self.excludes
            raise ValueError(f"{kind} condition on {field} needs a non-empty 'of' list")
        if kind == "number" and all(getattr(self, k) is None for k in ("lt", "le", "gt", "ge")):
            raise ValueError(f"number condition on {self.number} needs one of lt, le, gt, ge")
        if kind in ("finding", "no_finding", "any", "all") and not getattr(self, kind):
            raise ValueError(f"'{kind}' needs a non-empty list")
        return self

    @property
    def kind(self) -> str:
        """Which kind of condition this is."""
        return next(k for k in _KINDS if getattr(self, k) is not None)


class RuleSpec(_Spec):
    """One rule as written in a rule file."""

    id: RuleId
    title: Text
    disposition: Disposition
    reassures: bool = Field(
        default=False,
        description="A benign-pattern rule: when it fires (and no other rule is more urgent) "
        "the answer may be home care. Rules without it never lower the answer below routine.",
    )
    when: list[ConditionSpec] = Field(min_length=1)
    reason: Text
    headline: Text | None = None
    causes: dict[Cause, Likelihood] = Field(default_factory=dict)
    advice: list[Key] = Field(default_factory=list)
    evaluation: list[Key] = Field(default_factory=list)
    sources: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _reassuring_is_home_care(self) -> RuleSpec:
        if self.reassures and self.disposition is not Disposition.HOME_CARE:
            raise ValueError("a reassuring rule must have disposition home_care")
        return self


class RuleFile(_Spec):
    """A file of rules."""

    schema_: str = Field(alias="schema", pattern=f"^{RULES_SCHEMA}$")
    title: Text
    provenance: Provenance
    rules: list[RuleSpec] = Field(min_length=1)


class RulesetManifest(_Spec):
    """``ruleset.yaml``: version, rule files in order, named finding sets."""

    schema_: str = Field(alias="schema", pattern=f"^{MANIFEST_SCHEMA}$")
    version: str = Field(pattern=r"^\d{4}\.\d{1,2}\.\d+$")
    provenance: Provenance
    rule_files: list[str] = Field(min_length=1)
    differential: str = "differential.yaml"
    finding_sets: dict[Key, list[str]] = Field(default_factory=dict)


class DispositionTexts(_Spec):
    """Caregiver texts for one disposition."""

    headline: Text
    now: list[Text] = Field(min_length=1)
    record: list[Text] = Field(default_factory=list)
    safety_net: list[Text] = Field(default_factory=list)


class TextsFile(_Spec):
    """``texts.yaml``: headlines, advice, evaluation texts and cause labels."""

    schema_: str = Field(alias="schema", pattern=f"^{TEXTS_SCHEMA}$")
    provenance: Provenance
    notice: Text
    dispositions: dict[Disposition, DispositionTexts]
    advice: dict[Key, Text]
    evaluation: dict[Key, Text]
    causes: dict[Cause, Text]

    @model_validator(mode="after")
    def _complete(self) -> TextsFile:
        missing_d = [d.value for d in Disposition if d not in self.dispositions]
        missing_c = [c.value for c in Cause if c not in self.causes]
        if missing_d or missing_c:
            raise ValueError(f"texts missing for dispositions {missing_d} and causes {missing_c}")
        return self
