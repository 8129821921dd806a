"""The exact next-question search: which unanswered questions, answered, change the disposition.

An unanswered (or ``unsure``) question is listed when some answer to it, on its own, changes
the disposition; the most urgent disposition an answer can lead to orders the list (questions
that could lead to an emergency first), the catalogue order breaks ties.

How it stays exact and fast
---------------------------
* Candidates are the questions read by rules that could still fire (status UNKNOWN, and every
  unknown condition reads the question) or by the fired rules the disposition rests on.
* Each way of answering a candidate ("variant": every choice, every finding of a checklist,
  each number just below, at and above every rule threshold) changes only the rules that read
  the question (per variant for checklists and multi-choice lists); all other rules keep their
  status.
* Per variant, the rules it affects are grouped by urgency level (:class:`SearchPlan`, built
  once per ruleset). A level at which an *unaffected* rule fired is a floor: the disposition
  after the answer is at least that level, so only affected rules above the floor are checked,
  most urgent first, stopping at the first that fires. When no affected rule lies above the
  floor, every answer gives the same disposition and no rule is checked at all.
* A question stops being tried as soon as one answer reaches the most urgent disposition any
  of its answers could give.

The result equals trying every variant, re-evaluating the affected rules and recounting the
fired rules per level (``tests/domain/triage/test_search.py`` compares both).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Final

from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.codegen import compile_open_questions
from tremorwatch.domain.triage.conditions import TRUE, UNKNOWN, Test
from tremorwatch.domain.triage.facts import DERIVED_FROM, Facts, derive
from tremorwatch.domain.triage.loader import RuleSet

#: Fired-rule count levels from most to least urgent (index -1 of the counts: reassuring).
_WALK: Final = (4, 3, 2, 1, -1)
_UPPER_WALK: Final = _WALK[:-1]
_ROUTINE: Final = Disposition.ROUTINE.urgency
_MOST_URGENT: Final = Disposition.EMERGENCY.urgency
_HOME_CARE: Final = Disposition.HOME_CARE.urgency
_SOURCES_FROM: Final = frozenset(DERIVED_FROM.values())
_DERIVE_INPUTS: Final = (
    "infant.age_days",
    "infant.gestational_age_weeks",
    "episode.first_noticed_days_ago",
)

#: The rules one answer can affect, per level of :data:`_WALK`: their indices and checks.
#: Home-care-level rules that do not reassure are left out: they never decide anything.
LevelGroups = tuple[tuple[tuple[int, ...], tuple[Test, ...]], ...]
_NO_GROUPS: Final[LevelGroups] = tuple(((), ()) for _ in _WALK)
_NOTHING: Final[frozenset[str]] = frozenset()
OpenQuestions = Callable[[Facts], frozenset[str] | None]

#: Level groups prepared for one assessment: (floor level or -1, the (level, checks) above the
#: floor that can still change the answer, most urgent first, the reassuring rules' checks,
#: whether an unaffected reassuring rule fired, the outcome when it cannot vary or -1).
Prepared = tuple[int, tuple[tuple[int, tuple[Test, ...]], ...], tuple[Test, ...], bool, int]


class SearchPlan:
    """Per-ruleset lookup tables of the search (built once per ruleset, see :func:`plan_for`).

    ``by_question``, ``by_finding`` and ``by_list`` mirror the ruleset's
    ``rules_by_question``, ``finding_variant_rules`` and ``list_variant_rules`` as
    :data:`LevelGroups`; ``union`` holds, per question field, every rule any answer affects;
    :meth:`open_questions` uses a generated function per rule
    (:func:`.codegen.compile_open_questions`).
    """

    def __init__(self, rs: RuleSet) -> None:
        self._rules = rs.rules
        self._groups: dict[tuple[int, ...], LevelGroups] = {}
        #: per rule: facts -> the questions through which it could still fire; ``open_always``
        #: holds the answer instead when all the rule's conditions read the same questions
        self.open_always = tuple(
            asks[0] if asks and asks[0] and all(a == asks[0] for a in asks) else None
            for asks in (rs.condition_questions[rule.id] for rule in rs.rules)
        )
        #: (generated on first use: a process that triages once compiles only what it needs)
        self._open_functions: list[OpenQuestions | None] = [None] * len(rs.rules)
        self._finding_sets = rs.finding_sets
        self._condition_questions = rs.condition_questions
        self.by_question = {k: self._grouped(v) for k, v in rs.rules_by_question.items()}
        self.by_finding = {k: self._grouped(v) for k, v in rs.finding_variant_rules.items()}
        self.by_list = {k: self._grouped(v) for k, v in rs.list_variant_rules.items()}
        rules = rs.rules
        #: urgency -> the rules that do not reassure and are more urgent
        self.above = {
            u: tuple(i for i, r in enumerate(rules) if not r.reassures and r.urgency > u)
            for u in range(_MOST_URGENT + 1)
        }
        #: urgency -> the rules of that urgency, plus every reassuring rule
        self.resting_on = {
            u: tuple(i for i, r in enumerate(rules) if r.urgency == u or r.reassures)
            for u in range(_MOST_URGENT + 1)
        }
        self.reassuring = tuple(i for i, r in enumerate(rules) if r.reassures)
        #: the rules in the order their reasons are listed (most urgent first, a reassuring
        #: rule before an informative one, else the ruleset's order: a stable sort) and a
        #: function picking their statuses in that order from the ruleset-ordered statuses
        by_reason = sorted(
            range(len(rules)), key=lambda i: (-rules[i].urgency, not rules[i].reassures)
        )
        self.rules_by_reason = tuple(rules[i] for i in by_reason)
        self.statuses_by_reason: Callable[[list[int]], Sequence[int]] = (
            itemgetter(*by_reason) if len(by_reason) > 1 else lambda s: [s[i] for i in by_reason]
        )
        self.rule_questions = tuple(rs.rule_questions[r.id] for r in rules)
        #: question field -> (catalogue position, question, a checklist's findings or None)
        self.position = {
            q.field: (n, q, q.finding_codes if q.kind == "findings" else None)
            for n, q in enumerate(rs.questions)
        }
        #: choice question field -> current answer (None: any other) -> the other choices
        self.other_choices: dict[str, dict[object, tuple[str, ...]]] = {
            q.field: {
                current: tuple(c.value for c in q.choices if c.value != current)
                for current in (None, *(c.value for c in q.choices))
            }
            for q in rs.questions
            if q.kind in ("yes_no_unsure", "choice")
        }
        #: number question field -> the answers to try (see :func:`number_probes`)
        self.probes: dict[str, list[float]] = {}
        self.union: dict[str, LevelGroups] = {}
        for question in rs.questions:
            name = question.field
            indices = set(rs.rules_by_question.get(name, ()))
            for code in question.finding_codes:
                indices.update(rs.finding_variant_rules[code])
            for (field, _), hit in rs.list_variant_rules.items():
                if field == name:
                    indices.update(hit)
            self.union[name] = self._grouped(tuple(sorted(indices)))

    def open_questions(self, index: int, facts: Facts) -> frozenset[str]:
        """The questions through which rule ``index`` (which did not fire) could fire."""
        found = self.open_always[index]
        if found is not None:
            return found
        function = self._open_functions[index]
        if function is None:
            rule = self._rules[index]
            function = self._open_functions[index] = compile_open_questions(
                list(rule.spec.when),
                self._condition_questions[rule.id],
                sets=self._finding_sets,
                name=rule.id,
            )
        return function(facts) or _NOTHING

    def _grouped(self, indices: tuple[int, ...]) -> LevelGroups:
        found = self._groups.get(indices)
        if found is None:
            rules = self._rules
            found = tuple(
                (
                    tuple(i for i in indices if rules[i].level == level),
                    tuple(rules[i].check for i in indices if rules[i].level == level),
                )
                for level in _WALK
            )
            self._groups[indices] = found
        return found


_PLANS: weakref.WeakKeyDictionary[RuleSet, SearchPlan] = weakref.WeakKeyDictionary()


#: The last ruleset asked for (weakly) and its plan: nearly every call asks for the same one.
_LAST: list[tuple[weakref.ref[RuleSet], SearchPlan]] = []


def plan_for(rs: RuleSet) -> SearchPlan:
    """The :class:`SearchPlan` of ``rs`` (built on first use, kept while ``rs`` lives)."""
    if _LAST and _LAST[0][0]() is rs:
        return _LAST[0][1]
    plan = _PLANS.get(rs)
    if plan is None:
        plan = _PLANS[rs] = SearchPlan(rs)
    _LAST[:] = [(weakref.ref(rs), plan)]
    return plan


def _prepare(groups: LevelGroups, search: _Search) -> Prepared:
    """Split ``groups`` at the floor set by the fired rules they do not contain."""
    statuses, counts = search.statuses, search.counts
    floor = -1
    upper: list[tuple[int, tuple[Test, ...]]] = []
    for level, (indices, checks) in zip(_UPPER_WALK, groups, strict=False):
        unaffected = counts[level]
        for i in indices:
            if statuses[i] == TRUE:
                unaffected -= 1
        if unaffected:
            floor = level
            break
        if checks:
            upper.append((level, checks))
    indices, reassure_checks = groups[-1]
    unaffected = counts[-1]
    for i in indices:
        if statuses[i] == TRUE:
            unaffected -= 1
    reassured = unaffected > 0
    fixed = -1
    if not upper:
        if floor >= 0:
            fixed = floor
        elif reassured:
            fixed = _HOME_CARE
        elif not reassure_checks:
            fixed = _ROUTINE
    return floor, tuple(upper), reassure_checks, reassured, fixed


class _Search:
    """The state of one search: the facts, the rules' statuses and fired counts."""

    def __init__(self, rs: RuleSet, facts: Facts, statuses: list[int], counts: list[int]) -> None:
        self.rs = rs
        self.plan = plan_for(rs)
        self.facts = facts
        self.statuses = statuses
        self.counts = counts


def _bound(prepared: Prepared) -> int:
    """The most urgent disposition any answer covered by ``prepared`` can give."""
    floor, upper = prepared[0], prepared[1]
    if upper:
        return upper[0][0]
    return floor if floor >= 0 else _ROUTINE


def _outcome(facts: Facts, prepared: Prepared, best: int) -> int:
    """Urgency of the disposition on ``facts``, or -1 when it cannot be above ``best``."""
    floor, upper, reassure_checks, reassured, _ = prepared
    for level, checks in upper:
        if level <= best:
            return -1
        for check in checks:
            if check(facts) == TRUE:
                return level
    if floor >= 0:
        return floor
    if best >= _ROUTINE:
        return -1
    if reassured:
        return _HOME_CARE
    for check in reassure_checks:
        if check(facts) == TRUE:
            return _HOME_CARE
    return _ROUTINE


def unanswered(question: Question, facts: Facts) -> bool:
    """Whether ``question`` is still open (a checklist: some of its findings not asked)."""
    if question.kind == "findings":
        checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
        return not question.finding_codes <= checked
    value = facts.get(question.field)
    return value is None or value == "unsure"


def candidates(search: _Search, disposition: Disposition) -> set[str]:
    """Questions that might change the disposition (checked exactly afterwards): those
    through which a rule that could still fire and would matter can fire (any more urgent
    rule; a reassuring one when not yet reassured), and those read by the fired rules the
    disposition rests on (rules of its urgency and reassuring rules)."""
    out: set[str] = set()
    plan, statuses, facts = search.plan, search.statuses, search.facts
    urgency = disposition.urgency
    always = plan.open_always
    for i in plan.above[urgency]:
        if statuses[i] == UNKNOWN:
            found = always[i]
            out |= plan.open_questions(i, facts) if found is None else found
    if disposition is Disposition.ROUTINE:
        for i in plan.reassuring:
            if statuses[i] == UNKNOWN:
                out |= plan.open_questions(i, facts)
    rule_questions = plan.rule_questions
    for i in plan.resting_on[urgency]:
        if statuses[i] == TRUE:
            out |= rule_questions[i]
    return out


def _grouped_variants(
    question: Question, facts: Facts, plan: SearchPlan
) -> Iterator[tuple[Facts, LevelGroups]]:
    """Checklist and multi-choice answers: each changes its own set of rules."""
    name = question.field
    if question.kind == "findings":
        checked = facts["findings_checked"] | question.finding_codes  # type: ignore[operator]
        seen: frozenset[str] = facts["findings"]  # type: ignore[assignment]
        for code in sorted(question.finding_codes - seen):
            yield {"findings_checked": checked, "findings": seen | {code}}, plan.by_finding[code]
        yield {"findings_checked": checked}, plan.by_question.get(name, _NO_GROUPS)
        return
    # A list fact is only "unanswered" when missing (None): a code can only make rules that
    # read that code (or ask that the list was answered) fire.
    lists = plan.by_list
    for choice in question.choices:
        yield {name: frozenset({choice.value})}, lists.get((name, choice.value), _NO_GROUPS)
    yield {name: frozenset()}, lists.get((name, ""), _NO_GROUPS)


def _answer_values(question: Question, facts: Facts, search: _Search) -> Sequence[object]:
    """The answers worth trying to a single-answer question."""
    if question.kind in ("yes_no_unsure", "choice"):
        current = facts.get(question.field)
        others = search.plan.other_choices[question.field]
        return others.get(current, others[None])
    return number_probes(question, facts, search.rs, search.plan)


def number_probes(
    question: Question, facts: Facts, rs: RuleSet, plan: SearchPlan | None = None
) -> list[float]:
    """Answers to try for a number question: each rule threshold, just below and just above.

    Gestational age is tried week by week (it moves the corrected age); the days since first
    noticed are tried around the onset-age thresholds, which depend on the baby's age. Other
    numbers are only compared with thresholds, so of the probes that compare alike with every
    threshold one is kept. Extremes are tried first (largest, smallest, next largest, ...):
    they are the answers most likely to make a threshold rule fire, which ends the search of
    the question early (the order never changes the result).
    """
    name = question.field
    if name == "episode.first_noticed_days_ago":
        age = float(facts["infant.age_days"])  # type: ignore[arg-type]
        bounds = rs.thresholds.get("episode.onset_age_days", ())
        raw = [age - b + d for b in bounds for d in (-1.0, 0.0, 1.0)] + [0.0, age]
        return _extremes_first(sorted({min(max(v, 0.0), age) for v in raw}))
    known = (plan or plan_for(rs)).probes
    probes = known.get(name)
    if probes is None:
        if name == "infant.gestational_age_weeks":
            probes = [float(w) for w in range(22, 45)] + [36.5]
        else:
            bounds = rs.thresholds.get(name, ())
            raw = [b + d for b in bounds for d in (-0.01, 0.0, 0.01)] + [0.0]
            low = question.minimum if question.minimum is not None else 0.0
            high = question.maximum if question.maximum is not None else float("inf")
            distinct: dict[tuple[int, ...], float] = {}
            for value in sorted({v for v in raw if low <= v <= high}):
                distinct.setdefault(tuple((value > b) - (value < b) for b in bounds), value)
            probes = list(distinct.values())
        probes = _extremes_first(sorted(probes))
        known[name] = probes
    return probes


def _extremes_first(values: list[float]) -> list[float]:
    """``values`` (sorted) reordered largest, smallest, second largest, second smallest..."""
    out: list[float] = []
    low, high = 0, len(values) - 1
    while low <= high:
        out.append(values[high])
        if low < high:
            out.append(values[low])
        low, high = low + 1, high - 1
    return out


def _try(facts: Facts, changes: Facts, prepared: Prepared, best: int) -> int:
    """The outcome of one answer: applied in place (no copy of the facts), then undone."""
    fixed = prepared[4]
    if fixed >= 0:
        return fixed
    saved = {key: facts[key] for key in changes}
    facts.update(changes)
    try:
        return _outcome(facts, prepared, best)
    finally:
        facts.update(saved)


def _best_outcome(question: Question, search: _Search, current: int) -> int:
    """The most urgent disposition (urgency) an answer to ``question`` changes the current one
    to, or -1 when no answer changes it."""
    plan, facts, field = search.plan, search.facts, question.field
    union_groups = plan.union[field]
    union = _prepare(union_groups, search)
    if union[4] == current:
        return -1  # every answer leaves the disposition where it is
    bound = _bound(union)
    best = -1
    if question.kind in ("findings", "multi_choice"):
        for changes, groups in _grouped_variants(question, facts, plan):
            prepared = union if groups is union_groups else _prepare(groups, search)
            outcome = _try(facts, changes, prepared, best)
            if outcome != current and outcome > best:
                best = outcome
                if best >= bound:
                    break
        return best
    groups = plan.by_question.get(field, _NO_GROUPS)
    prepared = union if groups is union_groups else _prepare(groups, search)
    values = _answer_values(question, facts, search)
    if prepared[4] >= 0:  # every answer gives the same disposition
        return prepared[4] if values and prepared[4] != current else -1
    if field in _SOURCES_FROM:  # the answer moves a derived fact too
        for value in values:
            changes = {k: facts[k] for k in _DERIVE_INPUTS}
            changes[field] = value
            derive(changes)
            outcome = _try(facts, changes, prepared, best)
            if outcome != current and outcome > best:
                best = outcome
                if best >= bound:
                    break
        return best
    saved = facts[field]
    try:
        for value in values:
            facts[field] = value
            outcome = _outcome(facts, prepared, best)
            if outcome != current and outcome > best:
                best = outcome
                if best >= bound:
                    break
    finally:
        facts[field] = saved
    return best


def next_questions(
    rs: RuleSet, facts: Facts, statuses: list[int], counts: list[int], disposition: Disposition
) -> list[Question]:
    """Unanswered questions one answer to which changes ``disposition``, most urgent first.

    ``statuses`` are the rules' statuses on ``facts``; ``counts`` the number of fired rules
    per urgency level (index -1: reassuring rules). ``facts`` is changed during the search
    and restored before returning.
    """
    search = _Search(rs, facts, statuses, counts)
    wanted = candidates(search, disposition)
    if not wanted:
        return []
    current = disposition.urgency
    scored: list[tuple[int, int, Question]] = []
    position_of = search.plan.position
    checked: frozenset[str] = facts["findings_checked"]  # type: ignore[assignment]
    for field in wanted:
        position, question, codes = position_of[field]
        # inline :func:`unanswered` (``codes``: a checklist's findings, else None)
        if codes is None:
            value = facts.get(field)
            if value is not None and value != "unsure":
                continue
        elif codes <= checked:
            continue
        best = _best_outcome(question, search, current)
        if best >= 0:
            scored.append((-best, position, question))
    scored.sort(key=lambda item: item[:2])
    return [q for _, _, q in scored]
