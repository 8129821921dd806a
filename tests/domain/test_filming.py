"""The sentence that tells a caregiver what to film differently (``domain/filming.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tremorwatch.domain import filming
from tremorwatch.domain.filming import filming_advice
from tremorwatch.domain.motion import Quality, QualityIssue
from tremorwatch.errors import RuleSetError


def test_a_judged_recording_gets_no_advice() -> None:
    assert filming_advice(Quality(usable=True, issues=[QualityIssue.CAMERA_SHAKE])) is None


def test_the_issue_that_stopped_the_analysis_is_explained_in_one_sentence() -> None:
    advice = filming_advice(
        Quality(
            usable=False, issues=[QualityIssue.CAMERA_SHAKE, QualityIssue.TOO_MUCH_CAMERA_MOVEMENT]
        )
    )
    assert advice is not None
    assert advice.startswith("Film again with the phone resting on something steady")
    assert advice.count(".") == 1 and advice.endswith(".")
    assert "\n" not in advice


def test_camera_movement_comes_before_darkness() -> None:
    advice = filming_advice(
        Quality(usable=False, issues=[QualityIssue.TOO_DARK, QualityIssue.TOO_MUCH_CAMERA_MOVEMENT])
    )
    assert advice is not None and "steady" in advice


@pytest.mark.parametrize(
    "issue", [QualityIssue.TOO_DARK, QualityIssue.TOO_SHORT, QualityIssue.LOW_SAMPLE_RATE]
)
def test_every_issue_that_makes_a_recording_unusable_has_advice(issue: QualityIssue) -> None:
    advice = filming_advice(Quality(usable=False, issues=[issue]))
    assert advice is not None and advice.endswith(".") and advice.count(". ") == 0


def test_an_unknown_issue_in_the_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "advice.yaml"
    bad.write_text("too_blurry: Hold still.\n", encoding="utf-8")
    monkeypatch.setattr(filming, "ADVICE_FILE", bad)
    filming._advice.cache_clear()
    try:
        with pytest.raises(RuleSetError, match="'too_blurry', which is not a quality issue"):
            filming_advice(Quality(usable=False, issues=[QualityIssue.TOO_DARK]))
    finally:
        filming._advice.cache_clear()
