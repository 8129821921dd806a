"""Rule files are validated when loaded: a broken file is a clear RuleSetError, not a wrong answer.

Each test copies the packaged ruleset into a temporary folder, breaks one thing, and checks
that loading fails with a message naming the file, the rule id (where there is one) and the
problem.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tremorwatch.domain.codes import Cause, Disposition
from tremorwatch.domain.triage import load_ruleset
from tremorwatch.domain.triage.loader import DEFAULT_RULES_DIR, check_path, load_ruleset_uncached
from tremorwatch.errors import RuleSetError


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    return target


def _edit_rule(root: Path, file: str, rule_id: str, change: Callable[[dict], None]) -> None:
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = next(r for r in data["rules"] if r["id"] == rule_id)
    change(rule)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_packaged_ruleset_loads_with_version_and_unique_ids() -> None:
    rs = load_ruleset()
    assert rs.version == "2026.12.0"
    ids = [r.id for r in rs.rules]
    assert len(ids) == len(set(ids)) >= 70
    assert rs.rule("seizure.status_now").disposition is Disposition.EMERGENCY
    assert rs.rule("seizure.fit_in_progress").disposition is Disposition.EMERGENCY
    # a failed hold test alone is a same-day floor; with other seizure features the
    # differential raises it (test_engine.py)
    assert rs.rule("seizure.continues_when_held").disposition is Disposition.SAME_DAY
    assert load_ruleset() is rs, "the packaged ruleset is cached"
    with pytest.raises(KeyError):
        rs.rule("no.such_rule")


def test_every_cause_code_has_evidence_that_supports_it() -> None:
    """Each cause is named by a rule or raised by a differential feature (LR > 1)."""
    rs = load_ruleset()
    supported = {cause for r in rs.rules for cause, _ in r.causes}
    supported |= {c for f in rs.differential.features for c, (t, _) in f.lr.items() if t > 1}
    assert supported == set(Cause)


def test_differential_duration_features_are_monotone() -> None:
    """A longer episode must never favour a less urgent cause (see differential.yaml)."""
    from tremorwatch.domain.triage.differential import monotonicity_problems

    assert monotonicity_problems(load_ruleset().differential) == []


def test_every_disposition_is_reachable() -> None:
    levels = {r.disposition for r in load_ruleset().rules}
    assert levels | {Disposition.HOME_CARE} == set(Disposition)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["when"].append({"finding": "sneezing"}), "unknown finding code"),
        (
            lambda r: r["when"].append({"answer": "episode.colour", "in": ["yes"]}),
            "cannot be used here",
        ),
        (
            lambda r: r["when"].append({"answer": "episode.rhythmic", "in": ["maybe"]}),
            "unknown value",
        ),
        (lambda r: r.update(advice=["no_such_advice"]), "unknown advice keys"),
        (lambda r: r.update(disposition="soon"), "disposition"),
        (lambda r: r.update(causes={"gremlins": "likely"}), "causes"),
        (lambda r: r.update(sources=[]), "sources"),
        (lambda r: r.update(reassures=True), "reassuring rule must have disposition home_care"),
        (lambda r: r["when"].append({"number": "infant.age_days"}), "needs one of lt, le, gt, ge"),
        (
            lambda r: r["when"].append({"finding": "fever", "answer": "episode.rhythmic"}),
            "exactly one",
        ),
    ],
)
def test_broken_rule_is_refused_naming_file_rule_and_problem(
    rules_copy: Path, change: Callable[[dict], None], message: str
) -> None:
    _edit_rule(rules_copy, "rules/emergency.yaml", "seizure.status_now", change)
    with pytest.raises(RuleSetError) as info:
        load_ruleset_uncached(rules_copy)
    text = info.value.message
    assert "emergency.yaml" in text
    assert "seizure.status_now" in text
    assert message in text


def test_invalid_yaml_names_the_file(rules_copy: Path) -> None:
    (rules_copy / "rules" / "neurology.yaml").write_text("rules: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"neurology\.yaml: not valid YAML"):
        load_ruleset_uncached(rules_copy)


def test_duplicate_rule_id_is_refused(rules_copy: Path) -> None:
    _edit_rule(
        rules_copy,
        "rules/neurology.yaml",
        "spasms.runs_of_spasms",
        lambda r: r.update(id="seizure.status_now"),
    )
    with pytest.raises(RuleSetError, match=r"also defined in rules/emergency\.yaml"):
        load_ruleset_uncached(rules_copy)


def test_a_field_no_question_asks_is_refused(rules_copy: Path) -> None:
    questions = yaml.safe_load((rules_copy / "questions.yaml").read_text(encoding="utf-8"))
    questions["questions"] = [
        q for q in questions["questions"] if q["field"] != "vitals.heart_rate_bpm"
    ]
    (rules_copy / "questions.yaml").write_text(
        yaml.safe_dump(questions, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(RuleSetError, match=r"vitals\.heart_rate_bpm.*which no question"):
        load_ruleset_uncached(rules_copy)


def test_missing_cause_label_is_refused(rules_copy: Path) -> None:
    texts = yaml.safe_load((rules_copy / "texts.yaml").read_text(encoding="utf-8"))
    del texts["causes"]["clonus"]
    (rules_copy / "texts.yaml").write_text(
        yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(RuleSetError, match=r"texts\.yaml: .*clonus"):
        load_ruleset_uncached(rules_copy)


def test_check_path_accepts_a_directory_and_a_single_rule_file(rules_copy: Path) -> None:
    summary = check_path(rules_copy)
    assert summary["rules"] == len(load_ruleset().rules)
    single = check_path(rules_copy / "rules" / "neurology.yaml")
    assert single["files"] == 1 and single["rules"] == 10


def test_a_custom_ruleset_is_used_by_evaluate(rules_copy: Path) -> None:
    from tremorwatch.domain.assessment import parse_assessment
    from tremorwatch.domain.triage import evaluate

    manifest = yaml.safe_load((rules_copy / "ruleset.yaml").read_text(encoding="utf-8"))
    manifest["version"] = "2099.1.0"
    (rules_copy / "ruleset.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    rs = load_ruleset(rules_copy)
    result = evaluate(parse_assessment({"infant": {"age_days": 3}}), ruleset=rs)
    assert result.ruleset_version == "2099.1.0"


def test_committed_parsed_snapshot_matches_the_rule_files() -> None:
    from tremorwatch.domain.triage.loader import stale_snapshot_files

    assert stale_snapshot_files() == [], (
        "the parsed-YAML snapshot is stale: run `tremorwatch rules check --update-snapshot`"
    )


def test_snapshot_is_only_a_cache(rules_copy: Path) -> None:
    """An edited file is read from YAML (the snapshot is ignored for it), and loading never
    writes the snapshot unless asked."""
    from tremorwatch.domain.triage.loader import SNAPSHOT_NAME, stale_snapshot_files

    _edit_rule(
        rules_copy,
        "rules/emergency.yaml",
        "seizure.status_now",
        lambda r: r.update(title="Edited title"),
    )
    before = (rules_copy / SNAPSHOT_NAME).read_bytes()
    assert load_ruleset_uncached(rules_copy).rule("seizure.status_now").title == "Edited title"
    assert (rules_copy / SNAPSHOT_NAME).read_bytes() == before
    assert stale_snapshot_files(rules_copy) == ["rules/emergency.yaml"]
    check_path(rules_copy, update_snapshot=True)
    assert stale_snapshot_files(rules_copy) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["causes"].pop("clonus"), "causes without a prior"),
        (lambda d: d["features"][0]["lr"].update(seizure=0), "likelihood ratios must be positive"),
        (lambda d: d["thresholds"].pop("emergency"), "thresholds are needed"),
    ],
)
def test_broken_differential_is_refused_naming_the_file(
    rules_copy: Path, change: Callable[[dict], None], message: str
) -> None:
    path = rules_copy / "differential.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_ruleset_uncached(rules_copy)
    assert "differential.yaml" in info.value.message
    assert message in info.value.message
