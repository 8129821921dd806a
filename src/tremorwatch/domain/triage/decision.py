"""From facts to a disposition: absolute rules, then the differential, then home care.

How a disposition is reached
----------------------------
1. **Rules are floors.** Every rule (``rules/*.yaml``) is a three-valued test; a rule that
   certainly holds sets a minimum level. Red flags are emergency rules, so any emergency sign
   gives ``emergency`` whatever the differential says; named situations with a guideline level
   (spasms seen, maternal opioids, Graves disease ...) give that level.
2. **The differential decides above the floors.** The posterior over the cause codes
   (:mod:`.differential`) gives ``P(a cause needing at least level L)``; the most urgent level
   whose probability reaches its threshold (``differential.yaml``, with the reasoning) is the
   differential's level.
3. **Unsure is never reassuring.** For each seizure-vs-benign question answered ``unsure``, the
   level is the more urgent of "unknown" (marginalised) and "the reassuring answer": so turning
   a reassuring answer into ``unsure`` can never lower the level.
4. **Home care needs a positive benign pattern.** Below every threshold the answer is home
   care only when a benign pattern's defining features are all present; otherwise routine
   ("not yet reassured"). A present pattern's own cause counts at home care in the
   thresholds, whatever its level in the age band (age alone does not override a recognised
   benign pattern; the patterns carry the sources' age limits). And the floor holds while any caregiver question not yet answered
   (or answered ``unsure``) could still raise the level: home care is never given on unknowns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Final

from tremorwatch.domain.triage.conditions import TRUE
from tremorwatch.domain.triage.differential import BenignPattern
from tremorwatch.domain.triage.facts import Facts
from tremorwatch.domain.triage.loader import Rule, RuleSet

#: With more ``unsure`` discriminators than this, only single substitutions and "all
#: reassuring" are tried (2**n combinations would cost too much; 4 gives at most 16).
MAX_UNSURE_COMBINATIONS: Final = 4


@dataclass(frozen=True)
class Core:
    """The level before the "unanswered questions" floor, and what it rests on."""

    level: int
    rule_level: int
    differential_level: int
    fired: tuple[Rule, ...]
    band: int
    posterior: tuple[float, ...]
    states: tuple[int, ...]
    pattern: BenignPattern | None
    #: the level was raised because an ``unsure`` answer's reassuring reading gave more
    raised_by_unsure: bool
    #: the level from the thresholds alone (before "no benign pattern -> routine")
    probability_level: int
    #: every rule's status (as ``RuleSet.statuses``) and the unnormalised log posterior
    statuses: tuple[int, ...]
    scores: tuple[float, ...]
    #: how many seizure-vs-benign discriminators were answered ``unsure``
    unsure: int
    #: per benign pattern: present (all its defining features hold)
    present: tuple[bool, ...]
    #: the highest log score, and exp(score - top) per cause (unnormalised posterior)
    top: float
    weights: tuple[float, ...]


def core(rs: RuleSet, facts: Facts) -> Core:
    """The level from the rules and the differential (steps 1-3 and the pattern of step 4)."""
    statuses = rs.statuses(facts)
    fired = tuple(r for r, s in zip(rs.rules, statuses, strict=True) if s == TRUE)
    rlevel = max((r.urgency for r in fired), default=0)
    diff = rs.differential
    band = diff.band(facts)
    states = diff.feature_states(facts)
    unsure_count = diff.unsure_count(facts)
    scores = diff.log_scores(band, states, unsure_count)
    top = max(scores)
    posterior = diff.normalise(scores)
    present = diff.patterns_present(facts)
    dlevel = probability_level = diff.level(band, posterior, diff.harmless(band, present))
    pattern = next((p for p, here in zip(diff.benign_patterns, present, strict=True) if here), None)
    if dlevel == 0 and pattern is None:
        dlevel = 1
    raised = False
    if unsure_count and dlevel < 4:
        level = _readings_level(
            rs, facts, band=band, states=states, scores=scores, present=present, level=dlevel
        )
        if level > dlevel:
            dlevel, raised = level, True
    return Core(
        level=max(rlevel, dlevel),
        rule_level=rlevel,
        differential_level=dlevel,
        fired=fired,
        band=band,
        posterior=tuple(posterior),
        states=tuple(states),
        pattern=pattern,
        raised_by_unsure=raised,
        probability_level=probability_level,
        statuses=tuple(statuses),
        scores=tuple(scores),
        unsure=unsure_count,
        present=present,
        top=top,
        weights=tuple(math.exp(s - top) for s in scores),
    )


def _pattern_level(rs: RuleSet, band: int, scores: list[float], present: Sequence[bool]) -> int:
    """The differential's level of ``scores`` with step 4's first half: a present benign
    pattern's cause counts at home care, and below every threshold the level is routine
    unless a benign pattern is present."""
    level = rs.differential.pattern_level(band, scores, present)
    if level == 0 and not any(present):
        return 1
    return level


def _changed_patterns(
    rs: RuleSet, facts: Facts, present: Sequence[bool], patterns: Iterable[int]
) -> Sequence[bool]:
    """``present`` with the patterns ``patterns`` re-tested on ``facts``."""
    out = None
    for i in patterns:
        here = rs.differential.benign_patterns[i].present(facts)
        if here != present[i]:
            if out is None:
                out = list(present)
            out[i] = here
    return present if out is None else out


def _readings_level(
    rs: RuleSet,
    facts: Facts,
    *,
    band: int,
    states: list[int],
    scores: list[float],
    present: Sequence[bool],
    level: int,
) -> int:
    """Step 3: the most urgent of ``level`` and the levels of the reassuring readings of the
    ``unsure`` discriminators in ``facts`` (whose feature states and log scores are
    ``states`` and ``scores``). A reading is judged with the unsure count of the real answers,
    so "several unsure answers" keeps its weight in every reading; only the features that read
    a substituted answer are re-checked."""
    diff = rs.differential
    unsure = [
        (name, value) for name, value in diff.unsure_discriminators if facts[name] == "unsure"
    ]
    for subset in _subsets(unsure):
        variant = dict(facts)
        variant.update(subset)
        changed = {i for name, _ in subset for i in diff.features_reading.get(name, ())}
        patterns = {i for name, _ in subset for i in diff.patterns_reading.get(name, ())}
        reading = list(scores)
        for i in changed:
            new = diff.features[i].condition.test(variant)
            if new != states[i]:
                diff.add_feature(reading, i, states[i], -1.0)
                diff.add_feature(reading, i, new, 1.0)
        now = _changed_patterns(rs, variant, present, patterns)
        level = max(level, _pattern_level(rs, band, reading, now))
        if level == 4:
            break
    return level


def _subsets(items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    if len(items) <= MAX_UNSURE_COMBINATIONS:
        return [list(c) for n in range(1, len(items) + 1) for c in combinations(items, n)]
    return [[item] for item in items] + [items]


def changed_level(
    rs: RuleSet,
    base: Core,
    facts: Facts,
    *,
    rules: tuple[int, ...],
    features: tuple[int, ...],
    patterns: tuple[int, ...],
    other_rules_level: int,
) -> int:
    """The level of ``facts``, which differ from ``base``'s facts only in what the rules
    ``rules``, the features ``features`` and the benign patterns ``patterns`` read: only those
    are re-checked, the rest is taken from ``base``; ``other_rules_level`` is the most urgent
    fired rule outside ``rules``.
    Same result as ``core(rs, facts).level`` (``tests/domain/triage/test_decision.py``
    compares them)."""
    rlevel = other_rules_level
    for i in rules:
        rule = rs.rules[i]
        if rule.urgency > rlevel and rule.check(facts) == TRUE:
            rlevel = rule.urgency
    if rlevel == 4:
        return 4
    diff = rs.differential
    band = diff.band(facts)
    unsure = diff.unsure_count(facts)
    present = _changed_patterns(rs, facts, base.present, patterns)
    if band != base.band:
        states = diff.feature_states(facts)
        scores = diff.log_scores(band, states, unsure)
        dlevel = _pattern_level(rs, band, scores, present)
    else:
        # only the changed features' causes get new weights (relative to base's top score)
        states = list(base.states)
        scores = list(base.scores)
        touched: set[int] = set()
        for i in features:
            old, new = states[i], diff.features[i].condition.test(facts)
            if old != new:
                diff.add_feature(scores, i, old, -1.0)
                diff.add_feature(scores, i, new, 1.0)
                states[i] = new
                touched.update(diff.feature_causes[i])
        if unsure != base.unsure:
            diff.add_unsure(scores, base.unsure, -1.0)
            diff.add_unsure(scores, unsure, 1.0)
            touched.update(diff.unsure_causes)
        weights = list(base.weights)
        exp, top = math.exp, base.top
        for i in touched:
            weights[i] = exp(scores[i] - top)
        dlevel = diff.level_of_weights(band, weights, diff.harmless(band, present))
        if dlevel == 0 and not any(present):
            dlevel = 1
    if unsure and dlevel < 4:
        dlevel = _readings_level(
            rs, facts, band=band, states=states, scores=scores, present=present, level=dlevel
        )
    return max(rlevel, dlevel)
