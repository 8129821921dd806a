"""``tremorwatch learn``: list, show, JSON and the unknown-topic error (through the real CLI)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tremorwatch.cli.main import cli
from tremorwatch.domain.codes import Cause, Disposition


def test_list_groups_topics_by_kind() -> None:
    result = CliRunner().invoke(cli, ["learn"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("What the advice levels mean") < out.index("Possible causes")
    assert out.index("  emergency") < out.index("  home_care")
    for cause in Cause:
        assert f"  {cause.value} " in out
    assert "tremorwatch learn TOPIC" in out


def test_list_as_json() -> None:
    result = CliRunner().invoke(cli, ["learn", "--format", "json"])
    assert result.exit_code == 0, result.output
    topics = json.loads(result.output)
    ids = {t["id"] for t in topics}
    assert {c.value for c in Cause} <= ids
    assert {d.value for d in Disposition} <= ids
    assert all(set(t) == {"id", "kind", "title", "summary"} for t in topics)


def test_show_a_page_readably() -> None:
    result = CliRunner().invoke(cli, ["learn", "gentle_hold_test"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("The gentle-hold test\n")
    assert "How to do it" in result.output
    assert "\n- " in result.output  # bullets
    assert "Sources" in result.output
    assert "not a diagnosis" in result.output


def test_show_a_page_as_json() -> None:
    result = CliRunner().invoke(cli, ["learn", "infantile-spasms", "--format", "json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["id"] == "infantile_spasms"
    assert page["kind"] == "cause"
    assert page["sections"][0]["heading"] == "What it is"
    assert page["sources"]


def test_unknown_topic_is_one_clear_line_with_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["learn", "seizur"])
    assert result.exit_code == 2
    assert "did you mean 'seizure'" in result.output
    assert "Traceback" not in result.output
