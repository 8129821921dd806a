"""``trusted`` builds the same result objects as validation, and refuses a missing field."""

from __future__ import annotations

import pytest

from tremorwatch.domain.codes import Cause, Likelihood
from tremorwatch.domain.triage_result import CauseEvidence, PossibleCause


def test_trusted_equals_validated_and_serialises_alike() -> None:
    values = {"text": "stops when held", "direction": "against", "likelihood_ratio": 0.2}
    evidence = CauseEvidence.trusted(**values, sources=["evidence 2 [V]"])
    assert evidence == CauseEvidence(**values, sources=["evidence 2 [V]"])
    cause = PossibleCause.trusted(
        id=Cause.SEIZURE,
        label="Seizure",
        likelihood=Likelihood.LESS_LIKELY,
        why=["stops when held"],
        probability=0.01,
        evidence=[evidence],
    )
    validated = PossibleCause.model_validate(cause.model_dump())
    assert cause.model_dump_json() == validated.model_dump_json()
    with pytest.raises(ValueError, match="frozen"):
        evidence.text = "changed"  # type: ignore[misc]


def test_trusted_refuses_a_missing_field() -> None:
    with pytest.raises(TypeError, match=r"missing \['sources'\]"):
        CauseEvidence.trusted(text="x", direction="for", likelihood_ratio=None)
