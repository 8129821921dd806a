"""``tremorwatch rules list|show|check``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from tremorwatch.cli.main import cli
from tremorwatch.domain.triage import load_ruleset
from tremorwatch.domain.triage.loader import DEFAULT_RULES_DIR


def test_list_json_has_every_rule_and_the_version() -> None:
    result = CliRunner().invoke(cli, ["rules", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["ruleset_version"] == load_ruleset().version
    assert len(body["rules"]) == len(load_ruleset().rules)
    assert {"id", "disposition", "title", "file"} <= set(body["rules"][0])


def test_list_text() -> None:
    result = CliRunner().invoke(cli, ["rules", "list"])
    assert result.exit_code == 0
    assert "seizure.continues_when_held" in result.output and "emergency" in result.output


def test_show_one_rule_json_and_text() -> None:
    result = CliRunner().invoke(cli, ["rules", "show", "fever.under_3_months", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["disposition"] == "emergency"
    assert body["sources"] and body["when"]
    text = CliRunner().invoke(cli, ["rules", "show", "fever.under_3_months"])
    assert "38.0" in text.output


def test_show_unknown_rule_suggests_ids() -> None:
    result = CliRunner().invoke(cli, ["rules", "show", "fever.nope"])
    assert result.exit_code == 2
    assert "No rule 'fever.nope'" in result.output
    assert "fever.under_3_months" in result.output


def test_check_packaged_rules_ok() -> None:
    result = CliRunner().invoke(cli, ["rules", "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["ok"] is True and body["rules"] == len(load_ruleset().rules)


def test_check_reports_a_broken_file_with_exit_code_4(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, root)
    broken = root / "rules" / "neurology.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "    disposition: same_day", "    disposition: soonish", 1
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["rules", "check", "--path", str(root), "--format", "json"])
    assert result.exit_code == 4
    body = json.loads(result.stdout)
    assert body["ok"] is False
    assert "neurology.yaml" in body["problem"] and "spasms.runs_of_spasms" in body["problem"]
    single = CliRunner().invoke(cli, ["rules", "check", "--path", str(broken)])
    assert single.exit_code == 4
    assert "disposition" in single.output


def test_differential_json_has_every_cause_with_priors_and_sourced_ratios() -> None:
    result = CliRunner().invoke(cli, ["rules", "differential", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    spec = load_ruleset().differential.spec
    assert {c["cause"] for c in body["causes"]} == {c.value for c in spec.causes}
    assert set(body["thresholds"]) == {"emergency", "same_day", "within_days", "routine"}
    assert all(t["reasoning"] for t in body["thresholds"].values())
    seizure = next(c for c in body["causes"] if c["cause"] == "seizure")
    assert set(seizure["prior"]) == {"neonate", "m1_3", "m3_12", "m12_24"}
    assert seizure["level"]["neonate"] == "emergency"
    hold = next(
        lr for lr in seizure["likelihood_ratios"] if lr["feature"] == "stops_with_gentle_hold"
    )
    assert hold["lr_if_present"] < 1 < hold["lr_if_absent"] and hold["sources"]


def test_differential_of_one_cause_and_an_unknown_cause() -> None:
    result = CliRunner().invoke(cli, ["rules", "differential", "physiological_jitteriness"])
    assert result.exit_code == 0, result.output
    assert "physiological_jitteriness" in result.output and "prior:" in result.output
    assert "seizure -" not in result.output
    unknown = CliRunner().invoke(cli, ["rules", "differential", "gremlins"])
    assert unknown.exit_code == 2
    assert "No cause 'gremlins'" in unknown.output and "seizure" in unknown.output
