"""The FHIR R4 Bundle: validated by fhir.resources (R4B models) and by our own checks.

Known answers: SNOMED CT 26079004 (Tremor), SNOMED CT body structures (32153003 left and
62175007 right lower limb, 61685007 both), LOINC 8310-5 (Body temperature) with UCUM ``Cel``,
the v3-ActPriority targets of our ConceptMap, and counts recomputed from the synthetic diary.
The clinical meaning of each element is tested in ``test_fhir_semantics.py``.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle

import clinician_diary as cd
from tremorwatch.errors import TremorwatchError
from tremorwatch.export.fhir import build_bundle, check_bundle, validate_bundle
from tremorwatch.export.fhir.questionnaire import questionnaire_link_ids

DAYS = 14


@pytest.fixture(scope="module")
def bundle() -> dict:  # type: ignore[type-arg]
    d = cd.make_diary(DAYS)
    return build_bundle(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        assessments=d.assessments,
        milestone_answers=d.milestone_answers,
    )


def _of(bundle: dict, kind: str) -> list[dict]:  # type: ignore[type-arg]
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _by_url(bundle: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def test_bundle_is_valid_r4_json_and_passes_our_checks(bundle: dict) -> None:  # type: ignore[type-arg]
    text = json.dumps(bundle)
    parsed = Bundle.model_validate_json(text)
    assert parsed.type == "collection"
    assert check_bundle(bundle) == []
    assert all(e["fullUrl"].startswith("urn:uuid:") for e in bundle["entry"])


def _episodes(bundle: dict) -> list[dict]:  # type: ignore[type-arg]
    return [
        o
        for o in _of(bundle, "Observation")
        if o.get("identifier", [{}])[0].get("system") == "urn:tremorwatch:episode"
    ]


def test_episodes_are_observations_with_period_site_and_components(bundle: dict) -> None:  # type: ignore[type-arg]
    episodes = _episodes(bundle)
    assert len(episodes) == DAYS
    # rhythmic and stopped when held (i % 9 != 0), or a tremor on video (i % 3 == 0): Tremor
    tremor = [o for o in episodes if o["code"]["coding"][0].get("code") == "26079004"]
    assert len(tremor) == len([i for i in range(DAYS) if i % 9 or i % 3 == 0])
    first = next(o for o in episodes if o["identifier"][0]["value"].endswith("ep-0000"))
    assert first["code"]["coding"][0]["system"] == "http://snomed.info/sct"
    assert first["effectivePeriod"]["start"].startswith("2026-01-05T08:00:00")
    assert first["effectivePeriod"]["end"].startswith("2026-01-05T08:00:10")  # 10 s
    assert first["bodySite"] == {
        "coding": [
            {
                "system": "http://snomed.info/sct",
                "code": "61685007",
                "display": "Lower limb structure",
            }
        ],
        "text": "both legs",
    }
    parts = [
        [x["code"] for x in c["valueCodeableConcept"]["coding"]]
        for c in first["component"]
        if c["code"]["coding"][0]["code"] == "body-part"
    ]
    assert parts == [["32153003", "left_leg"], ["62175007", "right_leg"]]
    comps = {c["code"]["coding"][0]["code"]: c for c in first["component"]}
    assert comps["duration"]["valueQuantity"] == {
        "value": 10.0,
        "unit": "s",
        "system": "http://unitsofmeasure.org",
        "code": "s",
    }
    assert (
        comps["stops-with-gentle-hold"]["valueCodeableConcept"]["coding"][0]["code"] == "no"
    )  # 0 % 9 == 0
    assert comps["responsive"]["valueCodeableConcept"]["coding"][0]["code"] == "yes"
    eye = next(o for o in episodes if o["identifier"][0]["value"].endswith("ep-0004"))
    assert any(c["code"]["coding"][0]["code"] == "eye-signs" for c in eye["component"])
    # derived from the recording (Media) and its analysis Observation
    urls = _by_url(bundle)
    kinds = sorted(urls[d["reference"]]["resourceType"] for d in first["derivedFrom"])
    assert kinds == ["Media", "Observation"]
    analysis = next(
        urls[d["reference"]] for d in first["derivedFrom"] if d["type"] == "Observation"
    )
    freq = next(
        c for c in analysis["component"] if c["code"]["coding"][0]["code"] == "dominant-frequency"
    )
    assert freq["valueQuantity"]["value"] == cd.frequency_hz(0)
    assert freq["valueQuantity"]["code"] == "Hz"


def test_media_carry_size_and_sha256(bundle: dict) -> None:  # type: ignore[type-arg]
    d = cd.make_diary(DAYS)
    media = _of(bundle, "Media")
    assert len(media) == len(d.recordings) == 5
    by_id = {m["identifier"][0]["value"]: m for m in media}
    for rec in d.recordings:
        m = by_id[rec.id]
        assert m["content"]["size"] == rec.size_bytes
        assert {"system": "urn:tremorwatch:sha256", "value": rec.sha256} in m["identifier"]


def test_temperatures_use_loinc_and_ucum(bundle: dict) -> None:  # type: ignore[type-arg]
    temps = [
        o for o in _of(bundle, "Observation") if o["code"]["coding"][0].get("code") == "8310-5"
    ]
    values = sorted(o["valueQuantity"]["value"] for o in temps)
    # the triage of episode 0 gave 37.0 rectal while the episode logged 36.5 axillary: two readings
    assert values == sorted([cd.temperature_c(0), cd.temperature_c(10), 37.0])
    assert {o["valueQuantity"]["code"] for o in temps} == {"Cel"}
    assert {o["code"]["coding"][0]["system"] for o in temps} == {"http://loinc.org"}


def test_risk_assessments_carry_ruleset_disposition_and_rules(bundle: dict) -> None:  # type: ignore[type-arg]
    risks = sorted(_of(bundle, "RiskAssessment"), key=lambda r: r["occurrenceDateTime"])
    assert len(risks) == 2
    same_day = risks[1]
    method = same_day["method"]["coding"][0]
    assert (method["code"], method["version"]) == ("tremorwatch-triage", "2026.1")
    (disposition,) = [
        x["valueCodeableConcept"]
        for x in same_day["extension"]
        if x["url"].endswith("/triage-disposition")
    ]
    outcome = {c["system"].rsplit("/", 1)[1]: c["code"] for c in disposition["coding"]}
    assert outcome == {"disposition": "same_day", "v3-ActPriority": "UR"}
    assert "reasonCode" not in same_day
    assert "prediction" not in same_day  # the synthetic results name no possible cause
    rules = [b for b in same_day["basis"] if "identifier" in b]
    assert [b["identifier"]["value"] for b in rules] == ["loss_of_skills", "tremor_after_3_months"]
    assert rules[0]["display"] == "Rule loss_of_skills (same_day): A skill the baby had is lost"
    urls = _by_url(bundle)
    basis_types = [
        urls[b["reference"]]["resourceType"] for b in same_day["basis"] if "reference" in b
    ]
    assert basis_types == ["QuestionnaireResponse"]
    first = [urls[b["reference"]] for b in risks[0]["basis"] if "reference" in b]
    assert [r["resourceType"] for r in first] == [
        "QuestionnaireResponse",
        "Observation",
        "Observation",
    ]
    assert first[2]["code"]["coding"][0]["code"] == "8310-5"  # the triage's own reading
    assert risks[0]["reasonReference"] == [risks[0]["basis"][1]]  # the episode triaged


def test_questionnaire_is_included_and_responses_use_its_link_ids(bundle: dict) -> None:  # type: ignore[type-arg]
    (form,) = _of(bundle, "Questionnaire")
    assert form["url"].endswith("/Questionnaire/assessment")
    links = questionnaire_link_ids()
    assert {
        "infant.age_days",
        "episode.stops_with_gentle_hold",
        "findings",
        "vitals.temperature_c",
    } <= links
    responses = _of(bundle, "QuestionnaireResponse")
    assert len(responses) == 2
    second = next(r for r in responses if any(i["linkId"] == "findings" for i in r["item"]))
    findings = next(i for i in second["item"] if i["linkId"] == "findings")
    assert findings["answer"][0]["valueCoding"]["code"] == "loss_of_skills"


def test_milestones_and_loss_of_skills(bundle: dict) -> None:  # type: ignore[type-arg]
    obs = _of(bundle, "Observation")
    ticks = [o for o in obs if o["code"]["coding"][0]["system"].endswith("/cdc-milestone")]
    assert len(ticks) == 4
    (loss,) = [o for o in obs if o["code"]["coding"][0]["code"] == "loss-of-skills"]
    assert loss["valueCodeableConcept"]["coding"][0]["code"] == "m04_holds_toy"
    assert len(loss["derivedFrom"]) == 2


def test_concept_map_to_act_priority(bundle: dict) -> None:  # type: ignore[type-arg]
    maps = {m["url"].rsplit("/", 1)[1]: m for m in _of(bundle, "ConceptMap")}
    assert set(maps) == {
        "disposition-to-act-priority",
        "motion-pattern-to-snomed",
        "body-part-to-snomed",
    }
    cmap = maps["disposition-to-act-priority"]
    targets = {e["code"]: e["target"][0]["code"] for e in cmap["group"][0]["element"]}
    assert targets == {
        "emergency": "EM",
        "same_day": "UR",
        "within_days": "A",
        "routine": "R",
        "home_care": "PRN",
    }


def test_range_limits_the_bundle() -> None:
    d = cd.make_diary(DAYS)
    b = build_bundle(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        date_from=date(2026, 1, 6),
        date_to=date(2026, 1, 7),
    )
    assert len(_episodes(b)) == 2
    assert len(_of(b, "Media")) == 0  # recordings are on days 0, 3, 6, ...: none on days 1 and 2
    b2 = build_bundle(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        date_from=cd.START + timedelta(days=3),
        date_to=cd.START + timedelta(days=3),
    )
    assert len(_of(b2, "Media")) == 1


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (lambda b: b["entry"][0].update(fullUrl="http://example.org/Patient/1"), "not a urn:uuid"),
        (lambda b: b["entry"][0].update(fullUrl="urn:uuid:not-a-uuid"), "valid UUID"),
        (lambda b: b["entry"].pop(0), "not an entry of the Bundle"),
        (
            lambda b: _first(b, "Observation", "26079004")["component"][0]["code"]["coding"][
                0
            ].update(code="wobble"),
            "not a code of",
        ),
        (
            lambda b: _first(b, "RiskAssessment")["extension"][0]["valueCodeableConcept"]["coding"][
                1
            ].update(code="ZZ"),
            "v3-ActPriority",
        ),
        (
            lambda b: _first(b, "Observation", "26079004").update(
                subject=_first(b, "RiskAssessment")["basis"][0]
            ),
            "may not point to",
        ),
        (
            lambda b: _first(b, "QuestionnaireResponse")["item"].append(
                {"linkId": "episode.colour"}
            ),
            "unknown linkId",
        ),
    ],
)
def test_our_checks_catch_what_the_library_does_not(bundle: dict, corrupt, message: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    broken = copy.deepcopy(bundle)
    corrupt(broken)
    problems = check_bundle(broken)
    assert any(message in p for p in problems), problems
    with pytest.raises(TremorwatchError) as info:
        validate_bundle(broken)
    assert info.value.code == "fhir_invalid"


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda o: o["effectivePeriod"].update(start="yesterday morning"),
        lambda o: o.update(colour="blue"),
        lambda o: o["component"][0]["valueQuantity"].update(value="ten"),
    ],
)
def test_the_library_catches_structural_errors(bundle: dict, corrupt) -> None:  # type: ignore[no-untyped-def,type-arg]
    broken = copy.deepcopy(bundle)
    corrupt(_first(broken, "Observation", "26079004"))
    assert check_bundle(broken) == []  # our checks do not look at structure
    with pytest.raises(TremorwatchError, match="not valid R4"):
        validate_bundle(broken)


def _first(bundle: dict, kind: str, code: str | None = None) -> dict:  # type: ignore[type-arg]
    for resource in _of(bundle, kind):
        if code is None or resource.get("code", {}).get("coding", [{}])[0].get("code") == code:
            return resource
    raise LookupError(kind)
