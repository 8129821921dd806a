"""Evaluate an assessment: disposition, reasons, the explained differential, next questions.

The decision itself is in :mod:`.decision` (rules as floors, the probabilistic differential
above them, home care only on a present benign pattern and nothing open that could raise it);
the question search in :mod:`.voi`. This module turns both into a
``tremorwatch.triage-result/1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.codes import Cause, Disposition, Likelihood
from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.conditions import FALSE, TRUE
from tremorwatch.domain.triage.decision import Core, core
from tremorwatch.domain.triage.differential import Differential, Feature
from tremorwatch.domain.triage.facts import Facts, facts_from
from tremorwatch.domain.triage.loader import Rule, RuleSet, load_ruleset
from tremorwatch.domain.triage.voi import Value, values
from tremorwatch.domain.triage_result import (
    CauseEvidence,
    PossibleCause,
    Reason,
    TriageResult,
)

BASELINE_RULE_ID: Final = "baseline.not_yet_reassured"
DIFFERENTIAL_RULE_ID: Final = "differential.combined_evidence"
UNSURE_RULE_ID: Final = "differential.unsure_not_reassuring"
_BY_URGENCY: Final = {d.urgency: d for d in Disposition}
#: Posterior at or above which a cause is "likely", and "possible" (below: less likely).
LIKELY_AT: Final = 0.25
POSSIBLE_AT: Final = 0.05
#: Causes shown: at most this many, each with at least this probability (or named by a rule).
MAX_CAUSES: Final = 6
MIN_CAUSE_P: Final = 0.005
MAX_EVIDENCE: Final = 6


def disposition_of_facts(rs: RuleSet, facts: Facts) -> Disposition:
    """The disposition only (what the interview needs to know whether to stop)."""
    decided = core(rs, facts)
    level = decided.level
    if level == 0 and _floor_questions(rs, facts, values(rs, facts, 0, decided)):
        level = 1
    return _BY_URGENCY[level]


def _floor_questions(rs: RuleSet, facts: Facts, found: list[Value] | None = None) -> list[Value]:
    """Open caregiver questions with an answer that would raise the level above home care
    (background and covered questions excepted; see questions.yaml)."""
    found = values(rs, facts, 0) if found is None else found
    return [
        v
        for v in found
        if v.highest > 0
        and (
            _unsure(v.question, facts)
            or (
                v.question.holds_floor
                and not any(_answered(rs, name, facts) for name in v.question.covered_by)
            )
        )
    ]


def _unsure(question: Question, facts: Facts) -> bool:
    """Answered "not sure": an unknown, which always holds the floor."""
    return facts.get(question.field) == "unsure"


def _answered(rs: RuleSet, name: str, facts: Facts) -> bool:
    """``name`` (a field, a findings question, or ``field=value``: that answer) is given."""
    if "=" in name:
        field, wanted = name.split("=", 1)
        return facts.get(field) == wanted
    if name.startswith("findings:"):
        checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
        return rs.question(name).finding_codes <= checked
    value = facts.get(name)
    return value is not None and value != "unsure"


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
        Disposition, the rules and the combined evidence behind it with their sources, the
        ordered differential with probabilities and the findings for and against each cause,
        advice, the questions that could still change the disposition (most valuable first)
        and the ruleset version.
    """
    rs = ruleset if ruleset is not None else load_ruleset()
    facts = facts_from(assessment)
    decided = core(rs, facts)
    open_values = values(rs, facts, decided.level, decided)
    level = decided.level
    holding = _floor_questions(rs, facts, open_values) if level == 0 else []
    floor = bool(holding)
    if floor:
        level = 1
    disposition = _BY_URGENCY[level]
    texts = rs.texts
    reasons = _reasons(rs, decided, facts, floor, holding)
    headline = _headline(rs, decided, level, floor)
    advice = list(texts.dispositions[disposition].now)
    advice += [a for r in decided.fired for a in r.advice]
    if level == 0 and decided.pattern is not None:
        advice += [texts.advice[k] for k in decided.pattern.advice]
    advice += texts.dispositions[disposition].record + texts.dispositions[disposition].safety_net
    return TriageResult.model_construct(
        disposition=disposition,
        headline=headline,
        reasons=reasons,
        possible_causes=_causes(rs, decided, facts),
        advice=_dedupe(advice),
        next_questions=[rs.next_question[v.question.field] for v in open_values],
        suggested_evaluation=_dedupe(t for r in decided.fired for t in r.evaluation),
        ruleset_version=rs.version,
        notice=texts.notice,
    )


def _headline(rs: RuleSet, decided: Core, level: int, floor: bool) -> str:
    for rule in decided.fired:
        if rule.headline and rule.urgency == level:
            return rule.headline
    if level == 0 and decided.pattern is not None and not floor:
        return decided.pattern.headline
    return rs.texts.dispositions[_BY_URGENCY[level]].headline


def _reasons(
    rs: RuleSet, decided: Core, facts: Facts, floor: bool, open_values: list[Value]
) -> list[Reason]:
    fired = sorted(decided.fired, key=lambda r: -r.urgency)
    reasons: list[Reason] = [r.reason for r in fired if r.urgency > 0]
    diff = rs.differential
    words = rs.differential.spec.texts
    dlevel = decided.differential_level
    if dlevel > 0 and decided.probability_level == 0 and not decided.raised_by_unsure:
        if dlevel > decided.rule_level and not floor:
            reasons.append(
                Reason.model_construct(
                    rule_id=BASELINE_RULE_ID,
                    disposition=Disposition.ROUTINE,
                    text=words.not_reassured_pattern,
                    sources=["tremorwatch design rule: home care needs a benign pattern [I]"],
                )
            )
    elif dlevel > 0 and (dlevel >= decided.rule_level or dlevel > 1):
        top = _top_causes(diff, decided, at_least=dlevel)
        share = diff.mass_at_or_above(decided.band, decided.posterior, dlevel)
        names = ", ".join(f"{rs.texts.causes[c].lower()} ({p:.0%})" for c, p in top)
        reasons.append(
            Reason.model_construct(
                rule_id=DIFFERENTIAL_RULE_ID,
                disposition=_BY_URGENCY[dlevel],
                text=words.combined.format(percent=f"{share:.0%}", causes=names or "-"),
                sources=[
                    "tremorwatch differential: priors by age band and likelihood ratios from "
                    "the evidence summary, thresholds per level with their reasoning [I]"
                ],
            )
        )
    if decided.raised_by_unsure:
        shorts = {q.field: q.short for q in rs.questions}
        asked = ", ".join(shorts.get(name, name) for name in decided.raised_by)
        reasons.append(
            Reason.model_construct(
                rule_id=UNSURE_RULE_ID,
                disposition=_BY_URGENCY[dlevel],
                text=words.unsure.format(questions=asked),
                sources=["tremorwatch design rule: unknowns never reassure [I]"],
            )
        )
    if decided.level == 0 and decided.pattern is not None:
        pattern = decided.pattern
        reasons.append(
            Reason.model_construct(
                rule_id=pattern.id,
                disposition=Disposition.HOME_CARE,
                text=pattern.reason,
                sources=list(pattern.sources),
            )
        )
    if floor:
        asks = ", ".join(v.question.short for v in open_values)
        reasons.append(
            Reason.model_construct(
                rule_id=BASELINE_RULE_ID,
                disposition=Disposition.ROUTINE,
                text=f"{rs.texts.advice['baseline_not_yet_reassured']} "
                + words.still_open.format(questions=asks),
                sources=["tremorwatch design rule: unknowns never reassure [I]"],
            )
        )
    reasons += [r.reason for r in fired if r.urgency == 0]
    return reasons


def _top_causes(diff: Differential, decided: Core, *, at_least: int) -> list[tuple[Cause, float]]:
    levels = diff.levels[decided.band]
    ranked = sorted(
        (
            (c, p)
            for c, p, u in zip(diff.causes, decided.posterior, levels, strict=True)
            if u >= at_least
        ),
        key=lambda item: -item[1],
    )
    return [(c, p) for c, p in ranked[:3] if p >= MIN_CAUSE_P]


def _causes(rs: RuleSet, decided: Core, facts: Facts) -> list[PossibleCause]:
    """By posterior, except that the causes a fired rule of the final level calls likely come
    first (a caregiver's report of seizure signs is treated as a seizure)."""
    diff = rs.differential
    named = {cause for rule in decided.fired for cause, _ in rule.causes}
    first = {
        cause
        for rule in decided.fired
        if rule.urgency == decided.level and rule.urgency > 0
        for cause, likelihood in rule.causes
        if likelihood is Likelihood.LIKELY
    }
    ranked = sorted(
        zip(diff.causes, decided.posterior, strict=True),
        key=lambda cp: (cp[0] not in first, -cp[1]),
    )
    shown = [(c, p) for c, p in ranked if p >= MIN_CAUSE_P or c in first][:MAX_CAUSES]
    shown += [(c, p) for c, p in ranked if c in named and (c, p) not in shown]
    phrases: dict[int, str] = {}
    return [_possible_cause(rs, decided, facts, cause, p=p, phrases=phrases) for cause, p in shown]


def _possible_cause(
    rs: RuleSet, decided: Core, facts: Facts, cause: Cause, *, p: float, phrases: dict[int, str]
) -> PossibleCause:
    evidence = list(_evidence(rs, decided, facts, cause, phrases))
    evidence += [
        CauseEvidence.trusted(
            text=rule.title,
            # a rule that calls the cause less likely counts against it
            direction="against" if likelihood is Likelihood.LESS_LIKELY else "for",
            likelihood_ratio=None,
            sources=list(rule.spec.sources),
        )
        for rule in decided.fired
        for c, likelihood in rule.causes
        if c == cause
    ]
    likelihood = (
        Likelihood.LIKELY
        if p >= LIKELY_AT
        else Likelihood.POSSIBLE
        if p >= POSSIBLE_AT
        else Likelihood.LESS_LIKELY
    )
    wanted = "against" if likelihood is Likelihood.LESS_LIKELY else "for"
    why = _dedupe(e.text for e in evidence if e.direction == wanted)
    return PossibleCause.trusted(
        id=cause,
        label=rs.texts.causes[cause],
        likelihood=likelihood,
        why=why,
        probability=round(p, 4),
        evidence=evidence,
    )


def _evidence(
    rs: RuleSet, decided: Core, facts: Facts, cause: Cause, phrases: dict[int, str]
) -> Iterable[CauseEvidence]:
    """The answered features that weigh on ``cause``, strongest first (``phrases`` caches
    each feature's caregiver phrase across the causes of one result)."""
    diff = rs.differential
    states = decided.states
    items = []
    for i, when_true, when_false in diff.evidence_of[diff.cause_index[cause]]:
        state = states[i]
        if state == TRUE:
            weight, lr = when_true
        elif state == FALSE:
            weight, lr = when_false
        else:
            continue
        if lr == 1:
            continue
        phrase = phrases.get(i)
        if phrase is None:
            phrase = phrases[i] = _feature_phrase(diff, diff.features[i], state, facts)
        items.append((weight, phrase, lr, diff.features[i].source))
    items.sort(key=lambda item: -item[0])
    for _, text, lr, source in items[:MAX_EVIDENCE]:
        yield CauseEvidence.trusted(
            text=text,
            direction="for" if lr > 1 else "against",
            likelihood_ratio=lr,
            sources=list(source),
        )


def _feature_phrase(diff: Differential, feature: Feature, state: int, facts: Facts) -> str:
    phrase = feature.condition.phrase(facts)
    if not phrase or (state == FALSE and not _answer_phrase(feature, facts)):
        name = feature.id.replace("_", " ")
        phrase = name if state == TRUE else diff.spec.texts.negated.format(what=name)
    return phrase


def _answer_phrase(feature: Feature, facts: Facts) -> bool:
    """Whether the feature's phrase describes the actual answer (yes/no and choice fields
    phrase the given answer, so it also reads right when the condition does not hold)."""
    fields = feature.condition.fields
    return bool(fields) and all(
        not f.startswith("finding:") and isinstance(facts.get(f), str) for f in fields
    )


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def fired_rules(rs: RuleSet, assessment: Assessment) -> tuple[Rule, ...]:
    """The rules that fire for ``assessment`` (for tests and tools)."""
    return core(rs, facts_from(assessment)).fired
