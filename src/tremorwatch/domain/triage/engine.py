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
the disposition. Candidates are the questions read by rules that could still fire (status
UNKNOWN) or that fired on a missing answer; each candidate is checked exactly by re-evaluating
only the rules that read it, with each possible answer. Most important first: questions that
could lead to an emergency before those that could only lower the answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.codes import Cause, Disposition, Likelihood
from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.conditions import TRUE, UNKNOWN
from tremorwatch.domain.triage.facts import DERIVED_FROM, Facts, derive, facts_from
from tremorwatch.domain.triage.loader import Rule, RuleSet, load_ruleset
from tremorwatch.domain.triage_result import (
    PossibleCause,
    Reason,
    TriageResult,
)

BASELINE_RULE_ID: Final = "baseline.not_yet_reassured"
_LIKELIHOOD_RANK: Final = {Likelihood.LIKELY: 0, Likelihood.POSSIBLE: 1, Likelihood.LESS_LIKELY: 2}
_SOURCES_FROM: Final = frozenset(DERIVED_FROM.values())


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
    rules = rs.rules
    statuses = rs.statuses(facts)
    # One pass: the rules that fired and how many fired per urgency level (-1: reassuring).
    counts = [0, 0, 0, 0, 0, 0]
    fired = []
    for rule, status in zip(rules, statuses, strict=True):
        if status == TRUE:
            fired.append(rule)
            counts[rule.level] += 1
    disposition = _disposition_from_counts(counts)
    fired.sort(key=_reason_order)
    texts = rs.texts
    reasons: list[Reason] = [r.reason for r in fired]
    baseline = not counts[-1] and not any(counts[1:5])
    if baseline:
        reasons.append(_baseline_reason(rs))
    headline = next(
        (
            r.headline
            for r in fired
            if r.headline and (r.urgency == disposition.urgency or (r.reassures and not baseline))
        ),
        texts.dispositions[disposition].headline,
    )
    return TriageResult.model_construct(
        disposition=disposition,
        headline=headline,
        reasons=reasons,
        possible_causes=_causes(fired, facts, rs),
        advice=_advice(disposition, fired, rs),
        next_questions=[
            rs.next_question[q.field]
            for q in _next_questions(rs, facts, statuses, counts, disposition)
        ],
        suggested_evaluation=_dedupe(text for r in fired for text in r.evaluation),
        ruleset_version=rs.version,
        notice=texts.notice,
    )


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
    best: dict[Cause, tuple[int, int, int, list[str]]] = {}
    for order, rule in enumerate(fired):
        if not rule.causes:
            continue
        why = [p for c in rule.conditions if (p := c.phrase(facts))]
        for cause, likelihood in rule.causes:
            rank = _LIKELIHOOD_RANK[likelihood]
            current = best.get(cause)
            if current is None:
                best[cause] = (rank, -rule.urgency, order, list(why))
                continue
            merged = current[3] + [w for w in why if w not in current[3]]
            if rank < current[0]:
                best[cause] = (rank, -rule.urgency, current[2], merged)
            else:
                best[cause] = (current[0], current[1], current[2], merged)
    ranked = sorted(best.items(), key=lambda item: item[1][:3])
    return [_possible_cause(rs, cause, rank, tuple(why)) for cause, (rank, _, _, why) in ranked]


_CAUSE_CACHE: dict[tuple[int, Cause, int, tuple[str, ...]], PossibleCause] = {}
_LIKELIHOODS: Final = list(_LIKELIHOOD_RANK)


def _possible_cause(rs: RuleSet, cause: Cause, rank: int, why: tuple[str, ...]) -> PossibleCause:
    """A (frozen, shared) PossibleCause; results are immutable, so equal entries are reused."""
    key = (id(rs), cause, rank, why)
    found = _CAUSE_CACHE.get(key)
    if found is None:
        if len(_CAUSE_CACHE) > 4096:
            _CAUSE_CACHE.clear()
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


def _unanswered(question: Question, facts: Facts) -> bool:
    if question.kind == "findings":
        checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
        return not question.finding_codes <= checked
    value = facts.get(question.field)
    return value is None or value == "unsure"


def _candidates(
    rs: RuleSet, facts: Facts, statuses: list[int], disposition: Disposition
) -> set[str]:
    """Questions that might change the disposition (checked exactly afterwards)."""
    out: set[str] = set()
    urgency = disposition.urgency
    baseline = disposition is Disposition.ROUTINE
    for rule, status in zip(rs.rules, statuses, strict=True):
        if status == UNKNOWN:
            relevant = baseline if rule.reassures else rule.urgency > urgency
            if not relevant:
                continue
            # One answer can make the rule fire only if every unknown condition reads it.
            common: set[str] | None = None
            for cond, asks in zip(rule.conditions, rs.condition_questions[rule.id], strict=True):
                if cond.test(facts) == UNKNOWN:
                    common = set(asks) if common is None else common & asks
                    if not common:
                        break
            if common:
                out |= common
        elif status == TRUE and (rule.urgency == urgency or rule.reassures):
            out |= rs.rule_questions[rule.id]
    return out


def _variants(
    question: Question, facts: Facts, rs: RuleSet
) -> Iterator[tuple[Facts, tuple[int, ...]]]:
    """The fact changes of each way of answering ``question`` that could matter, each with the
    indices of the rules that answer can affect (most alarming answers first)."""
    name = question.field
    if question.kind == "findings":
        checked = facts["findings_checked"] | question.finding_codes  # type: ignore[operator]
        seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
        for code in sorted(question.finding_codes - seen):
            changes = {"findings_checked": checked, "findings": seen | {code}}
            yield changes, rs.finding_variant_rules[code]
        yield {"findings_checked": checked}, rs.rules_by_question.get(name, ())
        return
    indices = rs.rules_by_question.get(name, ())
    values: Sequence[object]
    if question.kind == "multi_choice":
        # A list fact is only "unanswered" when missing (None): a code can only make rules
        # that read that code (or ask that the list was answered) fire.
        lists = rs.list_variant_rules
        for choice in question.choices:
            yield {name: frozenset({choice.value})}, lists.get((name, choice.value), ())
        yield {name: frozenset()}, lists.get((name, ""), ())
        return
    if question.kind in ("yes_no_unsure", "choice"):
        values = [c.value for c in question.choices if c.value != facts.get(name)]
    else:
        values = _number_probes(question, facts, rs)
    derived = name in _SOURCES_FROM
    for value in values:
        if derived:
            changed = {k: facts[k] for k in _DERIVE_INPUTS}
            changed[name] = value
            derive(changed)
            yield changed, indices
        else:
            yield {name: value}, indices


_DERIVE_INPUTS: Final = (
    "infant.age_days",
    "infant.gestational_age_weeks",
    "episode.first_noticed_days_ago",
)


_PROBES: dict[tuple[int, str], list[float]] = {}


def _number_probes(question: Question, facts: Facts, rs: RuleSet) -> list[float]:
    """Answers to try for a number question: each rule threshold, just below and just above.

    Gestational age is tried week by week (it moves the corrected age); the days since first
    noticed are tried around the onset-age thresholds, which depend on the baby's age.
    """
    name = question.field
    if name == "episode.first_noticed_days_ago":
        age = float(facts["infant.age_days"])  # type: ignore[arg-type]
        bounds = rs.thresholds.get("episode.onset_age_days", ())
        raw = [age - b + d for b in bounds for d in (-1.0, 0.0, 1.0)] + [0.0, age]
        return sorted({min(max(v, 0.0), age) for v in raw})
    key = (id(rs), name)
    probes = _PROBES.get(key)
    if probes is None:
        if name == "infant.gestational_age_weeks":
            probes = [float(w) for w in range(22, 45)] + [36.5]
        else:
            bounds = rs.thresholds.get(name, ())
            raw = [b + d for b in bounds for d in (-0.01, 0.0, 0.01)] + [0.0]
            low = question.minimum if question.minimum is not None else 0.0
            high = question.maximum if question.maximum is not None else float("inf")
            probes = sorted({v for v in raw if low <= v <= high})
        _PROBES[key] = probes
    return probes


def _next_questions(
    rs: RuleSet, facts: Facts, statuses: list[int], counts: list[int], disposition: Disposition
) -> list[Question]:
    """Unanswered questions one answer to which changes ``disposition``.

    ``counts`` holds the number of fired rules per urgency level (index -1: reassuring); a
    variant answer only changes the counts of the rules that read the question.
    """
    candidates = _candidates(rs, facts, statuses, disposition)
    if not candidates:
        return []
    scored: list[tuple[int, int, Question]] = []
    rules = rs.rules
    for position, question in enumerate(rs.questions):
        if question.field not in candidates or not _unanswered(question, facts):
            continue
        best = -1
        for changes, indices in _variants(question, facts, rs):
            # Try the answer in place (no copy of the facts), then put the facts back.
            saved = {key: facts[key] for key in changes}
            facts.update(changes)
            new_counts = list(counts)
            try:
                for i in indices:
                    rule = rules[i]
                    now = rule.check(facts) == TRUE
                    if (statuses[i] == TRUE) != now:
                        new_counts[rule.level] += 1 if now else -1
            finally:
                facts.update(saved)
            outcome = _disposition_from_counts(new_counts)
            if outcome is not disposition and outcome.urgency > best:
                best = outcome.urgency
                if best == _MOST_URGENT:
                    break
        if best >= 0:
            scored.append((-best, position, question))
    scored.sort(key=lambda item: item[:2])
    return [q for _, _, q in scored]
