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

Modules: :mod:`.schema` (file schema), :mod:`.facts` (assessment -> facts), :mod:`.conditions`
(three-valued compiled tests), :mod:`.loader`, :mod:`.engine`, :mod:`.catalogue` and
:mod:`.questions` (the interview).
"""

from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.domain.triage.loader import Rule, RuleSet, load_ruleset

__all__ = ["Rule", "RuleSet", "evaluate", "load_ruleset"]
