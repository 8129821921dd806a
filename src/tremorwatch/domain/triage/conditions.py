"""Compile rule conditions into fast three-valued tests.

Each compiled condition maps the facts dictionary (:mod:`.facts`) to one of

* :data:`TRUE` (2) - holds,
* :data:`UNKNOWN` (1) - cannot tell yet: a field it needs is unanswered or ``unsure``,
* :data:`FALSE` (0) - does not hold.

``all`` of a rule's conditions is the minimum, ``any`` the maximum (Kleene logic). A rule fires
only on TRUE; an UNKNOWN rule is one the caregiver's next answers could still make fire, which
is how the engine finds the questions worth asking. Compilation happens once, at load time; a
call is then a few dictionary look-ups and comparisons.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from tremorwatch.domain.triage.facts import FIELD_KINDS, FIELD_VALUES, Facts
from tremorwatch.domain.triage.schema import ConditionSpec

TRUE: Final = 2
UNKNOWN: Final = 1
FALSE: Final = 0

Test = Callable[[Facts], int]
Phrase = Callable[[Facts], str | None]

_COMPARISONS: Final = {
    "lt": (operator.lt, "under"),
    "le": (operator.le, "at most"),
    "gt": (operator.gt, "over"),
    "ge": (operator.ge, "at least"),
}


class ConditionError(ValueError):
    """A condition refers to an unknown field or code (the loader adds file and rule id)."""


@dataclass(frozen=True)
class Phrases:
    """Caregiver phrases used as the default ``why`` of a condition (from questions.yaml)."""

    findings: Mapping[str, str]
    answers: Mapping[str, Mapping[str, str]]
    fields: Mapping[str, str]
    units: Mapping[str, str]


@dataclass(frozen=True)
class Compiled:
    """A compiled condition: its test, its phrase, and what it reads."""

    test: Test
    phrase: Phrase
    fields: frozenset[str]
    thresholds: tuple[tuple[str, float], ...] = field(default=())
    #: every number comparison it makes: (field, "lt" / "le" / "gt" / "ge", bound)
    comparisons: tuple[tuple[str, str, float], ...] = field(default=())


def _expand(codes: list[str], sets: Mapping[str, list[str]]) -> frozenset[str]:
    out: set[str] = set()
    for code in codes:
        if code.startswith("@"):
            if code[1:] not in sets:
                raise ConditionError(f"unknown finding set {code!r}; known: {sorted(sets)}")
            out.update(sets[code[1:]])
        else:
            out.add(code)
    return frozenset(out)


def _check_field(name: str, kinds: tuple[str, ...]) -> None:
    kind = FIELD_KINDS.get(name)
    if kind not in kinds:
        allowed = sorted(n for n, k in FIELD_KINDS.items() if k in kinds)
        raise ConditionError(f"field {name!r} cannot be used here; allowed: {allowed}")


def _check_values(name: str, values: frozenset[str], extra: frozenset[str]) -> None:
    bad = values - FIELD_VALUES[name] - extra
    if bad:
        allowed = sorted(FIELD_VALUES[name] | extra)
        raise ConditionError(f"unknown value(s) {sorted(bad)} for {name}; allowed: {allowed}")


@dataclass(frozen=True)
class FixedPhrase:
    """A phrase that does not depend on the facts (``text``, or ``None``: no phrase)."""

    text: str | None

    def __call__(self, facts: Facts) -> str | None:
        return self.text


def _fixed(text: str | None) -> Phrase:
    return FixedPhrase(text or None)


def compile_condition(
    spec: ConditionSpec, *, sets: Mapping[str, list[str]], phrases: Phrases
) -> Compiled:
    """Turn one validated :class:`ConditionSpec` into a :class:`Compiled` test."""
    kind = spec.kind
    if kind in ("finding", "no_finding"):
        codes = _expand(getattr(spec, kind), sets)
        unknown = codes - set(phrases.findings)
        if unknown:
            raise ConditionError(f"unknown finding code(s) {sorted(unknown)}")
        return _compile_finding(codes, negate=kind == "no_finding", spec=spec, phrases=phrases)
    if kind == "answer":
        name = spec.answer or ""
        _check_field(name, ("answer", "choice"))
        values = frozenset(spec.in_ or ())
        _check_values(name, values, frozenset({"missing", "unsure"}))
        return _compile_answer(name, values, spec=spec, phrases=phrases)
    if kind == "number":
        name = spec.number or ""
        _check_field(name, ("number",))
        return _compile_number(name, spec=spec, phrases=phrases)
    if kind == "includes":
        name = spec.includes or ""
        _check_field(name, ("list",))
        values = frozenset(spec.any_of or ())
        _check_values(name, values, frozenset())
        return _compile_includes(name, values, spec=spec)
    if kind == "excludes":
        name = spec.excludes or ""
        _check_field(name, ("list",))
        values = frozenset(spec.any_of or ())
        _check_values(name, values, frozenset())
        return _compile_excludes(name, values, spec=spec)
    if kind == "answered":
        name = spec.answered or ""
        _check_field(name, ("answer", "choice", "number", "list"))
        return _compile_answered(name, spec=spec)
    if kind == "all":
        parts = [compile_condition(c, sets=sets, phrases=phrases) for c in spec.all or ()]
        return _compile_all(parts, spec=spec)
    parts = [compile_condition(c, sets=sets, phrases=phrases) for c in spec.any or ()]
    return _compile_any(parts, spec=spec)


def _compile_finding(
    codes: frozenset[str], *, negate: bool, spec: ConditionSpec, phrases: Phrases
) -> Compiled:
    if negate:

        def test(facts: Facts) -> int:
            seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
            if seen & codes:
                return FALSE
            checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
            return TRUE if codes <= checked else UNKNOWN

        default = "none of the warning signs were seen"
        phrase = _fixed(spec.why if spec.why is not None else default)
    else:

        def test(facts: Facts) -> int:
            seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
            if seen & codes:
                return TRUE
            checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
            return FALSE if codes <= checked else UNKNOWN

        if spec.why is not None:
            phrase = _fixed(spec.why)
        else:
            ordered = sorted(codes)

            def phrase(facts: Facts) -> str | None:
                seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
                return ", ".join(phrases.findings[c] for c in ordered if c in seen) or None

    return Compiled(test, phrase, frozenset(f"finding:{c}" for c in codes))


def _compile_answer(
    name: str, values: frozenset[str], *, spec: ConditionSpec, phrases: Phrases
) -> Compiled:
    open_values = frozenset({"missing", "unsure"}) - values

    def test(facts: Facts) -> int:
        value = facts[name]
        key = "missing" if value is None else value
        if key in values:
            return TRUE
        return UNKNOWN if key in open_values else FALSE

    if spec.why is not None:
        phrase = _fixed(spec.why)
    else:
        says = phrases.answers.get(name, {})
        label = phrases.fields.get(name, name)

        def phrase(facts: Facts) -> str | None:
            value = facts[name]
            key = "missing" if value is None else str(value)
            if key == "missing":
                return f"not yet answered: {label}"
            return says.get(key, f"{label}: {key}")

    return Compiled(test, phrase, frozenset({name}))


def _compile_number(name: str, *, spec: ConditionSpec, phrases: Phrases) -> Compiled:
    checks = [
        (fn, float(bound), word)
        for key, (fn, word) in _COMPARISONS.items()
        if (bound := getattr(spec, key)) is not None
    ]
    missing_result = TRUE if spec.missing else UNKNOWN

    def test(facts: Facts) -> int:
        value: float | None = facts[name]  # type: ignore[assignment]
        if value is None:
            return missing_result
        for fn, bound, _ in checks:
            if not fn(value, bound):
                return FALSE
        return TRUE

    if spec.why is not None:
        phrase = _fixed(spec.why)
    else:
        label = phrases.fields.get(name, name)
        unit = phrases.units.get(name, "")
        text = " and ".join(
            f"{word} {bound:g}{(' ' + unit) if unit else ''}" for _, bound, word in checks
        )

        def phrase(facts: Facts) -> str | None:
            if facts[name] is None:
                return f"not yet answered: {label}"
            return f"{label} {text}"

    thresholds = tuple((name, bound) for _, bound, _ in checks)
    comparisons = tuple(
        (name, key, float(bound))
        for key in _COMPARISONS
        if (bound := getattr(spec, key)) is not None
    )
    return Compiled(test, phrase, frozenset({name}), thresholds, comparisons)


def _compile_includes(name: str, values: frozenset[str], *, spec: ConditionSpec) -> Compiled:
    def test(facts: Facts) -> int:
        present: frozenset[str] | None = facts[name]  # type: ignore[assignment]
        if present is None:
            return UNKNOWN
        return TRUE if present & values else FALSE

    if spec.why is not None:
        phrase = _fixed(spec.why)
    else:

        def phrase(facts: Facts) -> str | None:
            present: frozenset[str] = facts[name] or frozenset()  # type: ignore[assignment]
            return ", ".join(sorted(v.replace("_", " ") for v in present & values)) or None

    return Compiled(test, phrase, frozenset({name}))


def _compile_excludes(name: str, values: frozenset[str], *, spec: ConditionSpec) -> Compiled:
    """The list holds none of ``values``; a list that was left out holds none (so the
    condition can only stop a rule from firing on something the caregiver did report)."""

    def test(facts: Facts) -> int:
        present: frozenset[str] | None = facts[name]  # type: ignore[assignment]
        return FALSE if present is not None and present & values else TRUE

    return Compiled(test, _fixed(spec.why), frozenset({name}))


def _compile_answered(name: str, *, spec: ConditionSpec) -> Compiled:
    def test(facts: Facts) -> int:
        value = facts[name]
        return UNKNOWN if value is None or value == "unsure" else TRUE

    return Compiled(test, _fixed(spec.why), frozenset({name}))


def _compile_any(parts: list[Compiled], *, spec: ConditionSpec) -> Compiled:
    tests = tuple(p.test for p in parts)

    def test(facts: Facts) -> int:
        best = FALSE
        for t in tests:
            value = t(facts)
            if value == TRUE:
                return TRUE
            best = max(best, value)
        return best

    if spec.why is not None:
        phrase = _fixed(spec.why)
    else:

        def phrase(facts: Facts) -> str | None:
            for p in parts:
                if p.test(facts) == TRUE:
                    return p.phrase(facts)
            return None

    fields = frozenset().union(*(p.fields for p in parts))
    thresholds = tuple(t for p in parts for t in p.thresholds)
    comparisons = tuple(c for p in parts for c in p.comparisons)
    return Compiled(test, phrase, fields, thresholds, comparisons)


def all_of(tests: tuple[Test, ...]) -> Test:
    """The Kleene AND of ``tests`` (a rule's ``when`` list): FALSE at the first FALSE, else the
    least of the values. Order the tests most-often-false first for an early exit."""

    def test(facts: Facts) -> int:
        worst = TRUE
        for t in tests:
            value = t(facts)
            if value == FALSE:
                return FALSE
            worst = min(worst, value)
        return worst

    return test


def _compile_all(parts: list[Compiled], *, spec: ConditionSpec) -> Compiled:
    test = all_of(tuple(p.test for p in parts))

    if spec.why is not None:
        phrase = _fixed(spec.why)
    else:

        def phrase(facts: Facts) -> str | None:
            texts = [text for p in parts if (text := p.phrase(facts))]
            return ", ".join(texts) or None

    fields = frozenset().union(*(p.fields for p in parts))
    thresholds = tuple(t for p in parts for t in p.thresholds)
    comparisons = tuple(c for p in parts for c in p.comparisons)
    return Compiled(test, phrase, fields, thresholds, comparisons)
