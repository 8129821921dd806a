"""tremorwatch's FHIR terminology: our CodeSystems, the external codes we use, the maps from our
dispositions to HL7 v3 ActPriority and from our movement patterns and body parts to SNOMED CT,
and the extensions we define.

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
    Cause,
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
RISK_PROBABILITY: Final = "http://terminology.hl7.org/CodeSystem/risk-probability"

TREMOR_SNOMED: Final = ("26079004", "Tremor")

#: SNOMED CT finding of each movement pattern, where one fits (None: no concept fits).
#: Verified: 26079004 |Tremor (finding)|. Not coded, on purpose: clonic jerks ("Clonus"
#: 39575007 is the stretch-reflex sign and "Myoclonus" 17450006 non-rhythmic single jerks,
#: neither is what the analysis calls clonic: rhythmic 1-4 Hz jerking) and irregular
#: movements (normal kicking is no finding at all). Each gap is stated in the ConceptMap
#: :func:`movement_concept_map` so a terminologist can fill it.
MOTION_PATTERN_SNOMED: Final[dict[MotionPattern, tuple[str, str] | None]] = {
    MotionPattern.TREMOR: TREMOR_SNOMED,
    MotionPattern.CLONIC: None,
    MotionPattern.IRREGULAR: None,
    MotionPattern.NONE: None,
}
MOTION_PATTERN_TEXT: Final[dict[MotionPattern, str]] = {
    MotionPattern.TREMOR: "Tremor (fast, fine, regular shaking)",
    MotionPattern.CLONIC: "Clonic jerks (slower rhythmic jerking)",
    MotionPattern.IRREGULAR: "Irregular movements (kicking, not rhythmic)",
    MotionPattern.NONE: "No limb movement seen",
}
_UNCODED_PATTERN_COMMENT: Final[dict[MotionPattern, str]] = {
    MotionPattern.CLONIC: "No SNOMED CT finding verified for rhythmic 1-4 Hz clonic jerking "
    "without a seizure diagnosis; Clonus (39575007) is the stretch-reflex sign and Myoclonus "
    "(17450006) describes non-rhythmic jerks, so neither is used.",
    MotionPattern.IRREGULAR: "Irregular, non-rhythmic limb movement (such as kicking) is not a "
    "clinical finding; no SNOMED CT concept is used.",
    MotionPattern.NONE: "No movement seen in the recording; not a finding.",
}

#: SNOMED CT body structure of each body part (code, display, verified). Lateralised lower
#: limbs (32153003, 62175007) are verified; for the arms only the unlateralised
#: 53120007 |Upper limb structure| is verified here, so a left or right arm is coded with it
#: and the side is kept in the text and in our own code (marked ``verified=False`` for the
#: side, see :func:`body_site_concept_map`).
BODY_PART_SNOMED: Final[dict[BodyPart, tuple[str, str, bool]]] = {
    BodyPart.LEFT_LEG: ("32153003", "Left lower limb structure", True),
    BodyPart.RIGHT_LEG: ("62175007", "Right lower limb structure", True),
    BodyPart.LEFT_ARM: ("53120007", "Upper limb structure", False),
    BodyPart.RIGHT_ARM: ("53120007", "Upper limb structure", False),
    BodyPart.CHIN: ("30291003", "Chin structure", True),
    BodyPart.HEAD: ("69536005", "Head structure", True),
    BodyPart.FACE: ("89545001", "Face structure", True),
    BodyPart.TRUNK: ("22943007", "Trunk structure", True),
    BodyPart.WHOLE_BODY: ("38266002", "Entire body as a whole", True),
}
#: One SNOMED CT structure covering several body parts together (for Observation.bodySite).
BOTH_LEGS_SNOMED: Final = ("61685007", "Lower limb structure")
BOTH_ARMS_SNOMED: Final = ("53120007", "Upper limb structure")

#: SNOMED CT body structure of each temperature site (as in HL7's body temperature examples).
TEMPERATURE_SITE_SNOMED: Final[dict[TemperatureSite, tuple[str, str]]] = {
    TemperatureSite.RECTAL: ("34402009", "Rectum structure"),
    TemperatureSite.AXILLARY: ("91470000", "Axillary region structure"),
    TemperatureSite.EAR: ("42859004", "Tympanic membrane structure"),
    TemperatureSite.FOREHEAD: ("52795006", "Forehead structure"),
}

#: likelihood of a possible cause -> HL7 risk-probability code and display.
LIKELIHOOD_TO_RISK_PROBABILITY: Final[dict[Likelihood, tuple[str, str]]] = {
    Likelihood.LIKELY: ("high", "High likelihood"),
    Likelihood.POSSIBLE: ("moderate", "Moderate likelihood"),
    Likelihood.LESS_LIKELY: ("low", "Low likelihood"),
}

SD: Final = f"{BASE_URL}/StructureDefinition"
#: Extension on a RiskAssessment: the earlier triage run of the same episode that it replaces.
REPLACES_EXTENSION: Final = f"{SD}/replaces"
#: Extension on a RiskAssessment: the disposition (how urgently to seek care).
DISPOSITION_EXTENSION: Final = f"{SD}/triage-disposition"
#: Identifier system of triage rules (a fired rule is a logical Reference in ``basis``).
RULE_IDENTIFIER_SYSTEM: Final = f"{BASE_URL}/triage-rule"
BODY_TEMPERATURE_LOINC: Final = ("8310-5", "Body temperature")
#: Vital signs of an assessment's ``vitals`` block exported as Observations:
#: field -> (LOINC code, display, UCUM code, observation category). The wet-diaper count has
#: no LOINC code and stays in the QuestionnaireResponse only.
VITAL_SIGNS: Final[dict[str, tuple[str, str, str, str]]] = {
    "temperature_c": ("8310-5", "Body temperature", "Cel", "vital-signs"),
    "heart_rate_bpm": ("8867-4", "Heart rate", "/min", "vital-signs"),
    "breaths_per_min": ("9279-1", "Respiratory rate", "/min", "vital-signs"),
    "blood_glucose_mmol_l": ("15074-8", "Glucose [Moles/volume] in Blood", "mmol/L", "laboratory"),
}
BIRTH_WEIGHT_LOINC: Final = ("8339-4", "Birth weight Measured")
GESTATIONAL_AGE_LOINC: Final = ("76516-4", "Gestational age at birth")

#: enum -> CodeSystem name (URL ``{CS}/{name}``).
ENUM_SYSTEMS: Final[dict[type[StrEnum], str]] = {
    Disposition: "disposition",
    Cause: "cause",
    Likelihood: "likelihood",
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
    "shaking-episode": "Episode of shaking or unusual movement, pattern not known",
    "rhythmic-not-stopped": "Rhythmic shaking that did not stop when the limb was held",
    "caregiver-report": "Caregiver's report of what was seen",
    "body-part": "Body part that moved",
    "triage": "tremorwatch triage of an infant's movements",
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


def _concept_map(
    name: str, title: str, source: str, target: str, elements: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "resourceType": "ConceptMap",
        "url": f"{BASE_URL}/ConceptMap/{name}",
        "version": CODESYSTEM_VERSION,
        "name": "Tremorwatch" + "".join(p.title() for p in name.split("-")),
        "title": title,
        "status": "active",
        "publisher": "tremorwatch",
        "sourceUri": source,
        "targetUri": target,
        "group": [{"source": source, "target": target, "element": elements}],
    }


def movement_concept_map() -> dict[str, Any]:
    """ConceptMap from our movement patterns to SNOMED CT findings, gaps stated."""
    elements = []
    for pattern, snomed in MOTION_PATTERN_SNOMED.items():
        if snomed is not None:
            target: dict[str, Any] = {
                "code": snomed[0],
                "display": snomed[1],
                "equivalence": "equivalent",
            }
        else:
            target = {"equivalence": "unmatched", "comment": _UNCODED_PATTERN_COMMENT[pattern]}
        elements.append(
            {"code": pattern.value, "display": _display(pattern.value), "target": [target]}
        )
    return _concept_map(
        "motion-pattern-to-snomed",
        "tremorwatch movement patterns to SNOMED CT findings",
        system_url("motion-pattern"),
        SNOMED,
        elements,
    )


def body_site_concept_map() -> dict[str, Any]:
    """ConceptMap from our body parts to SNOMED CT body structures."""
    elements = []
    for part, (code, display, verified) in BODY_PART_SNOMED.items():
        target: dict[str, Any] = {
            "code": code,
            "display": display,
            "equivalence": "equivalent" if verified else "wider",
        }
        if not verified:
            target["comment"] = (
                "The side is not in the SNOMED CT code: no lateralised upper limb concept "
                "was verified, so the unlateralised structure is used."
            )
        elements.append({"code": part.value, "display": _display(part.value), "target": [target]})
    return _concept_map(
        "body-part-to-snomed",
        "tremorwatch body parts to SNOMED CT body structures",
        system_url("body-part"),
        SNOMED,
        elements,
    )


def extension_definitions() -> list[dict[str, Any]]:
    """StructureDefinitions of our two RiskAssessment extensions (without ids)."""
    out = []
    for url, name, title, definition, value_type, target in (
        (
            REPLACES_EXTENSION,
            "TremorwatchReplaces",
            "Replaces an earlier triage",
            "The earlier triage run of the same episode that this one replaces (a re-triage "
            "after more was known). The earlier one stays as it was, for the record.",
            "Reference",
            "http://hl7.org/fhir/StructureDefinition/RiskAssessment",
        ),
        (
            DISPOSITION_EXTENSION,
            "TremorwatchTriageDisposition",
            "Triage disposition",
            "How urgently to seek care (tremorwatch disposition, with its v3-ActPriority "
            "translation).",
            "CodeableConcept",
            None,
        ),
    ):
        value_type_entry: dict[str, Any] = {"code": value_type}
        if target:
            value_type_entry["targetProfile"] = [target]
        out.append(
            {
                "resourceType": "StructureDefinition",
                "url": url,
                "version": CODESYSTEM_VERSION,
                "name": name,
                "title": title,
                "status": "active",
                "publisher": "tremorwatch",
                "description": definition,
                "kind": "complex-type",
                "abstract": False,
                "context": [{"type": "element", "expression": "RiskAssessment"}],
                "type": "Extension",
                "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
                "derivation": "constraint",
                "differential": {
                    "element": [
                        {
                            "id": "Extension",
                            "path": "Extension",
                            "short": title,
                            "definition": definition,
                            "min": 0,
                            "max": "1",
                        },
                        {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
                        {
                            "id": "Extension.url",
                            "path": "Extension.url",
                            "fixedUri": url,
                        },
                        {
                            "id": "Extension.value[x]",
                            "path": "Extension.value[x]",
                            "min": 1,
                            "type": [value_type_entry],
                        },
                    ]
                },
            }
        )
    return out
