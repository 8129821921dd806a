"""One function per FHIR resource built from a diary value object (plain dicts, R4 JSON).

References are ``urn:uuid:`` fullUrls of other entries in the same Bundle; ids are stable
UUIDv5 values derived from tremorwatch's own ids (see :func:`entry_uuid`), so exporting twice
gives the same Bundle.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

from tremorwatch.domain.codes import Sex
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    RecordingInfo,
)
from tremorwatch.domain.milestones import SkillLoss
from tremorwatch.export.fhir.terms import (
    BIRTH_WEIGHT_LOINC,
    BODY_TEMPERATURE_LOINC,
    COLOUR_FINDINGS,
    EYE_FINDINGS,
    GESTATIONAL_AGE_LOINC,
    LOINC,
    MEDIA_TYPE,
    OBSERVATION_CATEGORY,
    RULESET_ID,
    RULESET_SYSTEM,
    SNOMED,
    TREMOR_SNOMED,
    UCUM,
    coding,
    disposition_concept,
    feature,
    system_url,
)

NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://tremorwatch.org/fhir")
SHA256_SYSTEM: Final = "urn:tremorwatch:sha256"


def entry_uuid(kind: str, key: str) -> str:
    """A stable UUID for resource ``kind`` of tremorwatch object ``key``."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


def ref(resource: dict[str, Any]) -> dict[str, str]:
    """A Reference to a resource built here (its fullUrl)."""
    return {"reference": f"urn:uuid:{resource['id']}", "type": resource["resourceType"]}


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code}]}]


def _quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


_GENDER = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.UNKNOWN: "unknown"}


def patient(profile: InfantProfile) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": entry_uuid("Patient", profile.id),
        "identifier": [{"system": "urn:tremorwatch:infant", "value": profile.id}],
        "name": [{"text": profile.name}],
        "birthDate": profile.date_of_birth.isoformat(),
    }
    if profile.sex is not None:
        resource["gender"] = _GENDER[profile.sex]
    return resource


def birth_observations(profile: InfantProfile, subject: dict[str, Any]) -> list[dict[str, Any]]:
    """Birth weight, gestational age and history items as Observations."""
    out = []
    effective = profile.date_of_birth.isoformat()
    if profile.birth_weight_g is not None:
        code, display = BIRTH_WEIGHT_LOINC
        out.append(
            {
                "resourceType": "Observation",
                "id": entry_uuid("birth-weight", profile.id),
                "status": "final",
                "category": _category("vital-signs"),
                "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
                "subject": ref(subject),
                "effectiveDateTime": effective,
                "valueQuantity": _quantity(profile.birth_weight_g, "g", "g"),
            }
        )
    if profile.gestational_age_weeks is not None:
        code, display = GESTATIONAL_AGE_LOINC
        out.append(
            {
                "resourceType": "Observation",
                "id": entry_uuid("gestational-age", profile.id),
                "status": "final",
                "category": _category("exam"),
                "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
                "subject": ref(subject),
                "effectiveDateTime": effective,
                "valueQuantity": _quantity(profile.gestational_age_weeks, "wk", "wk"),
            }
        )
    for item in profile.history:
        out.append(
            {
                "resourceType": "Observation",
                "id": entry_uuid("history", f"{profile.id}/{item.value}"),
                "status": "final",
                "category": _category("social-history"),
                "code": feature("history-item"),
                "subject": ref(subject),
                "valueCodeableConcept": {"coding": [coding(item)]},
            }
        )
    return out


def media(recording: RecordingInfo, subject: dict[str, Any]) -> dict[str, Any]:
    """A recording as Media: content type, size, file name and SHA-256 (as an identifier).

    FHIR's ``Attachment.hash`` is defined as SHA-1, so the SHA-256 travels as an identifier.
    """
    resource: dict[str, Any] = {
        "resourceType": "Media",
        "id": entry_uuid("Media", recording.id),
        "identifier": [
            {"system": "urn:tremorwatch:recording", "value": recording.id},
            {"system": SHA256_SYSTEM, "value": recording.sha256},
        ],
        "status": "completed",
        "type": {
            "coding": [
                {
                    "system": MEDIA_TYPE,
                    "code": "video" if recording.content_type.startswith("video/") else "image",
                }
            ]
        },
        "subject": ref(subject),
        "createdDateTime": _iso(recording.created_at),
        "content": {
            "contentType": recording.content_type,
            "size": recording.size_bytes,
            "title": recording.filename,
        },
    }
    analysis = recording.analysis
    if analysis is not None:
        if analysis.source.width:
            resource["width"] = analysis.source.width
        if analysis.source.height:
            resource["height"] = analysis.source.height
        resource["duration"] = analysis.source.duration_s
    return resource


def analysis_observation(
    recording: RecordingInfo, media_resource: dict[str, Any], subject: dict[str, Any]
) -> dict[str, Any] | None:
    """The movement analysis of a recording (frequency in Hz, pattern, usable)."""
    analysis = recording.analysis
    if analysis is None:
        return None
    components: list[dict[str, Any]] = [
        {
            "code": feature("movement-pattern"),
            "valueCodeableConcept": {"coding": [coding(analysis.pattern)]},
        },
        {"code": feature("analysis-usable"), "valueBoolean": analysis.quality.usable},
    ]
    if analysis.dominant_frequency_hz is not None:
        components.insert(
            0,
            {
                "code": feature("dominant-frequency"),
                "valueQuantity": _quantity(analysis.dominant_frequency_hz, "Hz", "Hz"),
            },
        )
    return {
        "resourceType": "Observation",
        "id": entry_uuid("analysis", recording.id),
        "status": "final",
        "category": _category("exam"),
        "code": feature("motion-analysis"),
        "subject": ref(subject),
        "effectiveDateTime": _iso(recording.created_at),
        "derivedFrom": [ref(media_resource)],
        "component": components,
        "note": [{"text": f"Issues: {', '.join(i.value for i in analysis.quality.issues)}"}]
        if analysis.quality.issues
        else None,
    }


def episode_observation(
    episode: EpisodeEntry, subject: dict[str, Any], derived_from: list[dict[str, Any]]
) -> dict[str, Any]:
    """An episode: SNOMED 26079004 Tremor, body site, period and feature components."""
    code, display = TREMOR_SNOMED
    period: dict[str, str] = {"start": _iso(episode.started_at)}
    components: list[dict[str, Any]] = []
    if episode.duration_s is not None:
        period["end"] = _iso(episode.started_at + timedelta(seconds=episode.duration_s))
        components.append(
            {"code": feature("duration"), "valueQuantity": _quantity(episode.duration_s, "s", "s")}
        )
    for name, answer in (
        ("stops-with-gentle-hold", episode.stops_with_gentle_hold),
        ("rhythmic", episode.rhythmic),
        ("responsive", episode.responsive),
    ):
        if answer is not None:
            components.append(
                {"code": feature(name), "valueCodeableConcept": {"coding": [coding(answer)]}}
            )
    for finding in episode.findings:
        name = (
            "eye-signs"
            if finding in EYE_FINDINGS
            else "colour-signs"
            if finding in COLOUR_FINDINGS
            else "other-sign"
        )
        components.append(
            {"code": feature(name), "valueCodeableConcept": {"coding": [coding(finding)]}}
        )
    for state in episode.states:
        components.append(
            {"code": feature("state"), "valueCodeableConcept": {"coding": [coding(state)]}}
        )
    if episode.triggers:
        components.append({"code": feature("trigger"), "valueString": episode.triggers})
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": entry_uuid("episode", episode.id),
        "identifier": [{"system": "urn:tremorwatch:episode", "value": episode.id}],
        "status": "final",
        "category": _category("exam"),
        "code": {
            "coding": [{"system": SNOMED, "code": code, "display": display}],
            "text": "Episode of shaking (tremor)",
        },
        "subject": ref(subject),
        "effectivePeriod": period,
        "component": components or None,
        "derivedFrom": derived_from or None,
        "note": [{"text": episode.notes}] if episode.notes else None,
    }
    if episode.body_parts:
        resource["bodySite"] = {
            "coding": [coding(b) for b in episode.body_parts],
            "text": ", ".join(b.value.replace("_", " ") for b in episode.body_parts),
        }
    return resource


def temperature_observation(
    key: str, moment: datetime, value_c: float, site: str | None, subject: dict[str, Any]
) -> dict[str, Any]:
    """A temperature reading: LOINC 8310-5, UCUM Cel."""
    code, display = BODY_TEMPERATURE_LOINC
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": entry_uuid("temperature", key),
        "status": "final",
        "category": _category("vital-signs"),
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        "subject": ref(subject),
        "effectiveDateTime": _iso(moment),
        "valueQuantity": _quantity(value_c, "Cel", "Cel"),
    }
    if site:
        resource["bodySite"] = {
            "coding": [{"system": system_url("temperature-site"), "code": site}],
            "text": site,
        }
    return resource


def risk_assessment(
    record: AssessmentRecord, subject: dict[str, Any], basis: list[dict[str, Any]]
) -> dict[str, Any]:
    """A triage result: method = rule set and version, outcome = the disposition, the reasons."""
    result = record.result
    return {
        "resourceType": "RiskAssessment",
        "id": entry_uuid("RiskAssessment", record.id),
        "identifier": [{"system": "urn:tremorwatch:assessment", "value": record.id}],
        "status": "final",
        "subject": ref(subject),
        "occurrenceDateTime": _iso(record.created_at),
        "method": {
            "coding": [
                {
                    "system": RULESET_SYSTEM,
                    "code": RULESET_ID,
                    "version": result.ruleset_version,
                    "display": "tremorwatch triage rules",
                }
            ],
            "text": f"tremorwatch triage rules, version {result.ruleset_version}",
        },
        "basis": basis or None,
        "prediction": [
            {"outcome": disposition_concept(result.disposition), "rationale": result.headline}
        ],
        "reasonCode": [
            {"coding": [coding(r.disposition)], "text": f"{r.rule_id}: {r.text}"}
            for r in result.reasons
        ]
        or None,
        "mitigation": " ".join(result.advice) or None,
        "note": [{"text": f"Suggested evaluation: {item}"} for item in result.suggested_evaluation]
        or None,
    }


def milestone_observation(
    answer: MilestoneAnswer, subject: dict[str, Any], index: int
) -> dict[str, Any]:
    """One caregiver tick for one CDC milestone."""
    return {
        "resourceType": "Observation",
        "id": entry_uuid(
            "milestone",
            f"{answer.infant_id}/{answer.milestone_id}/{answer.answered_at.isoformat()}/{index}",
        ),
        "status": "final",
        "category": _category("survey"),
        "code": {"coding": [{"system": system_url("cdc-milestone"), "code": answer.milestone_id}]},
        "subject": ref(subject),
        "effectiveDateTime": _iso(answer.answered_at),
        "valueCodeableConcept": {"coding": [coding(answer.answer)]},
        "note": [{"text": f"Answered by {answer.answered_by}"}] if answer.answered_by else None,
    }


def skill_loss_observation(
    loss: SkillLoss, subject: dict[str, Any], derived_from: list[dict[str, Any]], infant_id: str
) -> dict[str, Any]:
    """A loss of skills (a red flag) found in the milestone history."""
    return {
        "resourceType": "Observation",
        "id": entry_uuid("skill-loss", f"{infant_id}/{loss.milestone.id}"),
        "status": "final",
        "category": _category("survey"),
        "code": feature("loss-of-skills"),
        "subject": ref(subject),
        "effectiveDateTime": _iso(loss.lost_at),
        "valueCodeableConcept": {
            "coding": [{"system": system_url("cdc-milestone"), "code": loss.milestone.id}],
            "text": loss.milestone.text,
        },
        "derivedFrom": derived_from or None,
        "interpretation": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                        "code": "AA",
                        "display": "Critical abnormal",
                    }
                ]
            }
        ],
    }
