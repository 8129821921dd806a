"""The CLI shell: help, version, sys-info and error handling without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from tremorwatch import __version__
from tremorwatch.cli.main import COMMANDS, cli


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_sys_info_json(isolated_env) -> None:
    result = CliRunner().invoke(cli, ["sys-info", "--format", "json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["tremorwatch"] == __version__
    assert info["settings"]["data_dir"] == str(isolated_env)
    assert "numpy" in info["packages"]


def test_console_script_runs_as_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tremorwatch", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_config_error_is_one_line_not_traceback(monkeypatch) -> None:
    monkeypatch.setenv("TREMORWATCH_QUEUE", "rabbit")
    result = CliRunner().invoke(cli, ["sys-info"])
    assert result.exit_code == 5
    assert "TREMORWATCH_QUEUE" in result.output
    assert "Traceback" not in result.output
