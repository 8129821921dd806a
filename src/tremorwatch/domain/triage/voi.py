"""Which unanswered questions matter: value of information for the interview and the floor.

For every caregiver question not yet answered (or answered ``unsure``) whose ``ask_if`` holds,
each possible answer is tried and the level recomputed (:func:`.decision.core`). A question
has value when some answer gives a level other than the current one. They are ordered:

1. questions one of whose answers gives ``emergency`` (emergency-relevant first);
2. then by the most urgent level an answer reaches;
3. then by the mean change of level over the answers (each answer weighted alike: the engine
   has likelihood ratios, not the absolute answer frequencies a full expected-value-of-
   information needs - a stated simplification);
4. then in catalogue order.

Clinician questions (measured values, video analysis) are never listed: a parent is asked only
what a parent can answer. The same search tells whether home care must wait: if an answer to
an open question could raise the level above home care, the floor ("not yet reassured") holds.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.conditions import TRUE
from tremorwatch.domain.triage.decision import Core, changed_level, core
from tremorwatch.domain.triage.facts import DERIVED_FROM, Facts, derive
from tremorwatch.domain.triage.loader import RuleSet

_DERIVED_SOURCES: Final = frozenset(DERIVED_FROM.values())
_GESTATION_PROBES: Final = (28.0, 33.0, 36.0, 39.0)


@dataclass(frozen=True)
class Value:
    """What a question's answers could do to the level."""

    question: Question
    levels: tuple[int, ...]

    @property
    def highest(self) -> int:
        return max(self.levels)


def open_question(question: Question, facts: Facts) -> bool:
    """Not yet answered (or ``unsure``), asked of caregivers, and its ``ask_if`` holds."""
    if question.audience != "caregiver":
        return False
    if question.ask_if is not None:
        field, values = question.ask_if
        value = facts.get(field)
        if (value if value is not None else "missing") not in values:
            return False
    if question.kind == "findings":
        checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
        return not question.finding_codes <= checked
    value = facts.get(question.field)
    return value is None or value == "unsure"


def _answers(question: Question, facts: Facts, rs: RuleSet) -> Iterator[dict[str, Any]]:
    """The fact changes of each answer worth trying."""
    field = question.field
    if question.kind == "findings":
        seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
        checked = facts["findings_checked"] | question.finding_codes  # type: ignore[operator]
        yield {"findings_checked": checked}
        for code in sorted(question.finding_codes - seen):
            yield {"findings": seen | {code}, "findings_checked": checked}
        return
    if question.kind in ("yes_no_unsure", "choice"):
        for choice in question.choices:
            if choice.value != "unsure":
                yield {field: choice.value}
        return
    if question.kind == "multi_choice":
        present: frozenset[str] = facts.get(field) or frozenset()  # type: ignore[assignment]
        yield {field: present}
        for choice in question.choices:
            if choice.value not in present:
                yield {field: present | {choice.value}}
        return
    for value in _number_probes(question, facts, rs):
        yield {field: value}


def _number_probes(question: Question, facts: Facts, rs: RuleSet) -> list[float]:
    field = question.field
    if field == "infant.gestational_age_weeks":
        return list(_GESTATION_PROBES)
    bounds = set(rs.thresholds.get(field, ())) | set(rs.differential.thresholds_of(field))
    if field == "episode.first_noticed_days_ago":
        age = float(facts["infant.age_days"])  # type: ignore[arg-type]
        onset = set(rs.thresholds.get("episode.onset_age_days", ())) | set(
            rs.differential.thresholds_of("episode.onset_age_days")
        )
        bounds |= {age - b for b in onset if age - b >= 0}
        bounds.add(0.0)
    low = question.minimum if question.minimum is not None else 0.0
    high = question.maximum if question.maximum is not None else float("inf")
    probes = {low}
    for b in bounds:
        for v in (b - 0.5, b, b + 0.5):
            if low <= v <= high:
                probes.add(float(v))
    return sorted(probes)


def _reads(rs: RuleSet) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    """Question field -> (rule, feature and benign pattern indices) that read its answer."""
    cached = _READS.get(id(rs))
    if cached is not None and cached[0] is rs:
        return cached[1]
    derived_of: dict[str, set[str]] = {}
    for derived, source in DERIVED_FROM.items():
        derived_of.setdefault(source, set()).add(derived)
    out = {}
    for question in rs.questions:
        if question.kind == "findings":
            facts = {f"finding:{c}" for c in question.finding_codes}
        else:
            facts = {question.field} | derived_of.get(question.field, set())
        features = tuple(
            i for i, f in enumerate(rs.differential.features) if f.condition.fields & facts
        )
        patterns = tuple(
            sorted({i for name in facts for i in rs.differential.patterns_reading.get(name, ())})
        )
        out[question.field] = (rs.rules_by_question.get(question.field, ()), features, patterns)
    _READS[id(rs)] = (rs, out)
    return out


def _comparisons(rs: RuleSet, question: Question) -> tuple[tuple[Any, float], ...] | None:
    """Every comparison (operator, bound) the rules, features and benign patterns make with a
    number question's answer, or None when its answer is also read through derived facts
    (then every probe is judged). Two answers with the same outcome of every comparison are
    read alike, so they get the same level."""
    if question.field in _DERIVED_SOURCES:
        return None
    cached = _COMPARISONS.get((id(rs), question.field))
    if cached is not None and cached[0] is rs:
        return cached[1]
    diff = rs.differential
    conditions = [c for rule in rs.rules for c in rule.conditions]
    conditions += [f.condition for f in diff.features]
    conditions += [c for p in diff.benign_patterns for c in p.conditions]
    found = sorted(
        {
            (op, bound)
            for c in conditions
            for name, op, bound in c.comparisons
            if name == question.field
        }
    )
    comparisons = tuple((_OPERATORS[op], bound) for op, bound in found)
    _COMPARISONS[(id(rs), question.field)] = (rs, comparisons)
    return comparisons


_OPERATORS: Final = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}
_COMPARISONS: dict[tuple[int, str], tuple[RuleSet, tuple[tuple[Any, float], ...]]] = {}

_Reads = dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]
_READS: dict[int, tuple[RuleSet, _Reads]] = {}


def values(rs: RuleSet, facts: Facts, current: int, base: Core | None = None) -> list[Value]:
    """Every open question with at least one answer that gives a level other than ``current``,
    most valuable first (see the module docstring). ``base`` is ``core(rs, facts)`` if known."""
    base = core(rs, facts) if base is None else base
    reads = _reads(rs)
    fired = [(i, rs.rules[i].urgency) for i, status in enumerate(base.statuses) if status == TRUE]
    out: list[tuple[tuple[float, ...], Value]] = []
    for order, question in enumerate(rs.questions):
        if not open_question(question, facts):
            continue
        rules, features, patterns = reads[question.field]
        other = max((u for i, u in fired if i not in rules), default=0)
        if other == 4 and current == 4:
            continue
        levels = []
        # A number answer is read only through comparisons with bounds: probes with the same
        # outcome of every comparison give the same level, so each outcome is judged once (the
        # level still counts once per probe, so the order is unchanged).
        comparisons = _comparisons(rs, question) if question.kind == "number" else None
        seen: dict[tuple[bool, ...], int] = {}
        for changes in _answers(question, facts, rs):
            side: tuple[bool, ...] | None = None
            if comparisons is not None:
                value = changes[question.field]
                side = tuple(compare(value, bound) for compare, bound in comparisons)
                if side in seen:
                    levels.append(seen[side])
                    continue
            variant = dict(facts)
            variant.update(changes)
            if question.field in _DERIVED_SOURCES:
                derive(variant)
            level = changed_level(
                rs,
                base,
                variant,
                rules=rules,
                features=features,
                patterns=patterns,
                other_rules_level=other,
            )
            if side is not None:
                seen[side] = level
            levels.append(level)
        if not levels or all(level == current for level in levels):
            continue
        value = Value(question, tuple(levels))
        mean_change = sum(abs(level - current) for level in levels) / len(levels)
        key = (-float(value.highest == 4), -float(value.highest), -mean_change, float(order))
        out.append((key, value))
    out.sort(key=lambda item: item[0])
    return [v for _, v in out]
