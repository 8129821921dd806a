"""Evaluate an assessment against a compiled ruleset: disposition, reasons, causes, advice.

How the disposition is decided
------------------------------
1. Every rule's conditions are evaluated in three-valued logic (:mod:`.conditions`); a rule
   fires only when all of them certainly hold.
2. The disposition is the most urgent disposition of the rules that fired.
3. Home care needs proof: if no rule more urgent than home care fired, the answer is home care
   only when a *reassuring* rule (a benign pattern whose prerequisites - e.g. "stops when the
   leg is held" and "no warning signs" - were all answered reassuringly) fired; otherwise it
   is routine ("not yet reassured"). So a missing or ``unsure`` answer can never give a less
   urgent result than the reassuring answer would.

Next questions
--------------
An unanswered (or ``unsure``) question is listed when some answer to it, on its own, changes
the disposition; questions that could lead to an emergency come before those that could only
lower the answer. The exact search is in :mod:`.search`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress
from typing import Any, Final

from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.codes import Cause, Disposition
from tremorwatch.domain.triage.conditions import TRUE
from tremorwatch.domain.triage.facts import Facts, facts_from
from tremorwatch.domain.triage.loader import LIKELIHOOD_RANK, Rule, RuleSet, load_ruleset
from tremorwatch.domain.triage.search import next_questions, plan_for
from tremorwatch.domain.triage_result import (
    PossibleCause,
    Reason,
    TriageResult,
)

BASELINE_RULE_ID: Final = "baseline.not_yet_reassured"


def disposition_of(rules: tuple[Rule, ...], statuses: list[int]) -> Disposition:
    """The disposition for these rule statuses (see the module docstring)."""
    top = -1
    reassured = False
    for rule, status in zip(rules, statuses, strict=True):
        if status != TRUE:
            continue
        if rule.reassures:
            reassured = True
        elif rule.urgency > top:
            top = rule.urgency
    if top >= Disposition.ROUTINE.urgency:
        return _BY_URGENCY[top]
    return Disposition.HOME_CARE if reassured else Disposition.ROUTINE


_BY_URGENCY: Final = {d.urgency: d for d in Disposition}
#: status -> whether the rule fired (``map`` over the statuses runs in C)
_FIRES: Final = TRUE.__eq__
_MOST_URGENT: Final = Disposition.EMERGENCY.urgency


def _reason_order(rule: Rule) -> tuple[int, bool]:
    """Reasons are listed most urgent first, a reassuring rule before an informative one."""
    return (-rule.urgency, not rule.reassures)


def _disposition_from_counts(counts: list[int]) -> Disposition:
    """Like :func:`disposition_of`, from fired-rule counts per urgency (index -1: reassuring)."""
    for level in (4, 3, 2, 1):
        if counts[level]:
            return _BY_URGENCY[level]
    return Disposition.HOME_CARE if counts[-1] else Disposition.ROUTINE


def evaluate(assessment: Assessment, *, ruleset: RuleSet | None = None) -> TriageResult:
    """Triage one assessment.

    Parameters
    ----------
    assessment
        A validated assessment; only ``infant.age_days`` is required, every other answer may
        be missing or ``unsure``.
    ruleset
        The ruleset to use; default the packaged one (:func:`load_ruleset`).

    Returns
    -------
    TriageResult
        Disposition, every rule that fired with its sources, the ordered differential, advice,
        the questions that could still change the disposition, and the ruleset version.
    """
    rs = ruleset if ruleset is not None else load_ruleset()
    facts = facts_from(assessment)
    statuses = rs.statuses(facts)
    # The rules that fired, in the order their reasons are listed (the same as sorting them
    # with :func:`_reason_order`), and how many fired per urgency level (-1: reassuring).
    plan = plan_for(rs)
    fired = list(compress(plan.rules_by_reason, map(_FIRES, plan.statuses_by_reason(statuses))))
    counts = [0, 0, 0, 0, 0, 0]
    for rule in fired:
        counts[rule.level] += 1
    disposition = _disposition_from_counts(counts)
    texts = rs.texts
    reasons: list[Reason] = [r.reason for r in fired]
    baseline = not counts[-1] and not any(counts[1:5])
    if baseline:
        reasons.append(_baseline_reason(rs))
    urgency = disposition.urgency
    headline = next(
        (
            r.headline
            for r in fired
            if r.headline and (r.urgency == urgency or (r.reassures and not baseline))
        ),
        texts.dispositions[disposition].headline,
    )
    return _result(
        {
            "disposition": disposition,
            "headline": headline,
            "reasons": reasons,
            "possible_causes": _causes(fired, facts, rs),
            "advice": _advice(disposition, fired, rs),
            "next_questions": [
                rs.next_question[q.field]
                for q in next_questions(rs, facts, statuses, counts, disposition)
            ],
            "suggested_evaluation": _dedupe(text for r in fired for text in r.evaluation),
            "ruleset_version": rs.version,
            "notice": texts.notice,
        }
    )


def _result(values: dict[str, object]) -> TriageResult:
    """The result, unvalidated: the engine builds only valid values (the property tests
    validate results against the spec model)."""
    return TriageResult.model_construct(**values)  # type: ignore[arg-type]


def _baseline_reason(rs: RuleSet) -> Reason:
    return Reason.model_construct(
        rule_id=BASELINE_RULE_ID,
        disposition=Disposition.ROUTINE,
        text=rs.texts.advice["baseline_not_yet_reassured"],
        sources=["tremorwatch design rule: unknowns never reassure [I]"],
    )


def _dedupe(items: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _causes(fired: list[Rule], facts: Facts, rs: RuleSet) -> list[PossibleCause]:
    # cause -> [rank, -urgency, order of its first rule, insertion number, cause, phrases]:
    # sorting these lists orders the causes by rank, urgency and first mention (the insertion
    # number is unique, so the comparison never reaches the cause or its phrases).
    best: dict[Cause, list[Any]] = {}
    for order, rule in enumerate(fired):
        ranks = rule.cause_ranks
        if not ranks:
            continue
        why = rule.fixed_why
        if why is None:
            why = tuple(p for c in rule.conditions if (p := c.phrase(facts)))
        for cause, rank in ranks:
            current = best.get(cause)
            if current is None:
                best[cause] = [rank, -rule.urgency, order, len(best), cause, list(why)]
                continue
            merged = current[5]
            merged += [w for w in why if w not in merged]
            if rank < current[0]:
                current[0] = rank
                current[1] = -rule.urgency
    if not best:
        return []
    cache = _CAUSE_CACHE
    out = []
    rs_id = id(rs)
    for rank, _, _, _, cause, phrases in sorted(best.values()):
        key = (rs_id, cause, rank, tuple(phrases))
        found = cache.get(key)
        if found is None:
            found = _possible_cause(rs, key)
        out.append(found)
    return out


_CAUSE_CACHE: dict[tuple[int, Cause, int, tuple[str, ...]], PossibleCause] = {}
_LIKELIHOODS: Final = list(LIKELIHOOD_RANK)


def _possible_cause(rs: RuleSet, key: tuple[int, Cause, int, tuple[str, ...]]) -> PossibleCause:
    """A (frozen, shared) PossibleCause; results are immutable, so equal entries are reused."""
    if len(_CAUSE_CACHE) > 4096:
        _CAUSE_CACHE.clear()
    _, cause, rank, why = key
    found = PossibleCause.model_construct(
        id=cause, label=rs.texts.causes[cause], likelihood=_LIKELIHOODS[rank], why=list(why)
    )
    _CAUSE_CACHE[key] = found
    return found


def _advice(disposition: Disposition, fired: list[Rule], rs: RuleSet) -> list[str]:
    texts = rs.texts.dispositions[disposition]
    items = list(texts.now)
    items += [a for r in fired for a in r.advice]
    items += texts.record
    items += texts.safety_net
    return _dedupe(items)
