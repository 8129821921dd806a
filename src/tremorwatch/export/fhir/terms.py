"""tremorwatch's FHIR terminology: our CodeSystems, the external codes we use, and the map from
our dispositions to HL7 v3 ActPriority.

Our canonical URLs live under :data:`BASE_URL` (identifiers, not web addresses that must
resolve). Every enum of the exchange formats (``domain.codes``) becomes one CodeSystem whose
codes are the wire strings, so a FHIR coding and the tremorwatch JSON use the same code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final

from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Disposition,
    Finding,
    HistoryItem,
    MotionPattern,
    Sex,
    Speed,
    State,
    TemperatureSite,
    Trend,
)
from tremorwatch.domain.diary import MilestoneAnswerValue
from tremorwatch.domain.milestones import load_catalogue

BASE_URL: Final = "https://tremorwatch.org/fhir"
CS: Final = f"{BASE_URL}/CodeSystem"
CODESYSTEM_VERSION: Final = "1"

SNOMED: Final = "http://snomed.info/sct"
LOINC: Final = "http://loinc.org"
UCUM: Final = "http://unitsofmeasure.org"
ACT_PRIORITY: Final = "http://terminology.hl7.org/CodeSystem/v3-ActPriority"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
MEDIA_TYPE: Final = "http://terminology.hl7.org/CodeSystem/media-type"

TREMOR_SNOMED: Final = ("26079004", "Tremor")
BODY_TEMPERATURE_LOINC: Final = ("8310-5", "Body temperature")
BIRTH_WEIGHT_LOINC: Final = ("8339-4", "Birth weight Measured")
GESTATIONAL_AGE_LOINC: Final = ("76516-4", "Gestational age at birth")

#: enum -> CodeSystem name (URL ``{CS}/{name}``).
ENUM_SYSTEMS: Final[dict[type[StrEnum], str]] = {
    Disposition: "disposition",
    Answer: "answer",
    BodyPart: "body-part",
    State: "state",
    Finding: "finding",
    HistoryItem: "history-item",
    MotionPattern: "motion-pattern",
    Speed: "speed",
    Trend: "trend",
    TemperatureSite: "temperature-site",
    Sex: "sex",
    MilestoneAnswerValue: "milestone-answer",
}

#: Episode features and analysis quantities (CodeSystem ``episode-feature``).
EPISODE_FEATURES: Final[dict[str, str]] = {
    "duration": "Duration of the episode",
    "stops-with-gentle-hold": "Stops when the limb is gently held",
    "rhythmic": "Rhythmic, regular movement",
    "responsive": "Baby responded normally during the episode",
    "eye-signs": "Eye sign seen with the episode",
    "colour-signs": "Colour change seen with the episode",
    "other-sign": "Other sign logged with the episode",
    "state": "Baby's state when the episode happened",
    "trigger": "What seemed to start the episode",
    "motion-analysis": "tremorwatch movement analysis of a recording",
    "dominant-frequency": "Dominant movement frequency",
    "movement-pattern": "Movement pattern",
    "analysis-usable": "Recording good enough to judge",
    "history-item": "Risk factor in the baby's history",
    "loss-of-skills": "Loss of a developmental skill (yes, then later not yet)",
}
EYE_FINDINGS: Final = frozenset({Finding.EYE_DEVIATION_OR_FIXED_STARE})
COLOUR_FINDINGS: Final = frozenset(
    {Finding.BLUE_OR_GREY_COLOR, Finding.PALE_OR_MOTTLED, Finding.JAUNDICE}
)

RULESET_SYSTEM: Final = f"{CS}/triage-ruleset"
RULESET_ID: Final = "tremorwatch-triage"

#: v3-ActPriority codes (HL7 terminology), for checking the ConceptMap.
ACT_PRIORITY_CODES: Final = frozenset(
    {"A", "CR", "CS", "CSP", "CSR", "EL", "EM", "P", "PRN", "R", "RR", "S", "T", "UD", "UR"}
)
#: disposition -> (ActPriority code, display, equivalence, comment)
DISPOSITION_TO_ACT_PRIORITY: Final[dict[Disposition, tuple[str, str, str, str | None]]] = {
    Disposition.EMERGENCY: ("EM", "emergency", "equivalent", None),
    Disposition.SAME_DAY: (
        "UR",
        "urgent",
        "wider",
        "Urgent covers same-day care; tremorwatch's level asks for a doctor today.",
    ),
    Disposition.WITHIN_DAYS: (
        "A",
        "ASAP",
        "inexact",
        "Within a few days (1-3): sooner than routine; the nearest ActPriority is ASAP.",
    ),
    Disposition.ROUTINE: ("R", "routine", "equivalent", None),
    Disposition.HOME_CARE: (
        "PRN",
        "as needed",
        "inexact",
        "Care at home with safety-netting; see a doctor if anything changes.",
    ),
}


def system_url(name: str) -> str:
    """Canonical URL of our CodeSystem ``name``."""
    return f"{CS}/{name}"


def coding(enum_value: StrEnum) -> dict[str, str]:
    """The FHIR Coding of one of our enum values."""
    return {
        "system": system_url(ENUM_SYSTEMS[type(enum_value)]),
        "code": enum_value.value,
        "display": _display(enum_value.value),
    }


def feature(code: str) -> dict[str, Any]:
    """CodeableConcept of an episode feature."""
    return {
        "coding": [
            {
                "system": system_url("episode-feature"),
                "code": code,
                "display": EPISODE_FEATURES[code],
            }
        ]
    }


def disposition_concept(disposition: Disposition) -> dict[str, Any]:
    """Our disposition coding plus its v3-ActPriority translation."""
    act, display, _, _ = DISPOSITION_TO_ACT_PRIORITY[disposition]
    return {
        "coding": [coding(disposition), {"system": ACT_PRIORITY, "code": act, "display": display}],
        "text": _display(disposition.value),
    }


def _display(code: str) -> str:
    text = code.replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]


def _code_system(url: str, name: str, title: str, concepts: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "url": url,
        "version": CODESYSTEM_VERSION,
        "name": name,
        "title": title,
        "status": "active",
        "experimental": False,
        "publisher": "tremorwatch",
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


def code_systems() -> list[dict[str, Any]]:
    """Every CodeSystem tremorwatch publishes (as resource dicts without ids)."""
    out = []
    for enum_cls, name in ENUM_SYSTEMS.items():
        concepts = [{"code": v.value, "display": _display(v.value)} for v in enum_cls]
        pascal = "".join(part.title() for part in name.split("-"))
        out.append(
            _code_system(system_url(name), f"Tremorwatch{pascal}", f"tremorwatch {name}", concepts)
        )
    features = [{"code": c, "display": d} for c, d in EPISODE_FEATURES.items()]
    out.append(
        _code_system(
            system_url("episode-feature"),
            "TremorwatchEpisodeFeature",
            "tremorwatch episode features",
            features,
        )
    )
    catalogue = load_catalogue()
    milestones = [
        {"code": m.id, "display": f"{m.text} ({m.age_months} months)"}
        for m in catalogue.all_milestones()
    ]
    cs = _code_system(
        system_url("cdc-milestone"), "TremorwatchCdcMilestone", catalogue.title, milestones
    )
    cs["description"] = catalogue.source.citation
    out.append(cs)
    out.append(
        _code_system(
            RULESET_SYSTEM,
            "TremorwatchTriageRuleset",
            "tremorwatch triage rule sets",
            [{"code": RULESET_ID, "display": "tremorwatch triage rules"}],
        )
    )
    return out


def disposition_concept_map() -> dict[str, Any]:
    """ConceptMap from our dispositions to HL7 v3-ActPriority."""
    elements = []
    for disposition, (code, display, equivalence, comment) in DISPOSITION_TO_ACT_PRIORITY.items():
        target: dict[str, Any] = {"code": code, "display": display, "equivalence": equivalence}
        if comment:
            target["comment"] = comment
        elements.append(
            {"code": disposition.value, "display": _display(disposition.value), "target": [target]}
        )
    return {
        "resourceType": "ConceptMap",
        "url": f"{BASE_URL}/ConceptMap/disposition-to-act-priority",
        "version": CODESYSTEM_VERSION,
        "name": "TremorwatchDispositionToActPriority",
        "status": "active",
        "publisher": "tremorwatch",
        "sourceUri": system_url("disposition"),
        "targetUri": ACT_PRIORITY,
        "group": [
            {"source": system_url("disposition"), "target": ACT_PRIORITY, "element": elements}
        ],
    }
