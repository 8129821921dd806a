"""The FHIR Bundle of a rich synthetic diary passes the Node validator of tools/fhir-validator.

The validator (``node tools/fhir-validator/validate.js``) runs Medplum's ``validateResource``
with the R4 StructureDefinitions, the official R4 JSON schema and UCUM checks of every Quantity
(see its README). CI installs Node and runs ``npm ci`` there (``.ci/run``); without them these
tests fail and say so, they are never skipped.

Known answers: the rich diary's Bundle has 0 errors; a Bundle with six planted defects, one per
checker branch, gets each reported at its entry. Not tested here: terminology bindings other
than the schema's enumerations (no terminology server runs here).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import clinician_diary as cd
from tremorwatch.export.fhir import build_bundle

TOOL = Path(__file__).resolve().parents[2] / "tools" / "fhir-validator"


def _validate(bundle: dict[str, Any], tmp_path: Path) -> tuple[int, dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js is not installed, so the FHIR validator cannot run. Install it "
            "(apt-get install nodejs npm) and run `npm ci` in tools/fhir-validator; "
            ".ci/run does both."
        )
    if not (TOOL / "node_modules" / "@medplum" / "core").is_dir():
        pytest.fail(
            f"The FHIR validator's packages are not installed: run `npm ci` in {TOOL} "
            "(.ci/run does)."
        )
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    done = subprocess.run(
        [node, str(TOOL / "validate.js"), str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode not in (0, 1):
        pytest.fail(f"The validator failed to run (exit {done.returncode}): {done.stderr}")
    return done.returncode, json.loads(done.stdout)


@pytest.fixture(scope="module")
def rich_bundle() -> dict[str, Any]:
    d = cd.make_rich_diary()
    return build_bundle(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        assessments=d.assessments,
        milestone_answers=d.milestone_answers,
        base_url="https://tremorwatch.example.org",
    )


def test_rich_diary_holds_every_resource_type(rich_bundle: dict[str, Any]) -> None:
    kinds = {e["resource"]["resourceType"] for e in rich_bundle["entry"]}
    assert kinds == cd.FHIR_RESOURCE_TYPES


def test_rich_bundle_has_no_validator_error(rich_bundle: dict[str, Any], tmp_path: Path) -> None:
    code, report = _validate(rich_bundle, tmp_path)
    assert report["errors"] == []
    assert code == 0
    assert report["entries"] == len(rich_bundle["entry"])


def _entry(bundle: dict[str, Any], kind: str, n: int = 0) -> tuple[int, dict[str, Any]]:
    found = [(i, e["resource"]) for i, e in enumerate(bundle["entry"])]
    matches = [(i, r) for i, r in found if r["resourceType"] == kind]
    return matches[n]


def test_validator_reports_each_kind_of_defect(rich_bundle: dict[str, Any], tmp_path: Path) -> None:
    broken = copy.deepcopy(rich_bundle)
    planted: dict[int, tuple[str, str]] = {}

    i, patient = _entry(broken, "Patient")
    patient["nickname"] = "Ada"  # no such element
    planted[i] = ("medplum", "nickname")

    i, birth_weight = _entry(broken, "Observation")
    birth_weight["status"] = "done"  # not an ObservationStatus code (a required binding)
    planted[i] = ("json-schema", "status")

    temp_index, temperature = next(
        (n, e["resource"])
        for n, e in enumerate(broken["entry"])
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "8310-5"
    )
    temperature["valueQuantity"]["code"] = "degrees C"  # not UCUM
    planted[temp_index] = ("ucum", "degrees C")

    i, risk = _entry(broken, "RiskAssessment", -1)
    risk["prediction"][0]["probabilityDecimal"] = 150  # ras-2: at most 100
    planted[i] = ("medplum", "ras-2")

    i, analysis = next(
        (n, e["resource"])
        for n, e in enumerate(broken["entry"])
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "motion-analysis"
    )
    analysis["subject"] = {"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"}
    planted[i] = ("medplum", "not an entry of the Bundle")

    i, second_risk = _entry(broken, "RiskAssessment", 0)
    questionnaire = next(
        e["fullUrl"] for e in broken["entry"] if e["resource"]["resourceType"] == "Questionnaire"
    )
    second_risk["subject"] = {"reference": questionnaire}  # a RiskAssessment is about a Patient
    planted[i] = ("medplum", "Questionnaire")

    code, report = _validate(broken, tmp_path)
    assert code == 1
    for index, (checker, words) in planted.items():
        hits = [e for e in report["errors"] if e["entry"] == index and e["checker"] == checker]
        assert any(words in e["message"] for e in hits), (index, checker, report["errors"])
    assert {e["entry"] for e in report["errors"]} == set(planted)


def test_validator_cli_prints_errors_and_exits_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-bundle.json"
    bad.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed (see .ci/run).")
    done = subprocess.run(
        [node, str(TOOL / "validate.js"), str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "does not hold a FHIR Bundle" in done.stderr
