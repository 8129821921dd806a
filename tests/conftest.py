"""Shared fixtures: every test runs with its own data directory and fresh settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point TREMORWATCH_DATA_DIR at a temporary folder and drop cached settings."""
    from tremorwatch.config import get_settings

    for name in list(os.environ):
        if name.startswith("TREMORWATCH_"):
            monkeypatch.delenv(name)
    data_dir = tmp_path / "data"
    monkeypatch.setenv("TREMORWATCH_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()
