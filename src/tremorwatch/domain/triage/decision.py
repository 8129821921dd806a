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
3. **Unsure is never reassuring.** A seizure-vs-benign question answered ``unsure`` is read
   as unknown (marginalised) and as its reassuring answer, and the more urgent result counts;
   so is one left out while it would be asked (leaving it out is never more reassuring than its
   reassuring answer: a "no" to clusters can raise a seizure's share by lowering infantile
   spasms). Where the differential says a caregiver cannot judge the sign and delay harms
   (``unsure_reads_concerning``: clusters), an ``unsure`` is also read as the concerning
   answer. Rules re-checked in each reading too, so turning a reassuring answer into
   ``unsure``, or leaving it out, can never lower the level.
4. **Home care needs a positive benign pattern.** Below every threshold the answer is home
   care only when a benign pattern's defining features are all present; otherwise routine
   ("not yet reassured"). A present pattern's own cause counts at home care in the
   thresholds, whatever its level in the age band (age alone does not override a recognised
   benign pattern; the patterns carry the sources' age limits). And the floor holds while any caregiver question not yet answered
   (or answered ``unsure``) could still raise the level: home care is never given on unknowns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Final

from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.conditions import TRUE
from tremorwatch.domain.triage.differential import BenignPattern
from tremorwatch.domain.triage.facts import Facts
from tremorwatch.domain.triage.loader import Rule, RuleSet

#: With more combinations of "unsure" readings than this, only single readings, "every unsure
#: at its reassuring answer" and "every unsure at its most urgent single reading" are tried.
MAX_READING_COMBINATIONS: Final = 26


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
    #: the level was raised because a reading of an ``unsure`` or left-out answer gave more
    raised_by_unsure: bool
    #: the fields whose readings raised it (empty when not raised)
    raised_by: tuple[str, ...]
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
    raised: tuple[str, ...] = ()
    if max(rlevel, dlevel) < 4:
        level, raised = _readings_level(
            rs,
            facts,
            band=band,
            states=states,
            scores=scores,
            present=present,
            level=max(rlevel, dlevel),
        )
        if level > max(rlevel, dlevel):
            dlevel = level
        else:
            raised = ()
    return Core(
        level=max(rlevel, dlevel),
        rule_level=rlevel,
        differential_level=dlevel,
        fired=fired,
        band=band,
        posterior=tuple(posterior),
        states=tuple(states),
        pattern=pattern,
        raised_by_unsure=bool(raised),
        raised_by=raised,
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


def readings(rs: RuleSet, facts: Facts) -> list[tuple[str, tuple[str, ...]]]:
    """Each unknown seizure-vs-benign answer of ``facts`` with the answers it is read as
    (step 3): an ``unsure`` as its reassuring answer (and as its concerning one where the
    differential says so, ``unsure_reads_concerning``), a question left out while it would be
    asked as its reassuring answer."""
    out = []
    for name, answers in rs.differential.unsure_readings:
        value = facts.get(name)
        if value == "unsure":
            out.append((name, answers))
        elif value is None and _asked(rs, name, facts):
            out.append((name, answers[:1]))
    return out


def _asked(rs: RuleSet, field: str, facts: Facts) -> bool:
    """Whether the question of ``field`` is put to a caregiver with these answers (its
    ``ask_if``); a field no question asks is always read."""
    question = _questions(rs).get(field)
    if question is None or question.ask_if is None:
        return True
    other, values = question.ask_if
    value = facts.get(other)
    return (value if value is not None else "missing") in values


def _questions(rs: RuleSet) -> dict[str, Question]:
    cached = _QUESTIONS.get(id(rs))
    if cached is not None and cached[0] is rs:
        return cached[1]
    out = {q.field: q for q in rs.questions}
    _QUESTIONS[id(rs)] = (rs, out)
    return out


_QUESTIONS: dict[int, tuple[RuleSet, dict[str, Question]]] = {}


def _readings_level(
    rs: RuleSet,
    facts: Facts,
    *,
    band: int,
    states: list[int],
    scores: list[float],
    present: Sequence[bool],
    level: int,
) -> tuple[int, tuple[str, ...]]:
    """Step 3: the most urgent of ``level`` and the levels of the readings of the unknown
    answers in ``facts`` (:func:`readings`; ``states`` and ``scores`` are its feature states
    and log scores), with the fields of the reading that gave it (empty if none gave more).
    A reading is judged with the unsure count of the real answers, so "several unsure
    answers" keeps its weight in every reading; only the rules, features and benign patterns
    that read a substituted answer are re-checked."""
    found = readings(rs, facts)
    if not found:
        return level, ()
    # an "unsure" is read in combination with the others; a left-out question alone (its
    # principle is about that one question, and combining them would cost 2**n readings)
    unknown = [(name, answers) for name, answers in found if facts.get(name) == "unsure"]
    left_out = [(name, answers[0]) for name, answers in found if facts.get(name) != "unsure"]
    diff = rs.differential
    best: tuple[str, ...] = ()

    def judge(subset: Sequence[tuple[str, str]]) -> int:
        variant = dict(facts)
        variant.update(subset)
        rlevel = 0
        for name, _ in subset:
            for i in rs.rules_by_question.get(name, ()):
                rule = rs.rules[i]
                if rule.urgency > rlevel and rule.check(variant) == TRUE:
                    rlevel = rule.urgency
        if rlevel == 4:
            return 4
        changed = {i for name, _ in subset for i in diff.features_reading.get(name, ())}
        patterns = {i for name, _ in subset for i in diff.patterns_reading.get(name, ())}
        reading = list(scores)
        for i in changed:
            new = diff.features[i].condition.test(variant)
            if new != states[i]:
                diff.add_feature(reading, i, states[i], -1.0)
                diff.add_feature(reading, i, new, 1.0)
        now = _changed_patterns(rs, variant, present, patterns)
        return max(rlevel, _pattern_level(rs, band, reading, now))

    for single in left_out:
        got = judge([single])
        if got > level:
            level, best = got, (single[0],)
            if level == 4:
                return level, best
    if not unknown:
        return level, best
    total = math.prod(1 + len(answers) for _, answers in unknown) - 1
    subsets: Iterable[list[tuple[str, str]]]
    if total <= MAX_READING_COMBINATIONS:
        subsets = _every_combination(unknown)
    else:
        # too many to try all: each single reading, then every unknown at its first answer
        # (the reassuring one of a left-out question) and at its most urgent single reading
        worst: list[tuple[str, str]] = []
        for name, answers in unknown:
            top, pick = -1, answers[0]
            for answer in answers:
                got = judge([(name, answer)])
                if got > level:
                    level, best = got, (name,)
                    if level == 4:
                        return level, best
                if got > top:
                    top, pick = got, answer
            worst.append((name, pick))
        subsets = [[(name, answers[0]) for name, answers in unknown], worst]
    for subset in subsets:
        got = judge(subset)
        if got > level:
            level, best = got, tuple(name for name, _ in subset)
            if level == 4:
                break
    return level, best


def _every_combination(
    unknown: list[tuple[str, tuple[str, ...]]],
) -> Iterator[list[tuple[str, str]]]:
    """Every combination of readings: each unknown kept unknown or read as one of its answers
    (all kept unknown is the base level, so it is left out)."""
    options = [[None, *((name, a) for a in answers)] for name, answers in unknown]
    for chosen in product(*options):
        subset = [c for c in chosen if c is not None]
        if subset:
            yield subset


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
    level = max(rlevel, dlevel)
    if level < 4:
        level, _ = _readings_level(
            rs, facts, band=band, states=states, scores=scores, present=present, level=level
        )
    return level
