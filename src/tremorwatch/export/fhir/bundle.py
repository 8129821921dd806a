"""Build the FHIR R4 ``collection`` Bundle of one baby, validate it, and serialise it.

The Bundle holds: the Patient; birth and history Observations; each recording as Media (with
the URL of its file) and its movement analysis as an Observation, both at the episode's time;
each episode as an Observation coded by what was observed (the analysis first, else the
caregiver's answers; SNOMED CT where a concept fits) derived from those; each temperature
reading once (LOINC 8310-5, UCUM Cel), referenced by every triage that used it; each triage
result as a RiskAssessment whose basis is the interview's QuestionnaireResponse, the episode,
the readings and the fired rules, a re-triage of an episode replacing the one before; milestone
ticks and any loss of skills as Observations; and tremorwatch's own terminology (CodeSystems,
ConceptMaps to v3-ActPriority and SNOMED CT, the extensions' StructureDefinitions, the
Questionnaire), so the Bundle is self-describing.

Validation is twofold: ``fhir.resources`` (R4B models, wire-compatible with R4 for these
resources) checks every resource's structure and types, and :mod:`.checks` checks what that
library does not (references resolve inside the Bundle to the allowed types, our codes exist in
our CodeSystems, fullUrls are ``urn:uuid:``). CI also runs the Node validator of
``tools/fhir-validator`` (Medplum's R4 StructureDefinitions, the official JSON schema, UCUM) on
a rich synthetic diary's Bundle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    RecordingInfo,
)
from tremorwatch.domain.milestones import detect_skill_losses
from tremorwatch.errors import InputError
from tremorwatch.export.fhir import resources as r
from tremorwatch.export.fhir.checks import check_bundle
from tremorwatch.export.fhir.questionnaire import questionnaire, questionnaire_response
from tremorwatch.export.fhir.terms import (
    VITAL_SIGNS,
    body_site_concept_map,
    code_systems,
    disposition_concept_map,
    extension_definitions,
    movement_concept_map,
)


def _prune(value: Any) -> Any:
    """Drop None values and empty lists/dicts (FHIR forbids empty elements)."""
    if isinstance(value, dict):
        out = {k: _prune(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [_prune(v) for v in value if v is not None]
    return value


def _terminology() -> list[dict[str, Any]]:
    items = [
        *code_systems(),
        disposition_concept_map(),
        movement_concept_map(),
        body_site_concept_map(),
        *extension_definitions(),
        questionnaire(),
    ]
    for item in items:
        item["id"] = r.entry_uuid(item["resourceType"], item["url"])
    return items


def build_bundle(
    profile: InfantProfile,
    *,
    episodes: Iterable[EpisodeEntry] = (),
    recordings: Iterable[RecordingInfo] = (),
    assessments: Iterable[AssessmentRecord] = (),
    milestone_answers: Sequence[MilestoneAnswer] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    generated_at: datetime | None = None,
    base_url: str | None = None,
    validate: bool = True,
) -> dict[str, Any]:
    """The Bundle (as a JSON-ready dict) of ``profile``'s diary, optionally within a date range.

    ``base_url`` is the tremorwatch instance's public address, for the recordings' file URLs
    (they are relative to the instance without it).

    Raises
    ------
    InputError
        When the range runs backwards.
    tremorwatch.errors.TremorwatchError
        (``code="fhir_invalid"``) when ``validate`` and the Bundle fails a check; that is a bug.
    """
    if date_from and date_to and date_to < date_from:
        raise InputError(
            f"The range ends ({date_to}) before it starts ({date_from}).", field="date_to"
        )

    def in_range(moment: datetime) -> bool:
        day = moment.astimezone(UTC).date()
        return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    chosen = sorted(
        (e for e in episodes if e.infant_id == profile.id and in_range(e.started_at)),
        key=lambda e: e.started_at,
    )
    episode_ids = {e.id for e in chosen}
    recs_by_episode: dict[str, list[RecordingInfo]] = {}
    for rec in recordings:
        if rec.episode_id in episode_ids:
            recs_by_episode.setdefault(rec.episode_id, []).append(rec)

    subject = r.patient(profile)
    resources: list[dict[str, Any]] = [subject, *r.birth_observations(profile, subject)]
    episode_resources: dict[str, dict[str, Any]] = {}
    readings: dict[tuple[Any, ...], dict[str, Any]] = {}
    for episode in chosen:
        derived: list[dict[str, Any]] = []
        recs = sorted(recs_by_episode.get(episode.id, []), key=lambda x: x.created_at)
        for rec in recs:
            media = r.media(rec, subject, episode, base_url=base_url)
            resources.append(media)
            derived.append(r.ref(media))
            analysis = r.analysis_observation(rec, media, subject, episode)
            if analysis is not None:
                resources.append(analysis)
                derived.append(r.ref(analysis))
        observation = r.episode_observation(episode, subject, derived, recs)
        episode_resources[episode.id] = observation
        resources.append(observation)
        if episode.temperature_c is not None:
            reading = r.temperature_observation(
                f"episode/{episode.id}",
                episode.started_at,
                episode.temperature_c,
                episode.temperature_site,
                subject,
            )
            readings[(episode.id, episode.temperature_c, episode.temperature_site)] = reading
            resources.append(reading)

    latest_of_episode: dict[str, dict[str, Any]] = {}
    for record in sorted(assessments, key=lambda a: a.created_at):
        if record.infant_id != profile.id or not in_range(record.created_at):
            continue
        response = questionnaire_response(
            record.assessment,
            subject=f"urn:uuid:{subject['id']}",
            authored=record.created_at.isoformat(),
            response_id=r.entry_uuid("QuestionnaireResponse", record.id),
        )
        response["subject"]["type"] = "Patient"
        resources.append(response)
        basis = [r.ref(response)]
        episode_ref = None
        if record.episode_id in episode_resources:
            episode_ref = r.ref(episode_resources[record.episode_id])
            basis.append(episode_ref)
        # One reading, one Observation: the episode's own temperature when the triage used
        # it, else the first triage of the same episode (or this one) that gave the reading.
        vitals = record.assessment.vitals
        chain = record.episode_id or f"assessment/{record.id}"
        for field in VITAL_SIGNS:
            value = getattr(vitals, field)
            if value is None:
                continue
            site = vitals.temperature_site if field == "temperature_c" else None
            key = (chain, value, site) if field == "temperature_c" else (chain, field, value)
            known = readings.get(key)
            if known is None:
                tag = f"assessment/{record.id}"
                known = (
                    r.temperature_observation(tag, record.created_at, value, site, subject)
                    if field == "temperature_c"
                    else r.vital_observation(field, tag, record.created_at, value, subject)
                )
                readings[key] = known
                resources.append(known)
            basis.append(r.ref(known))
        previous = latest_of_episode.get(record.episode_id) if record.episode_id else None
        risk = r.risk_assessment(
            record,
            subject,
            basis,
            reason=episode_ref,
            replaces=r.ref(previous) if previous is not None else None,
        )
        if record.episode_id:
            latest_of_episode[record.episode_id] = risk
        resources.append(risk)

    own = [a for a in milestone_answers if a.infant_id == profile.id and in_range(a.answered_at)]
    ticks: dict[str, list[dict[str, Any]]] = {}
    for index, answer in enumerate(sorted(own, key=lambda a: a.answered_at)):
        tick = r.milestone_observation(answer, subject, index)
        ticks.setdefault(answer.milestone_id, []).append(tick)
        resources.append(tick)
    for loss in detect_skill_losses(own):
        derived = [r.ref(t) for t in ticks.get(loss.milestone.id, [])]
        resources.append(r.skill_loss_observation(loss, subject, derived, profile.id))

    resources.extend(_terminology())
    stamp = (generated_at or datetime.now(UTC)).isoformat()
    bundle = _prune(
        {
            "resourceType": "Bundle",
            "id": r.entry_uuid("Bundle", f"{profile.id}/{date_from}/{date_to}/{stamp}"),
            "meta": {"lastUpdated": stamp},
            "type": "collection",
            "timestamp": stamp,
            "entry": [{"fullUrl": f"urn:uuid:{res['id']}", "resource": res} for res in resources],
        }
    )
    if validate:
        validate_bundle(bundle)
    return bundle  # type: ignore[no-any-return]


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate with ``fhir.resources`` (R4B) and with our own checks; raise on any problem."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    from tremorwatch.errors import TremorwatchError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise TremorwatchError(
            f"The FHIR Bundle is not valid R4 at {where}: {first.get('msg')} "
            f"({exc.error_count()} problems).",
            code="fhir_invalid",
        ) from None
    problems = check_bundle(bundle)
    if problems:
        raise TremorwatchError(
            "The FHIR Bundle failed tremorwatch's checks: " + "; ".join(problems[:5]),
            code="fhir_invalid",
        )
