"""Generated clips shared by the video tests (rendered once per test session)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tremorwatch.analysis.synthetic import GroundTruth, write_synthetic_clip

#: Small clips keep the suite fast: 320x240, 6 s, movement from 1 to 5 s.
CLIP_DEFAULTS: dict[str, Any] = {"duration_s": 6.0, "width": 320, "height": 240, "fps": 30.0}


@pytest.fixture(scope="session")
def make_clip(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., tuple[Path, GroundTruth]]:
    """``make_clip(name, suffix=".mp4", **options)`` -> (path, ground truth), cached by name."""
    folder = tmp_path_factory.mktemp("clips")
    cache: dict[str, tuple[Path, GroundTruth]] = {}

    def make(name: str, suffix: str = ".mp4", **options: Any) -> tuple[Path, GroundTruth]:
        if name not in cache:
            path = folder / f"{name}{suffix}"
            truth = write_synthetic_clip(path, **{**CLIP_DEFAULTS, **options})
            cache[name] = (path, truth)
        return cache[name]

    return make
