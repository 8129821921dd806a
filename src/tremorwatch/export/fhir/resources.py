"""One function per FHIR resource built from a diary value object (plain dicts, R4 JSON).

References are ``urn:uuid:`` fullUrls of other entries in the same Bundle; ids are stable
UUIDv5 values derived from tremorwatch's own ids (see :func:`entry_uuid`), so exporting twice
gives the same Bundle.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from tremorwatch.domain.codes import Answer, BodyPart, MotionPattern, Sex, TemperatureSite
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    RecordingInfo,
)
from tremorwatch.domain.milestones import SkillLoss
from tremorwatch.domain.motion import PATTERN_PRIORITY
from tremorwatch.export.fhir.terms import (
    BIRTH_WEIGHT_LOINC,
    BODY_PART_SNOMED,
    BOTH_ARMS_SNOMED,
    BOTH_LEGS_SNOMED,
    COLOUR_FINDINGS,
    DISPOSITION_EXTENSION,
    EYE_FINDINGS,
    GESTATIONAL_AGE_LOINC,
    LIKELIHOOD_TO_RISK_PROBABILITY,
    LOINC,
    MEDIA_TYPE,
    MOTION_PATTERN_SNOMED,
    MOTION_PATTERN_TEXT,
    OBSERVATION_CATEGORY,
    REPLACES_EXTENSION,
    RISK_PROBABILITY,
    RULE_IDENTIFIER_SYSTEM,
    RULESET_ID,
    RULESET_SYSTEM,
    SNOMED,
    TEMPERATURE_SITE_SNOMED,
    UCUM,
    VITAL_SIGNS,
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
        # The diary keeps one name, the one the family uses ("name or nickname"): it is the
        # usual given name; a family name is not asked, so none is made up.
        "name": [{"use": "usual", "text": profile.name, "given": [profile.name]}],
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


def recording_url(recording: RecordingInfo, base_url: str | None) -> str:
    """Where the recording's file can be fetched: the API download (needs an API token of the
    family or of a clinician the family shares with). Relative to the tremorwatch instance
    when its public address is not known."""
    path = f"/api/v1/recordings/{recording.id}/video"
    return base_url.rstrip("/") + path if base_url else path


def media(
    recording: RecordingInfo,
    subject: dict[str, Any],
    episode: EpisodeEntry,
    *,
    base_url: str | None = None,
) -> dict[str, Any]:
    """A recording as Media: when it was filmed (the episode's time), where to fetch it,
    content type, size, file name and SHA-256 (as an identifier).

    ``created`` is the episode's period (the clip shows the episode); ``issued`` is when the
    file reached tremorwatch. FHIR's ``Attachment.hash`` is defined as SHA-1, so the SHA-256
    travels as an identifier.
    """
    resource: dict[str, Any] = {
        "resourceType": "Media",
        "id": entry_uuid("Media", recording.id),
        "identifier": [
            {"system": "urn:tremorwatch:recording", "value": recording.id},
            {"system": SHA256_SYSTEM, "value": recording.sha256},
        ],
        "status": "completed",
        "type": _media_type(recording.content_type),
        "subject": ref(subject),
        "createdPeriod": _episode_period(episode),
        "issued": _iso(recording.created_at),
        "content": {
            "contentType": recording.content_type,
            "url": recording_url(recording, base_url),
            "size": recording.size_bytes,
            "title": recording.filename,
            "creation": _iso(episode.started_at),
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


def _media_type(content_type: str) -> dict[str, Any] | None:
    """HL7 media-type (image, video, audio); None for a sensor file (an accelerometer CSV)."""
    kind = content_type.split("/", 1)[0]
    if kind not in ("image", "video", "audio"):
        return None
    return {"coding": [{"system": MEDIA_TYPE, "code": kind, "display": kind.title()}]}


def _episode_period(episode: EpisodeEntry) -> dict[str, str]:
    period = {"start": _iso(episode.started_at)}
    if episode.duration_s is not None:
        period["end"] = _iso(episode.started_at + timedelta(seconds=episode.duration_s))
    return period


def analysis_observation(
    recording: RecordingInfo,
    media_resource: dict[str, Any],
    subject: dict[str, Any],
    episode: EpisodeEntry,
) -> dict[str, Any] | None:
    """The movement analysis of a recording (frequency in Hz, pattern, usable).

    ``effective`` is the episode's period (what was observed); ``issued`` is when the
    recording was uploaded and analysed.
    """
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
        "effectivePeriod": _episode_period(episode),
        "issued": _iso(recording.created_at),
        "derivedFrom": [ref(media_resource)],
        "component": components,
        "note": [{"text": f"Issues: {', '.join(i.value for i in analysis.quality.issues)}"}]
        if analysis.quality.issues
        else None,
    }


def observed_pattern(
    episode: EpisodeEntry, recordings: list[RecordingInfo]
) -> tuple[MotionPattern | None, str]:
    """What the episode was, and who said so: ``(pattern or None, how)``.

    The movement analysis of a usable recording decides first (the most concerning pattern
    any usable recording showed, clonic before tremor before irregular); otherwise the
    caregiver's answers: rhythmic shaking that stops when the limb is held is tremor (newborn
    jitteriness), shaking that is not rhythmic is irregular movement. Rhythmic shaking that
    does not stop when held could be tremor or clonic jerks, so it gets no pattern
    (``how == "rhythmic-not-stopped"``), and neither does an episode without those answers.
    ``how`` is ``"analysis"``, ``"caregiver"``, ``"rhythmic-not-stopped"`` or ``"unknown"``.
    """
    seen = {
        r.analysis.pattern
        for r in recordings
        if r.analysis is not None
        and r.analysis.quality.usable
        and r.analysis.pattern is not MotionPattern.NONE
    }
    for pattern in PATTERN_PRIORITY:
        if pattern in seen:
            return pattern, "analysis"
    if episode.rhythmic is Answer.NO:
        return MotionPattern.IRREGULAR, "caregiver"
    if episode.rhythmic is Answer.YES:
        if episode.stops_with_gentle_hold is Answer.YES:
            return MotionPattern.TREMOR, "caregiver"
        if episode.stops_with_gentle_hold is Answer.NO:
            return None, "rhythmic-not-stopped"
    return None, "unknown"


def _episode_code(pattern: MotionPattern | None, how: str) -> dict[str, Any]:
    if pattern is None:
        name = "rhythmic-not-stopped" if how == "rhythmic-not-stopped" else "shaking-episode"
        concept = feature(name)
        concept["text"] = concept["coding"][0]["display"] + " (caregiver's report)"
        return concept
    codings = []
    snomed = MOTION_PATTERN_SNOMED[pattern]
    if snomed is not None:
        codings.append({"system": SNOMED, "code": snomed[0], "display": snomed[1]})
    codings.append(coding(pattern))
    who = "movement analysis of the video" if how == "analysis" else "caregiver's report"
    return {"coding": codings, "text": f"{MOTION_PATTERN_TEXT[pattern]} ({who})"}


def body_part_concept(part: BodyPart) -> dict[str, Any]:
    """A body part as SNOMED CT (where coded) plus our own code, which keeps the side."""
    code, display, _ = BODY_PART_SNOMED[part]
    return {
        "coding": [{"system": SNOMED, "code": code, "display": display}, coding(part)],
        "text": part.value.replace("_", " "),
    }


def _body_site(parts: list[BodyPart]) -> dict[str, Any] | None:
    """Observation.bodySite (0..1): one SNOMED CT structure when one covers every part."""
    if not parts:
        return None
    unique = list(dict.fromkeys(parts))
    text = ", ".join(p.value.replace("_", " ") for p in unique)
    if len(unique) == 1:
        return body_part_concept(unique[0])
    both: tuple[str, str] | None = None
    if set(unique) == {BodyPart.LEFT_LEG, BodyPart.RIGHT_LEG}:
        both, text = BOTH_LEGS_SNOMED, "both legs"
    elif set(unique) == {BodyPart.LEFT_ARM, BodyPart.RIGHT_ARM}:
        both, text = BOTH_ARMS_SNOMED, "both arms"
    if both is None:
        return {"text": text}  # each part is a component, coded
    return {"coding": [{"system": SNOMED, "code": both[0], "display": both[1]}], "text": text}


def episode_observation(
    episode: EpisodeEntry,
    subject: dict[str, Any],
    derived_from: list[dict[str, Any]],
    recordings: Sequence[RecordingInfo] = (),
) -> dict[str, Any]:
    """An episode, coded by what was observed (see :func:`observed_pattern`), with its body
    site, period and feature components; ``method`` says who observed it."""
    pattern, how = observed_pattern(episode, list(recordings))
    components: list[dict[str, Any]] = []
    if episode.duration_s is not None:
        components.append(
            {"code": feature("duration"), "valueQuantity": _quantity(episode.duration_s, "s", "s")}
        )
    for part in dict.fromkeys(episode.body_parts):
        components.append(
            {"code": feature("body-part"), "valueCodeableConcept": body_part_concept(part)}
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
    return {
        "resourceType": "Observation",
        "id": entry_uuid("episode", episode.id),
        "identifier": [{"system": "urn:tremorwatch:episode", "value": episode.id}],
        "status": "final",
        "category": _category("exam"),
        "code": _episode_code(pattern, how),
        "subject": ref(subject),
        "effectivePeriod": _episode_period(episode),
        "bodySite": _body_site(episode.body_parts),
        "method": feature("motion-analysis" if how == "analysis" else "caregiver-report"),
        "component": components or None,
        "derivedFrom": derived_from or None,
        "note": [{"text": episode.notes}] if episode.notes else None,
    }


def vital_observation(
    field: str,
    key: str,
    moment: datetime,
    value: float,
    subject: dict[str, Any],
) -> dict[str, Any]:
    """One vital-sign reading (a field of :data:`~.terms.VITAL_SIGNS`): LOINC code, UCUM unit."""
    code, display, unit, category = VITAL_SIGNS[field]
    return {
        "resourceType": "Observation",
        "id": entry_uuid("temperature" if field == "temperature_c" else field, key),
        "status": "final",
        "category": _category(category),
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        "subject": ref(subject),
        "effectiveDateTime": _iso(moment),
        "valueQuantity": _quantity(value, unit, unit),
    }


def temperature_observation(
    key: str,
    moment: datetime,
    value_c: float,
    site: TemperatureSite | None,
    subject: dict[str, Any],
) -> dict[str, Any]:
    """A temperature reading: LOINC 8310-5, UCUM Cel, site in SNOMED CT and our code."""
    resource = vital_observation("temperature_c", key, moment, value_c, subject)
    if site is not None:
        sct, sct_display = TEMPERATURE_SITE_SNOMED[site]
        resource["bodySite"] = {
            "coding": [{"system": SNOMED, "code": sct, "display": sct_display}, coding(site)],
            "text": site.value,
        }
    return resource


def risk_assessment(
    record: AssessmentRecord,
    subject: dict[str, Any],
    basis: list[dict[str, Any]],
    *,
    reason: dict[str, Any] | None = None,
    replaces: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A triage result (``tremorwatch.triage-result/1``) as FHIR means a RiskAssessment.

    - ``method``: the rule set and its version; ``code``: a tremorwatch triage;
    - ``basis``: the data considered (the interview's answers, the episode, readings) and
      every rule that fired, as a logical Reference (identifier + display: a rule is no
      resource);
    - ``prediction``: one per possible cause: ``outcome`` the condition, ``qualitativeRisk``
      its likelihood (HL7 risk-probability), ``rationale`` the findings behind it;
    - the disposition (how urgently to seek care) in the ``triage-disposition`` extension,
      with its v3-ActPriority translation; the advice in ``mitigation``;
    - ``reasonReference``: the episode that was triaged;
    - a re-triage of the same episode is ``amended`` and names the run it replaces in the
      ``replaces`` extension.
    """
    result = record.result
    extensions: list[dict[str, Any]] = [
        {
            "url": DISPOSITION_EXTENSION,
            "valueCodeableConcept": disposition_concept(result.disposition),
        }
    ]
    if replaces is not None:
        extensions.append({"url": REPLACES_EXTENSION, "valueReference": replaces})
    rules = [
        {
            "identifier": {"system": RULE_IDENTIFIER_SYSTEM, "value": reason_.rule_id},
            "display": f"Rule {reason_.rule_id} ({reason_.disposition.value}): {reason_.text}",
        }
        for reason_ in result.reasons
    ]
    predictions = []
    for cause in result.possible_causes:
        risk_code, risk_display = LIKELIHOOD_TO_RISK_PROBABILITY[cause.likelihood]
        predictions.append(
            {
                "outcome": {"coding": [coding(cause.id)], "text": cause.label},
                "qualitativeRisk": {
                    "coding": [
                        {"system": RISK_PROBABILITY, "code": risk_code, "display": risk_display},
                        coding(cause.likelihood),
                    ]
                },
                "rationale": "; ".join(cause.why) or None,
            }
        )
    notes = [{"text": result.headline}]
    notes += [{"text": f"Suggested evaluation: {item}"} for item in result.suggested_evaluation]
    return {
        "resourceType": "RiskAssessment",
        "id": entry_uuid("RiskAssessment", record.id),
        "extension": extensions,
        "identifier": [{"system": "urn:tremorwatch:assessment", "value": record.id}],
        "status": "amended" if replaces is not None else "final",
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
        "code": feature("triage"),
        "subject": ref(subject),
        "occurrenceDateTime": _iso(record.created_at),
        "reasonReference": [reason] if reason is not None else None,
        "basis": [*basis, *rules] or None,
        "prediction": predictions or None,
        "mitigation": " ".join(result.advice) or None,
        "note": notes,
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
