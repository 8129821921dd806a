"""What to film differently when the movement analysis cannot judge a recording.

The sentences live in ``filming_advice.yaml`` beside this module (caregiver text is data);
the command line and the episode page show the one for the recording's first issue that
stopped the analysis.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml

from tremorwatch.domain.motion import Quality, QualityIssue
from tremorwatch.errors import RuleSetError

ADVICE_FILE: Final = Path(__file__).resolve().parent / "filming_advice.yaml"


@lru_cache(maxsize=1)
def _advice() -> dict[QualityIssue, str]:
    try:
        data = yaml.safe_load(ADVICE_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"The filming advice file {ADVICE_FILE} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise RuleSetError(f"The filming advice file {ADVICE_FILE} must map issues to sentences.")
    advice: dict[QualityIssue, str] = {}
    for code, sentence in data.items():
        try:
            issue = QualityIssue(code)
        except ValueError:
            raise RuleSetError(
                f"The filming advice file {ADVICE_FILE} names {code!r}, which is not a quality "
                f"issue; use one of {', '.join(i.value for i in QualityIssue)}."
            ) from None
        advice[issue] = " ".join(str(sentence).split())
    return advice


def filming_advice(quality: Quality) -> str | None:
    """One sentence saying what to film differently, or ``None`` when the recording could be
    judged (or none of its issues has advice)."""
    if quality.usable:
        return None
    advice = _advice()
    for issue in advice:  # the file's order is the order of importance
        if issue in quality.issues:
            return advice[issue]
    return None
