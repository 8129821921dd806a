"""Typed settings: defaults, environment overrides, fail-fast errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tremorwatch.config import Settings, get_settings, load_settings
from tremorwatch.errors import ConfigError


def test_data_dir_from_environment(isolated_env: Path) -> None:
    settings = get_settings()
    assert settings.data_dir == isolated_env
    assert settings.resolved_database_url == f"sqlite:///{isolated_env / 'tremorwatch.db'}"
    assert settings.resolved_media_dir == isolated_env / "media"


def test_default_data_dir_is_user_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TREMORWATCH_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().data_dir == tmp_path / "xdg" / "tremorwatch"


def test_bad_value_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREMORWATCH_QUEUE", "rabbit")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "TREMORWATCH_QUEUE" in info.value.message
    assert info.value.field == "queue"


def test_log_level_checked() -> None:
    with pytest.raises(ConfigError):
        load_settings(log_level="loud")
    assert load_settings(log_level="debug").log_level == "DEBUG"
