"""What the FHIR Bundle means, element by element, as a clinician-informatician reads it.

One test per defect found on reading the demo Bundle (issue 16): the episode's code follows what
was observed; each vital sign is one Observation referenced by every triage that used it; a
re-triage replaces the run before; RiskAssessment's fields hold what FHIR defines them to hold;
analyses and Media carry the episode's own time; Media reaches the file; Patient has a usual
given name, birth date and gender; body sites are SNOMED CT where a code exists.

Known answers come from :func:`clinician_diary.make_rich_diary` (its docstring lists the
episodes) and from SNOMED CT / LOINC / HL7 code lists: 26079004 Tremor, 32153003 / 62175007
left / right lower limb structure, 30291003 Chin structure, 38266002 Entire body as a whole,
34402009 Rectum structure; LOINC 8310-5, 8867-4, 9279-1, 15074-8; HL7 risk-probability
high / moderate / low.
"""

from __future__ import annotations

from typing import Any

import pytest

import clinician_diary as cd
from tremorwatch.export.fhir import build_bundle

BASE = "https://tremorwatch.example.org"
SNOMED = "http://snomed.info/sct"


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    d = cd.make_rich_diary()
    return build_bundle(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        assessments=d.assessments,
        milestone_answers=d.milestone_answers,
        base_url=BASE + "/",
    )


def _of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _urls(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def _with_id(bundle: dict[str, Any], kind: str, value: str) -> dict[str, Any]:
    (found,) = [
        r for r in _of(bundle, kind) if any(i["value"] == value for i in r.get("identifier", []))
    ]
    return found


def _episode(bundle: dict[str, Any], i: int) -> dict[str, Any]:
    return _with_id(bundle, "Observation", f"baby-r-ep-{i:04d}")


def _codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"].rsplit("/", 1)[-1], c["code"]) for c in concept.get("coding", [])]


def test_episode_is_coded_by_what_the_analysis_or_caregiver_observed(
    bundle: dict[str, Any],
) -> None:
    # video analysed as tremor (episode 0): SNOMED Tremor + our pattern, by the analysis
    zero = _episode(bundle, 0)
    assert _codes(zero["code"]) == [("sct", "26079004"), ("motion-pattern", "tremor")]
    assert zero["method"]["coding"][0]["code"] == "motion-analysis"
    # clonic jerks on video: no SNOMED Tremor, our clonic code, said in words
    clonic = _episode(bundle, 20)
    assert _codes(clonic["code"]) == [("motion-pattern", "clonic")]
    assert clonic["code"]["text"].startswith("Clonic jerks")
    # an unusable video does not decide; the caregiver said "not rhythmic": irregular movements
    irregular = _episode(bundle, 21)
    assert _codes(irregular["code"]) == [("motion-pattern", "irregular")]
    assert irregular["method"]["coding"][0]["code"] == "caregiver-report"
    assert "caregiver" in irregular["code"]["text"]
    # rhythmic, stopped when held, no video (episode 1): tremor by the caregiver's report
    one = _episode(bundle, 1)
    assert _codes(one["code"]) == [("sct", "26079004"), ("motion-pattern", "tremor")]
    assert one["method"]["coding"][0]["code"] == "caregiver-report"
    # rhythmic but not stopped when held, no video: tremor or clonic, so no pattern is claimed
    unsure = _episode(bundle, 23)
    assert _codes(unsure["code"]) == [("episode-feature", "rhythmic-not-stopped")]
    # the same answers with a video analysed as tremor (episode 9): the analysis decides
    assert _codes(_episode(bundle, 9)["code"])[0] == ("sct", "26079004")
    # the accelerometer's tremor decides for episode 22
    assert _codes(_episode(bundle, 22)["code"])[0] == ("sct", "26079004")
    # no episode claims Tremor unless the analysis or the caregiver's answers say tremor
    tremor = [
        o
        for o in _of(bundle, "Observation")
        if ("sct", "26079004") in _codes(o["code"])
        and o.get("identifier", [{}])[0].get("system") == "urn:tremorwatch:episode"
    ]
    assert len(tremor) == len([i for i in range(14) if i % 9 or i % 3 == 0]) + 1


def test_the_snomed_gaps_are_stated_in_a_concept_map(bundle: dict[str, Any]) -> None:
    (cmap,) = [
        m for m in _of(bundle, "ConceptMap") if m["url"].endswith("motion-pattern-to-snomed")
    ]
    targets = {e["code"]: e["target"][0] for e in cmap["group"][0]["element"]}
    assert targets["tremor"]["code"] == "26079004"
    assert targets["tremor"]["equivalence"] == "equivalent"
    for uncoded in ("clonic", "irregular", "none"):
        assert targets[uncoded]["equivalence"] == "unmatched"
        assert targets[uncoded]["comment"]


def test_each_vital_sign_is_exported_once_and_referenced(bundle: dict[str, Any]) -> None:
    obs = _of(bundle, "Observation")

    def readings(loinc: str) -> list[dict[str, Any]]:
        return [o for o in obs if _codes(o["code"]) == [("loinc.org", loinc)]]

    # episode 20 logged 38.4 rectal; both of its triage runs gave the same reading
    hot = [o for o in readings("8310-5") if o["valueQuantity"]["value"] == 38.4]
    assert len(hot) == 1
    assert _codes(hot[0]["bodySite"]) == [("sct", "34402009"), ("temperature-site", "rectal")]
    assert hot[0]["effectiveDateTime"] == cd.started_at(20).isoformat()  # the episode's time
    # 3 temperature readings in the 14-day diary + this one
    assert len(readings("8310-5")) == 4
    # heart rate, breathing rate, glucose: once each, with their UCUM units
    for loinc, unit in (("8867-4", "/min"), ("9279-1", "/min"), ("15074-8", "mmol/L")):
        (reading,) = readings(loinc)
        assert reading["valueQuantity"]["code"] == unit
    # both runs of episode 20 point at the one temperature Observation
    runs = [_with_id(bundle, "RiskAssessment", f"baby-r-as-20-{n}") for n in (0, 1)]
    hot_url = f"urn:uuid:{hot[0]['id']}"
    for run in runs:
        assert hot_url in [b.get("reference") for b in run["basis"]]


def test_a_re_triage_replaces_the_run_before(bundle: dict[str, Any]) -> None:
    first = _with_id(bundle, "RiskAssessment", "baby-r-as-20-0")
    second = _with_id(bundle, "RiskAssessment", "baby-r-as-20-1")
    assert first["status"] == "final"
    assert not [x for x in first["extension"] if x["url"].endswith("/replaces")]
    assert second["status"] == "amended"
    (replaces,) = [x for x in second["extension"] if x["url"].endswith("/replaces")]
    assert replaces["valueReference"]["reference"] == f"urn:uuid:{first['id']}"
    # runs of different episodes (or none) do not replace each other
    others = [
        r for r in _of(bundle, "RiskAssessment") if r["id"] not in (first["id"], second["id"])
    ]
    assert {r["status"] for r in others} == {"final"}
    definitions = {s["url"] for s in _of(bundle, "StructureDefinition")}
    assert replaces["url"] in definitions


def test_risk_assessment_fields_hold_what_fhir_defines(bundle: dict[str, Any]) -> None:
    run = _with_id(bundle, "RiskAssessment", "baby-r-as-20-1")
    # prediction: the condition as outcome, the likelihood as qualitativeRisk
    predicted = [
        (
            p["outcome"]["coding"][0]["code"],
            p["qualitativeRisk"]["coding"][0]["code"],
            p["qualitativeRisk"]["coding"][0]["system"],
        )
        for p in run["prediction"]
    ]
    risk = "http://terminology.hl7.org/CodeSystem/risk-probability"
    assert predicted == [
        ("seizure", "high", risk),
        ("sepsis", "moderate", risk),
        ("physiological_jitteriness", "low", risk),
    ]
    assert run["prediction"][0]["rationale"] == "does not stop when held; rhythmic jerks"
    # the urgency is not a predicted outcome: it is the disposition extension (ActPriority EM)
    (disposition,) = [x for x in run["extension"] if x["url"].endswith("/triage-disposition")]
    assert ("v3-ActPriority", "EM") in _codes(disposition["valueCodeableConcept"])
    # fired rules are in basis, not reasonCode
    assert "reasonCode" not in run
    rules = [b["identifier"]["value"] for b in run["basis"] if "identifier" in b]
    assert rules == ["fever_under_3_months", "not_suppressible"]
    # the data considered: answers, the episode, and the four readings of this run
    urls = _urls(bundle)
    considered = [urls[b["reference"]] for b in run["basis"] if "reference" in b]
    assert [r["resourceType"] for r in considered] == ["QuestionnaireResponse"] + [
        "Observation"
    ] * 5
    assert run["reasonReference"][0]["reference"] == f"urn:uuid:{_episode(bundle, 20)['id']}"
    assert run["mitigation"] == "Call now. Film another episode if it is safe."


def test_analysis_and_media_carry_the_episode_time(bundle: dict[str, Any]) -> None:
    start = cd.started_at(20)
    end = start.timestamp() + cd.duration_s(20)
    media = _with_id(bundle, "Media", "baby-r-rec-0020")
    assert media["createdPeriod"]["start"] == start.isoformat()
    assert media["content"]["creation"] == start.isoformat()
    uploaded = (cd.started_at(20).replace(hour=cd.started_at(20).hour + 2)).isoformat()
    assert media["issued"] == uploaded  # the upload time is kept, as issued
    urls = _urls(bundle)
    (analysis,) = [
        o
        for o in _of(bundle, "Observation")
        if any(urls[d["reference"]] is media for d in o.get("derivedFrom", []))
        and _codes(o["code"]) == [("episode-feature", "motion-analysis")]
    ]
    assert analysis["effectivePeriod"]["start"] == start.isoformat()
    from datetime import UTC, datetime

    assert analysis["effectivePeriod"]["end"] == datetime.fromtimestamp(end, UTC).isoformat()
    assert analysis["issued"] == uploaded


def test_media_reaches_the_video_through_its_url(bundle: dict[str, Any]) -> None:
    media = _with_id(bundle, "Media", "baby-r-rec-0020")
    assert media["content"]["url"] == f"{BASE}/api/v1/recordings/baby-r-rec-0020/video"
    assert media["type"]["coding"][0]["code"] == "video"
    sensor = _with_id(bundle, "Media", "baby-r-rec-0022")
    assert "type" not in sensor  # an accelerometer file is no image, video or audio
    d = cd.make_diary(3)
    relative = build_bundle(d.profile, episodes=d.episodes, recordings=d.recordings)
    (only,) = _of(relative, "Media")
    assert only["content"]["url"] == "/api/v1/recordings/baby-1-rec-0000/video"


def test_patient_has_given_name_birth_date_and_gender(bundle: dict[str, Any]) -> None:
    (patient,) = _of(bundle, "Patient")
    assert patient["name"] == [{"use": "usual", "text": "Ada", "given": ["Ada"]}]
    assert patient["birthDate"] == cd.BORN.isoformat()
    assert patient["gender"] == "female"


@pytest.mark.parametrize(
    ("episode", "site", "parts"),
    [
        (21, [("sct", "62175007"), ("body-part", "right_leg")], [["62175007", "right_leg"]]),
        (22, [("sct", "38266002"), ("body-part", "whole_body")], [["38266002", "whole_body"]]),
        # an arm and the chin: no one structure covers both, so each is a coded component
        (23, [], [["53120007", "right_arm"], ["30291003", "chin"]]),
    ],
)
def test_body_sites_are_snomed_where_a_code_exists(
    bundle: dict[str, Any], episode: int, site: list[tuple[str, str]], parts: list[list[str]]
) -> None:
    observation = _episode(bundle, episode)
    assert _codes(observation["bodySite"]) == site
    found = [
        [c["code"] for c in comp["valueCodeableConcept"]["coding"]]
        for comp in observation["component"]
        if comp["code"]["coding"][0]["code"] == "body-part"
    ]
    assert found == parts
