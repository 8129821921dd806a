"""Every code of the exchange formats has a plain label on the pages (templates/labels.yaml)."""

from __future__ import annotations

from enum import StrEnum

import pytest

from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Disposition,
    Finding,
    HistoryItem,
    Likelihood,
    MotionPattern,
    Sex,
    Speed,
    State,
    TemperatureSite,
    Trend,
)
from tremorwatch.domain.diary import RecordingStatus
from tremorwatch.domain.motion import QualityIssue
from tremorwatch.services.context import Role
from tremorwatch.web.pages._labels import label, labels

TABLES: list[tuple[str, type[StrEnum]]] = [
    ("answers", Answer),
    ("dispositions", Disposition),
    ("body_parts", BodyPart),
    ("states", State),
    ("speeds", Speed),
    ("trends", Trend),
    ("temperature_sites", TemperatureSite),
    ("sexes", Sex),
    ("patterns", MotionPattern),
    ("likelihoods", Likelihood),
    ("quality_issues", QualityIssue),
    ("recording_status", RecordingStatus),
    ("roles", Role),
    ("history", HistoryItem),
    ("findings", Finding),
]


@pytest.mark.parametrize(("table", "enum"), TABLES, ids=[t for t, _ in TABLES])
def test_every_code_has_exactly_one_label(table: str, enum: type[StrEnum]) -> None:
    entries = labels()[table]
    assert set(entries) == {code.value for code in enum}
    for code in enum:
        text = label(table, code)
        assert text and text != code.value and "<" not in text


def test_finding_groups_show_every_finding_once() -> None:
    shown = [code for group in labels()["finding_groups"] for code in group["codes"]]
    assert sorted(shown) == sorted(f.value for f in Finding)


def test_every_disposition_says_what_to_do() -> None:
    for code in Disposition:
        assert labels()["dispositions"][code.value]["action"].endswith(".")
    assert "{number}" in labels()["dispositions"]["emergency"]["action"]
