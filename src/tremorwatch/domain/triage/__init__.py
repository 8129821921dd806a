"""The triage engine: from a caregiver's answers to a safe, explained disposition.

Contract (other parts of tremorwatch build on exactly this)::

    from tremorwatch.domain.triage import evaluate, load_ruleset, RuleSet

    result = evaluate(assessment)               # TriageResult; never raises on valid input
    result = evaluate(assessment, ruleset=rs)   # with a ruleset of your own
    rs = load_ruleset()                         # packaged rules, loaded once and cached
    rs = load_ruleset(Path("my_rules"))         # a directory holding ruleset.yaml
    rs.version, rs.rules, rs.rule("seizure.continues_when_held")

    from tremorwatch.domain.triage.questions import QUESTIONS, Question, next_questions_for

* :func:`evaluate` works on partial answers (only ``infant.age_days`` is required). A missing
  or ``unsure`` answer never gives a less urgent disposition than the reassuring answer would:
  home care needs a benign-pattern rule whose reassuring answers were all given.
* Rules, texts and the interview catalogue are YAML data files with provenance under
  ``data/`` (``ruleset.yaml`` lists the rule files and the version). They are validated and
  compiled when loaded; a broken file raises :class:`~tremorwatch.errors.RuleSetError` naming
  the file, the rule id and the problem. Evaluation does no YAML or pydantic work per call.
* Question fields: a dotted assessment path (``"episode.stops_with_gentle_hold"``) or
  ``"findings:<group>"`` for a checklist of finding codes; see
  :mod:`tremorwatch.domain.triage.catalogue`.

* Speed: each rule's conditions are compiled once into generated Python (:mod:`.codegen`;
  all rules in one function for the decision) plus per-condition closures
  (:mod:`.conditions`) for explanations and the next-question search. Parsed YAML is cached
  in ``data/_parsed_snapshot.json`` (checked against each file's SHA-256; validation still runs
  at every load).

* The next-question search (:mod:`.search`) is exact but prunes: only the rules an answer
  can affect are re-checked, only above the level an unaffected fired rule already holds, and
  a question stops at the most urgent answer it can reach. ``tests/domain/triage/test_search``
  compares it with the plain exhaustive search.

Modules: :mod:`.schema` (file schema), :mod:`.facts` (assessment -> facts), :mod:`.conditions`
(three-valued compiled tests), :mod:`.codegen`, :mod:`.loader`, :mod:`.engine`, :mod:`.search`
(next questions), :mod:`.catalogue` and :mod:`.questions` (the interview).

Rule files (``data/rules/*.yaml``): ``emergency`` (seizure signs, status, breathing, colour,
injury, poisoning), ``infection`` (fever by age, danger signs, feeding, jaundice), ``metabolic``
(glucose, calcium/magnesium, dehydration, thyroid, B12), ``exposure`` (withdrawal, vitamin K,
lead, medicines, birth and family history), ``neurology`` (spasms, hyperekplexia, focal signs,
development, tone, clonus), ``age_persistence`` (3 and 6 months, new onset, course, impact),
``patterns`` (shuddering, benign myoclonus, gratification, Sandifer) and ``benign`` (the only
rules that can give home care, and informative rules that add benign causes).
"""

from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.domain.triage.loader import Rule, RuleSet, load_ruleset

__all__ = ["Rule", "RuleSet", "evaluate", "load_ruleset"]
