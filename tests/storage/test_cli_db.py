"""``tremorwatch db``: upgrade, current, check and downgrade through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tremorwatch.cli.main import cli
from tremorwatch.storage import migrate


def test_db_commands_on_the_default_sqlite(isolated_env: Path) -> None:
    runner = CliRunner()
    before = runner.invoke(cli, ["db", "current", "--format", "json"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["current"] is None

    failed = runner.invoke(cli, ["db", "check"])
    assert failed.exit_code == 6  # StorageError
    assert "Run `tremorwatch db upgrade`" in failed.output

    up = runner.invoke(cli, ["db", "upgrade"])
    assert up.exit_code == 0, up.output
    head = migrate.heads()[0]
    assert f"revision {head}" in up.output
    assert (isolated_env / "tremorwatch.db").exists()

    ok = runner.invoke(cli, ["db", "check"])
    assert ok.exit_code == 0 and "up to date" in ok.output

    down = runner.invoke(cli, ["db", "downgrade", "--revision", "base", "--yes"])
    assert down.exit_code == 0, down.output
    after = runner.invoke(cli, ["db", "current", "--format", "json"])
    assert json.loads(after.output)["current"] is None


def test_bad_database_url_is_a_clear_error(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREMORWATCH_DATABASE_URL", "oracle://nowhere/db")
    from tremorwatch.config import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["db", "current"])
    assert result.exit_code == 5
    assert "not supported" in result.output
