"""Every rule of every rule file: an assessment that fires it, and a near miss that does not.

For each rule an assessment is *constructed from its conditions* (a witness): every condition
is satisfied with a concrete answer (numbers inside their bounds, a listed finding, a listed
code ...), trying each branch of ``any`` until the real engine says the rule fires. The near
miss is the same witness with one condition turned false (a number just outside its bound, the
finding left out of an asked checklist, another answer ...). Both go through
``parse_assessment`` and :func:`evaluate`, so this also checks that the conditions can be met by
valid input and that each condition really matters.

Not tested here: whether the rule is clinically right (see the vignettes and the known-answer
tests in ``test_engine.py``).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.triage import Rule, evaluate, load_ruleset
from tremorwatch.domain.triage.facts import FIELD_KINDS, FIELD_VALUES
from tremorwatch.domain.triage.schema import ConditionSpec

RULESET = load_ruleset()
RULES = RULESET.rules
SETS = {k: sorted(v) for k, v in RULESET.finding_sets.items()}

State = dict[str, Any]

#: Conditions that cannot be turned false alone with this generator, and why.
UNBUILDABLE = {
    # a term baby whose shaking began after day 28 is older than 28 days: turning "corrected
    # age over 28 days" false alone needs a preterm birth, which the generator does not make
    "persistence.new_onset_after_newborn_period": ("infant.corrected_age_days",),
}


def _new_state() -> State:
    return {"answers": {}, "bounds": {}, "lists": {}, "seen": set(), "absent": set()}


def _codes(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        out += SETS[item[1:]] if item.startswith("@") else [item]
    return sorted(set(out))


def _bound(state: State, name: str, spec: ConditionSpec) -> State:
    state = copy.deepcopy(state)
    low, high = state["bounds"].get(name, (float("-inf"), float("inf")))
    step = 0.1 if name.startswith("vitals.") or name.startswith("motion.") else 1.0
    if spec.gt is not None:
        low = max(low, spec.gt + step)
    if spec.ge is not None:
        low = max(low, spec.ge)
    if spec.lt is not None:
        high = min(high, spec.lt - step)
    if spec.le is not None:
        high = min(high, spec.le)
    state["bounds"][name] = (low, high)
    return state


def satisfy(spec: ConditionSpec, state: State) -> Iterator[State]:
    """Every way (one per ``any`` branch) of making ``spec`` true on top of ``state``."""
    kind = spec.kind
    if kind == "finding":
        codes = [c for c in _codes(spec.finding or []) if c not in state["absent"]]
        for code in codes[:1]:
            new = copy.deepcopy(state)
            new["seen"].add(code)
            yield new
    elif kind == "no_finding":
        codes = set(_codes(spec.no_finding or []))
        if not codes & state["seen"]:
            new = copy.deepcopy(state)
            new["absent"] |= codes
            yield new
    elif kind == "answer":
        current = state["answers"].get(spec.answer)
        for value in spec.in_ or []:
            if current in (None, value):
                new = copy.deepcopy(state)
                new["answers"][spec.answer] = value
                yield new
    elif kind == "number":
        yield _bound(state, spec.number or "", spec)
    elif kind == "includes":
        new = copy.deepcopy(state)
        new["lists"].setdefault(spec.includes, set()).add(sorted(spec.any_of or [])[0])
        yield new
    elif kind == "excludes":
        # a list left out holds none of the values
        if not state["lists"].get(spec.excludes, set()) & set(spec.any_of or []):
            yield copy.deepcopy(state)
    elif kind == "answered":
        new = copy.deepcopy(state)
        name = spec.answered or ""
        if FIELD_KINDS[name] == "list":
            new["lists"].setdefault(name, set())
        elif FIELD_KINDS[name] == "number":
            new["bounds"].setdefault(name, (float("-inf"), float("inf")))
        elif name not in new["answers"]:
            new["answers"][name] = sorted(FIELD_VALUES[name] - {"unsure"})[0]
        yield new
    elif kind == "all":
        yield from satisfy_all(spec.all or [], state)
    else:
        for branch in spec.any or []:
            yield from satisfy(branch, state)


def satisfy_all(specs: list[ConditionSpec], state: State) -> Iterator[State]:
    if not specs:
        yield state
        return
    for partial in satisfy(specs[0], state):
        yield from satisfy_all(specs[1:], partial)


def falsify(spec: ConditionSpec, state: State) -> Iterator[State]:
    """Ways of making ``spec`` not hold (false, or for ``answered`` unknown)."""
    kind = spec.kind
    if kind == "finding":
        new = copy.deepcopy(state)
        new["absent"] |= set(_codes(spec.finding or []))
        yield new
    elif kind == "no_finding":
        new = copy.deepcopy(state)
        new["seen"].add(_codes(spec.no_finding or [])[0])
        yield new
    elif kind == "answer":
        allowed = set(spec.in_ or [])
        options = sorted(FIELD_VALUES[spec.answer or ""] - allowed - {"unsure"})
        options += [v for v in ("unsure", "missing") if v not in allowed]
        for value in options[:1]:
            new = copy.deepcopy(state)
            new["answers"][spec.answer] = value
            yield new
    elif kind == "number":
        name = spec.number or ""
        step = 0.1 if name.startswith(("vitals.", "motion.")) else 1.0
        for key, bound in (("lt", spec.lt), ("le", spec.le), ("gt", spec.gt), ("ge", spec.ge)):
            if bound is None:
                continue
            flipped = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}[key]
            yield _bound(
                state, name, ConditionSpec.model_validate({"number": name, flipped: bound})
            )
            if spec.missing:
                return
        _ = step
    elif kind == "includes":
        new = copy.deepcopy(state)
        others = sorted(FIELD_VALUES[spec.includes or ""] - set(spec.any_of or []))
        new["lists"][spec.includes] = set(others[:1])
        yield new
    elif kind == "excludes":
        new = copy.deepcopy(state)
        new["lists"].setdefault(spec.excludes, set()).add(sorted(spec.any_of or [])[0])
        yield new
    elif kind == "answered":
        yield copy.deepcopy(state)
    elif kind == "all":
        yield from falsify((spec.all or [])[0], state)
    else:
        branches = spec.any or []

        def all_false(i: int, st: State) -> Iterator[State]:
            if i == len(branches):
                yield st
                return
            for new in falsify(branches[i], st):
                yield from all_false(i + 1, new)

        yield from all_false(0, state)


def materialize(state: State) -> dict[str, Any]:
    """A ``tremorwatch.assessment/1`` dict from the collected constraints."""
    data: dict[str, Any] = {"infant": {}, "episode": {}, "vitals": {}}
    bounds = dict(state["bounds"])
    age_low, age_high = bounds.pop("infant.age_days", (0, 1095))
    c_low, c_high = bounds.pop("infant.corrected_age_days", (0, 1095))
    low, high = max(age_low, c_low, 0), min(age_high, c_high, 1095)
    if low > high:
        raise ValueError("age bounds conflict")
    age = int(low if high == float("inf") else (low + high) // 2 if low > 0 else min(high, 20))
    data["infant"]["age_days"] = age
    onset = bounds.pop("episode.onset_age_days", None)
    if onset is not None:
        o_low, o_high = max(onset[0], 0), min(onset[1], age)
        if o_low > o_high:
            raise ValueError("onset bounds conflict")
        data["episode"]["first_noticed_days_ago"] = age - o_low
    for name, (lo, hi) in bounds.items():
        if lo > hi:
            raise ValueError(f"bounds conflict on {name}")
        value = lo if lo != float("-inf") else (hi if hi != float("inf") else 1.0)
        if lo == float("-inf") and hi != float("inf"):
            value = max(hi, 0.0)
        section, field = name.split(".", 1)
        data.setdefault(section, {})[field] = round(value, 2)
    for name, value in state["answers"].items():
        if value == "missing":
            continue
        section, field = name.split(".", 1)
        data.setdefault(section, {})[field] = value
    for name, values in state["lists"].items():
        section, field = name.split(".", 1)
        data.setdefault(section, {})[field] = sorted(values)
    if state["seen"] or state["absent"]:
        data["findings"] = sorted(state["seen"])
    if not data.get("motion"):
        data.pop("motion", None)
    return data


def fires(rule: Rule, data: dict[str, Any]) -> bool:
    result = evaluate(parse_assessment(data))
    return rule.id in {r.rule_id for r in result.reasons}


def witness(rule: Rule) -> dict[str, Any]:
    for state in itertools.islice(satisfy_all(list(rule.spec.when), _new_state()), 200):
        try:
            data = materialize(state)
        except ValueError:
            continue
        if fires(rule, data):
            return data
    raise AssertionError(f"no assessment found that fires {rule.id}")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_witness(rule: Rule) -> None:
    data = witness(rule)
    result = evaluate(parse_assessment(data))
    assert rule.id in [r.rule_id for r in result.reasons]
    reason = next(r for r in result.reasons if r.rule_id == rule.id)
    assert reason.sources, "every reason carries its sources"
    if not rule.reassures:
        assert result.disposition.urgency >= rule.disposition.urgency


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_does_not_fire_on_a_near_miss(rule: Rule) -> None:
    """Turn each condition false in turn; the rule must not fire for any of them."""
    base = witness(rule)
    conditions = list(rule.spec.when)
    checked = 0
    for index, condition in enumerate(conditions):
        others = conditions[:index] + conditions[index + 1 :]
        for state in itertools.islice(satisfy_all(others, _new_state()), 50):
            found = False
            for near in falsify(condition, state):
                try:
                    data = materialize(near)
                except ValueError:
                    continue
                assert not fires(rule, data), f"{rule.id} fired without condition {index}: {data}"
                checked += 1
                found = True
                break
            if found:
                break
    expected = len(conditions) - len(UNBUILDABLE.get(rule.id, ()))
    assert checked == expected, f"near misses built for {checked} of {expected} conditions ({base})"
