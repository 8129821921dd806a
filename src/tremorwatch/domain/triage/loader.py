"""Load, validate and compile a ruleset directory (``ruleset.yaml`` + rule and text files).

Everything is checked here, once: YAML syntax, the schema of every file, that every code, field,
advice key and evaluation key exists, that rule ids are unique, and that every field a rule
reads can be asked by a question. A problem raises :class:`~tremorwatch.errors.RuleSetError`
naming the file, the rule id (where there is one) and what is wrong, so a broken rule file
stops the program at start-up instead of giving a wrong answer later.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from tremorwatch.domain.codes import Cause, Disposition, Likelihood
from tremorwatch.domain.triage.catalogue import Question, QuestionsFile, build_question
from tremorwatch.domain.triage.conditions import (
    Compiled,
    ConditionError,
    FixedPhrase,
    Phrases,
    Test,
    all_of,
    compile_condition,
)
from tremorwatch.domain.triage.differential import (
    Differential,
    DifferentialFile,
    compile_differential,
)
from tremorwatch.domain.triage.facts import DERIVED_FROM, FIELD_KINDS, FIELD_VALUES
from tremorwatch.domain.triage.schema import (
    ConditionSpec,
    RuleFile,
    RulesetManifest,
    RuleSpec,
    TextsFile,
)
from tremorwatch.domain.triage_result import NextQuestion, Reason
from tremorwatch.errors import RuleSetError

#: The packaged ruleset.
DEFAULT_RULES_DIR: Final = Path(__file__).resolve().parent / "data"

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Likelihoods from most to least likely (the differential is ordered by this rank).
LIKELIHOOD_RANK: Final = {Likelihood.LIKELY: 0, Likelihood.POSSIBLE: 1, Likelihood.LESS_LIKELY: 2}
_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True, eq=False)
class Rule:
    """A compiled rule: the validated spec plus its precompiled conditions and texts."""

    id: str
    title: str
    file: str
    disposition: Disposition
    urgency: int
    reassures: bool
    conditions: tuple[Compiled, ...]
    tests: tuple[Test, ...]
    reason: Reason
    headline: str | None
    causes: tuple[tuple[Cause, Likelihood], ...]
    advice: tuple[str, ...]
    evaluation: tuple[str, ...]
    fields: frozenset[str]
    spec: RuleSpec

    check: Test
    #: index in the engine's fired-rule counts: the urgency, or -1 for a reassuring rule
    level: int
    #: the conditions' phrases when none depends on the facts (else ``None``)
    fixed_why: tuple[str, ...] | None
    #: ``causes`` with the likelihood as its rank in :data:`LIKELIHOOD_RANK`
    cause_ranks: tuple[tuple[Cause, int], ...]

    def status(self, facts: dict[str, object]) -> int:
        """2 (fires), 1 (could fire once more is known) or 0 (does not fire)."""
        return self.check(facts)


#: Order in which a rule's tests run: the kinds most often false first (cheap early exit).
_KIND_ORDER = {"finding": 0, "includes": 1, "answer": 2, "any": 3, "all": 3, "number": 4}


@dataclass(frozen=True, eq=False)
class RuleSet:
    """A loaded, validated and compiled ruleset.

    Attributes
    ----------
    version
        Ruleset version, e.g. ``"2026.12.0"``; every result carries it.
    rules
        The rules in evaluation order.
    texts
        Headlines, advice, evaluation texts and cause labels.
    questions
        The interview catalogue, emergency questions first.
    """

    version: str
    path: Path
    rules: tuple[Rule, ...]
    texts: TextsFile
    questions: tuple[Question, ...]
    finding_sets: dict[str, frozenset[str]]
    #: question field -> indices of the rules that read it (directly or through a derived fact)
    rules_by_question: dict[str, tuple[int, ...]]
    #: rule fact field ("finding:<code>" for findings) -> the question that asks it
    question_of: dict[str, str]
    #: number question field -> threshold values the rules compare it with
    thresholds: dict[str, tuple[float, ...]]
    #: question field -> the prebuilt ``next_questions`` entry
    next_question: dict[str, NextQuestion]
    #: facts -> the status of every rule, in order
    statuses: Callable[[dict[str, object]], list[int]]
    #: (list field, code or "") -> rules that answer can affect ("" is the empty answer)
    list_variant_rules: dict[tuple[str, str], tuple[int, ...]]
    #: rule id -> the questions whose answers the rule reads
    rule_questions: dict[str, frozenset[str]]
    #: rule id -> for each condition, the questions whose answers it reads
    condition_questions: dict[str, tuple[frozenset[str], ...]]
    #: finding code -> rules a "this finding was seen" answer can affect (its own rules and
    #: the rules with a "none of these" condition on its checklist)
    finding_variant_rules: dict[str, tuple[int, ...]]
    #: the probabilistic differential (``differential.yaml``)
    differential: Differential

    def rule(self, rule_id: str) -> Rule:
        """The rule with id ``rule_id``; :class:`KeyError` naming the known ids if absent."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"no rule {rule_id!r} in ruleset {self.version}")

    def question(self, field: str) -> Question:
        """The question whose field is ``field``."""
        for question in self.questions:
            if question.field == field:
                return question
        raise KeyError(f"no question for {field!r}")


#: Parsed-YAML snapshot next to the rule files: PyYAML builds objects in Python and is the
#: slowest part of start-up, while json.loads is C. The snapshot holds each file's SHA-256 and
#: its parsed data; a file whose bytes changed is parsed from YAML again. It is a cache only:
#: validation always runs. Nothing writes it at run time; refresh it after editing the rules
#: with ``tremorwatch rules check --update-snapshot`` (a test fails while it is stale).
SNAPSHOT_NAME: Final = "_parsed_snapshot.json"


class _Snapshot:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: dict[str, Any] = {}
        self.dirty = False
        try:
            self.entries = json.loads((root / SNAPSHOT_NAME).read_bytes())["files"]
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def read(self, path: Path) -> Any:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise RuleSetError(f"{path}: cannot read the file ({exc.strerror}).") from None
        key = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else None
        digest = hashlib.sha256(raw).hexdigest()
        entry = self.entries.get(key) if key else None
        if isinstance(entry, dict) and entry.get("sha256") == digest:
            return entry.get("data")
        try:
            data = yaml.load(raw.decode("utf-8"), Loader=_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise RuleSetError(f"{path}: not valid YAML ({exc}).") from None
        if key and json.loads(json.dumps(data, default=str)) == data:
            self.entries[key] = {"sha256": digest, "data": data}
            self.dirty = True
        return data

    def stale(self) -> list[str]:
        """Files of the ruleset whose bytes differ from the snapshot (or are missing in it)."""
        out = []
        for path in sorted(self.root.rglob("*.yaml")):
            key = path.relative_to(self.root).as_posix()
            entry = self.entries.get(key)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if not isinstance(entry, dict) or entry.get("sha256") != digest:
                out.append(key)
        return out

    def save(self) -> None:
        if not self.dirty:
            return
        target = self.root / SNAPSHOT_NAME
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps({"files": self.entries}, sort_keys=True), encoding="utf-8")
            os.replace(tmp, target)
        except OSError as exc:
            raise RuleSetError(f"{target}: cannot write the snapshot ({exc.strerror}).") from None


def _read_yaml(path: Path, snapshot: _Snapshot | None = None) -> Any:
    return (snapshot or _Snapshot(path.parent)).read(path)


def _describe(exc: ValidationError, data: Any) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = list(err.get("loc", ()))
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            with contextlib.suppress(KeyError, IndexError, TypeError):
                where = f"rule {data['rules'][loc[1]]['id']!r}: " + ".".join(
                    str(p) for p in loc[2:]
                )
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _validate(model: type[_M], path: Path, snapshot: _Snapshot | None = None) -> _M:
    data = _read_yaml(path, snapshot)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleSetError(f"{path}: {_describe(exc, data)}") from None


def _phrases_for(questions: Iterable[Question], qfile: QuestionsFile) -> Phrases:
    base = _phrases(questions)
    answers = {q.field: dict(q.says) for q in qfile.questions if q.says}
    return Phrases(base.findings, answers, base.fields, base.units)


def _phrases(questions: Iterable[Question]) -> Phrases:
    findings: dict[str, str] = {}
    answers: dict[str, dict[str, str]] = {}
    fields: dict[str, str] = {}
    units: dict[str, str] = {}
    for q in questions:
        if q.kind == "findings":
            findings.update({c.value: c.label.lower() for c in q.choices})
            continue
        fields[q.field] = q.short
        if q.unit:
            units[q.field] = q.unit
    return Phrases(findings=findings, answers=answers, fields=fields, units=units)


def compile_rule(
    spec: RuleSpec,
    *,
    file: str,
    texts: TextsFile,
    sets: dict[str, list[str]],
    phrases: Phrases,
) -> Rule:
    """Compile one rule, checking its advice and evaluation keys against ``texts``."""
    where = f"{file}: rule {spec.id!r}"
    bad_advice = [k for k in spec.advice if k not in texts.advice]
    bad_eval = [k for k in spec.evaluation if k not in texts.evaluation]
    if bad_advice or bad_eval:
        raise RuleSetError(
            f"{where}: unknown advice keys {bad_advice} / evaluation keys {bad_eval}; "
            "add them to texts.yaml or fix the spelling."
        )
    try:
        conditions = tuple(compile_condition(c, sets=sets, phrases=phrases) for c in spec.when)
    except ConditionError as exc:
        raise RuleSetError(f"{where}: {exc}") from None
    fields = frozenset().union(*(c.fields for c in conditions))
    ordered = sorted(
        zip(spec.when, conditions, strict=True), key=lambda pair: _KIND_ORDER.get(pair[0].kind, 5)
    )
    tests = tuple(c.test for _, c in ordered)
    return Rule(
        id=spec.id,
        title=spec.title,
        file=file,
        disposition=spec.disposition,
        urgency=spec.disposition.urgency,
        reassures=spec.reassures,
        conditions=conditions,
        tests=tests,
        check=all_of(tests),
        level=-1 if spec.reassures else spec.disposition.urgency,
        fixed_why=_fixed_why(conditions),
        reason=Reason(
            rule_id=spec.id, disposition=spec.disposition, text=spec.reason, sources=spec.sources
        ),
        headline=spec.headline,
        causes=tuple(spec.causes.items()),
        cause_ranks=tuple((c, LIKELIHOOD_RANK[lk]) for c, lk in spec.causes.items()),
        advice=tuple(texts.advice[k] for k in spec.advice),
        evaluation=tuple(texts.evaluation[k] for k in spec.evaluation),
        fields=fields,
        spec=spec,
    )


def _statuses(checks: tuple[Test, ...]) -> Callable[[dict[str, object]], list[int]]:
    """facts -> the status of every rule, in order."""

    def statuses(facts: dict[str, object]) -> list[int]:
        return [check(facts) for check in checks]

    return statuses


def _fixed_why(conditions: tuple[Compiled, ...]) -> tuple[str, ...] | None:
    """The phrases of ``conditions`` if none depends on the facts, else ``None``."""
    if not all(isinstance(c.phrase, FixedPhrase) for c in conditions):
        return None
    return tuple(
        c.phrase.text for c in conditions if isinstance(c.phrase, FixedPhrase) and c.phrase.text
    )


def _check_fields_askable(rules: Iterable[Rule], questions: Iterable[Question], path: Path) -> None:
    askable = {q.field for q in questions} | {"infant.age_days"} | set(DERIVED_FROM)
    for rule in rules:
        missing = sorted(
            f for f in rule.fields if not f.startswith("finding:") and f not in askable
        )
        if missing:
            raise RuleSetError(
                f"{path / rule.file}: rule {rule.id!r} reads {missing}, which no question in "
                "questions.yaml asks; add a question so the interview can ask it."
            )


def load_ruleset_uncached(path: Path, *, update_snapshot: bool = False) -> RuleSet:
    """Load the ruleset in directory ``path`` (or whose manifest file is ``path``).

    With ``update_snapshot``, (re)write the parsed-YAML snapshot after a successful load.
    """
    root = path.parent if path.is_file() else path
    snapshot = _Snapshot(root)
    manifest = _validate(RulesetManifest, root / "ruleset.yaml", snapshot)
    texts = _validate(TextsFile, root / "texts.yaml", snapshot)
    qfile = _validate(QuestionsFile, root / "questions.yaml", snapshot)
    questions = tuple(build_question(q) for q in qfile.questions)
    questions = tuple(sorted(questions, key=lambda q: not q.emergency))
    phrases = _phrases_for(questions, qfile)
    for name, codes in manifest.finding_sets.items():
        bad = set(codes) - set(phrases.findings)
        if bad:
            raise RuleSetError(
                f"{root / 'ruleset.yaml'}: finding set {name!r}: unknown {sorted(bad)}"
            )
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name in manifest.rule_files:
        rule_file = _validate(RuleFile, root / name, snapshot)
        for spec in rule_file.rules:
            if spec.id in seen:
                raise RuleSetError(
                    f"{root / name}: rule {spec.id!r} is also defined in {seen[spec.id]}."
                )
            seen[spec.id] = name
            rules.append(
                compile_rule(
                    spec, file=name, texts=texts, sets=manifest.finding_sets, phrases=phrases
                )
            )
    _check_fields_askable(rules, questions, root)
    diff_path = root / manifest.differential
    diff_spec = _validate(DifferentialFile, diff_path, snapshot)
    try:
        differential = compile_differential(diff_spec, sets=manifest.finding_sets, phrases=phrases)
    except ConditionError as exc:
        raise RuleSetError(f"{diff_path}: {exc}") from None
    if update_snapshot:
        snapshot.save()
    question_of = _question_of(questions)
    by_question: dict[str, list[int]] = {}
    thresholds: dict[str, set[float]] = {}
    for index, rule in enumerate(rules):
        for fact in rule.fields:
            if fact in question_of:
                by_question.setdefault(question_of[fact], []).append(index)
        for cond in rule.conditions:
            for fact, bound in cond.thresholds:
                thresholds.setdefault(fact, set()).add(bound)
    return RuleSet(
        version=manifest.version,
        path=root,
        rules=tuple(rules),
        texts=texts,
        questions=questions,
        finding_sets={k: frozenset(v) for k, v in manifest.finding_sets.items()},
        rules_by_question={k: tuple(sorted(set(v))) for k, v in by_question.items()},
        question_of=question_of,
        thresholds={k: tuple(sorted(v)) for k, v in thresholds.items()},
        next_question={
            q.field: NextQuestion(field=q.field, why=f"{q.why} How to check: {q.help}")
            for q in questions
        },
        finding_variant_rules=_finding_variant_rules(rules, questions, manifest.finding_sets),
        differential=differential,
        statuses=_statuses(tuple(r.check for r in rules)),
        list_variant_rules=_list_variant_rules(rules),
        rule_questions={
            rule.id: frozenset(question_of[f] for f in rule.fields if f in question_of)
            for rule in rules
        },
        condition_questions={
            rule.id: tuple(
                frozenset(question_of[f] for f in cond.fields if f in question_of)
                for cond in rule.conditions
            )
            for rule in rules
        },
    )


def _no_finding_codes(specs: Iterable[ConditionSpec], sets: dict[str, list[str]]) -> set[str]:
    out: set[str] = set()
    for spec in specs:
        if spec.no_finding:
            for code in spec.no_finding:
                out.update(sets[code[1:]] if code.startswith("@") else [code])
        out |= _no_finding_codes(spec.any or (), sets) | _no_finding_codes(spec.all or (), sets)
    return out


def _list_reads(specs: Iterable[ConditionSpec]) -> Iterator[tuple[str, str]]:
    """(field, code) for each ``includes`` code and (field, "") for each ``answered`` list."""
    for spec in specs:
        if spec.includes:
            yield from ((spec.includes, code) for code in spec.any_of or ())
        if spec.answered and FIELD_KINDS.get(spec.answered) == "list":
            yield spec.answered, ""
        yield from _list_reads(spec.any or ())
        yield from _list_reads(spec.all or ())


def _list_variant_rules(rules: list[Rule]) -> dict[tuple[str, str], tuple[int, ...]]:
    """Rules a one-code (or empty) answer to a list question can change the status of.

    A list answer turns every ``includes`` on that field from unknown to true or false and every
    ``answered`` to true; only conditions that become true can make a rule fire, so a rule is
    affected by code ``c`` if it has ``includes`` with ``c`` or ``answered`` on the field.
    """
    reads = [set(_list_reads(rule.spec.when)) for rule in rules]
    keys = {key for r in reads for key in r}
    out: dict[tuple[str, str], tuple[int, ...]] = {}
    fields = {f for f, _ in keys}
    for field in fields:
        answered = {i for i, r in enumerate(reads) if (field, "") in r}
        out[(field, "")] = tuple(sorted(answered))
        for code in FIELD_VALUES[field]:
            hit = {i for i, r in enumerate(reads) if (field, code) in r}
            out[(field, code)] = tuple(sorted(hit | answered))
    return out


def _finding_variant_rules(
    rules: list[Rule], questions: Iterable[Question], sets: dict[str, list[str]]
) -> dict[str, tuple[int, ...]]:
    negated = [_no_finding_codes(rule.spec.when, sets) for rule in rules]
    out: dict[str, tuple[int, ...]] = {}
    for q in questions:
        group = q.finding_codes
        for code in group:
            out[code] = tuple(
                i
                for i, rule in enumerate(rules)
                if f"finding:{code}" in rule.fields or negated[i] & group
            )
    return out


def _question_of(questions: Iterable[Question]) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in questions:
        if q.kind == "findings":
            out.update({f"finding:{c}": q.field for c in q.finding_codes})
        else:
            out[q.field] = q.field
    for derived, source in DERIVED_FROM.items():
        out[derived] = source
    return out


@lru_cache(maxsize=8)
def _cached(path: Path) -> RuleSet:
    return load_ruleset_uncached(path)


def load_ruleset(path: Path | None = None) -> RuleSet:
    """The ruleset in ``path`` (default: the packaged one), loaded once and cached."""
    return _cached(Path(path).resolve() if path is not None else DEFAULT_RULES_DIR)


def stale_snapshot_files(root: Path = DEFAULT_RULES_DIR) -> list[str]:
    """YAML files in ``root`` that the parsed snapshot does not match (empty: up to date)."""
    return _Snapshot(root).stale()


def check_path(path: Path | None = None, *, update_snapshot: bool = False) -> dict[str, object]:
    """Validate a ruleset directory, a manifest, or one rule file; return a summary.

    A single rule file is checked against the packaged texts, questions and finding sets.
    Nothing is cached; with ``update_snapshot`` a ruleset directory's parsed-YAML snapshot is
    rewritten. Raises :class:`RuleSetError` describing the first problem.
    """
    target = Path(path) if path is not None else DEFAULT_RULES_DIR
    if target.is_dir() or target.name == "ruleset.yaml":
        rs = load_ruleset_uncached(target, update_snapshot=update_snapshot)
        files = len({r.file for r in rs.rules})
        return {
            "version": rs.version,
            "rules": len(rs.rules),
            "files": files,
            "path": str(rs.path),
            "stale_snapshot": stale_snapshot_files(rs.path),
        }
    base = load_ruleset()
    rule_file = _validate(RuleFile, target)
    ids = [spec.id for spec in rule_file.rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuleSetError(f"{target}: rule ids defined twice: {duplicates}.")
    manifest = _validate(RulesetManifest, base.path / "ruleset.yaml")
    phrases = _phrases_for(base.questions, _validate(QuestionsFile, base.path / "questions.yaml"))
    rules = [
        compile_rule(
            spec, file=target.name, texts=base.texts, sets=manifest.finding_sets, phrases=phrases
        )
        for spec in rule_file.rules
    ]
    _check_fields_askable(rules, base.questions, target.parent)
    return {"version": base.version, "rules": len(rules), "files": 1, "path": str(target)}
