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

* Speed: each condition is compiled once, when loaded, into a three-valued closure
  (:mod:`.conditions`); the same closures decide, explain and drive the next-question search.
  Parsed YAML is cached in ``data/_parsed_snapshot.json`` (checked against each file's SHA-256;
  validation still runs at every load).

* The decision (:mod:`.decision`): rules as floors, the probabilistic differential
  (:mod:`.differential`, ``data/differential.yaml``) above them, home care only on a present
  benign pattern. The next-question search (:mod:`.voi`) tries every answer of every open
  question and re-checks only the rules and features that answer reads;
  ``tests/domain/triage/test_decision.py`` compares that shortcut with the full decision.

Modules: :mod:`.schema` (file schema), :mod:`.facts` (assessment -> facts), :mod:`.conditions`
(three-valued compiled tests), :mod:`.loader`, :mod:`.differential`, :mod:`.decision`,
:mod:`.engine`, :mod:`.voi` (next questions), :mod:`.catalogue` and :mod:`.questions` (the
interview).

Rule files (``data/rules/*.yaml``): ``emergency`` (seizure signs, status, breathing, colour,
injury, poisoning), ``infection`` (fever by age, danger signs, feeding, jaundice), ``metabolic``
(glucose, calcium/magnesium, dehydration, thyroid, B12), ``exposure`` (withdrawal, vitamin K,
lead, medicines, birth and family history), ``neurology`` (spasms, hyperekplexia, focal signs,
tone). Age, persistence and the benign patterns (sleep starts, startle, jitteriness,
shuddering, benign myoclonus, gratification, Sandifer ...) live in ``differential.yaml``.
"""

from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.domain.triage.loader import Rule, RuleSet, load_ruleset

__all__ = ["Rule", "RuleSet", "evaluate", "load_ruleset"]
