"""Every code of the public exchange formats (``shared/spec/assessment-v1.md``).

The enums are the single list of allowed values: the pydantic models, the rule-file schema,
the web forms and the CLI interview all read them from here. Values are the wire strings.
"""

from __future__ import annotations

from enum import StrEnum


class Answer(StrEnum):
    """A caregiver's answer to a yes/no question; a missing field means "not asked"."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class BodyPart(StrEnum):
    LEFT_LEG = "left_leg"
    RIGHT_LEG = "right_leg"
    LEFT_ARM = "left_arm"
    RIGHT_ARM = "right_arm"
    CHIN = "chin"
    HEAD = "head"
    FACE = "face"
    TRUNK = "trunk"
    WHOLE_BODY = "whole_body"


class Speed(StrEnum):
    FAST_FINE = "fast_fine"
    SLOW_JERKY = "slow_jerky"
    UNSURE = "unsure"


class Trend(StrEnum):
    NEW = "new"
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"


class State(StrEnum):
    """When the movements happen."""

    AWAKE_CALM = "awake_calm"
    CRYING_OR_UPSET = "crying_or_upset"
    FEEDING = "feeding"
    DROWSY = "drowsy"
    ASLEEP = "asleep"
    ON_WAKING = "on_waking"
    HANDLING_OR_NOISE = "handling_or_noise"
    COLD_OR_UNDRESSED = "cold_or_undressed"
    HUNGRY = "hungry"


class TemperatureSite(StrEnum):
    RECTAL = "rectal"
    AXILLARY = "axillary"
    EAR = "ear"
    FOREHEAD = "forehead"


class MotionPattern(StrEnum):
    """Movement pattern from tremorwatch's own analysis (motion-analysis-v1)."""

    TREMOR = "tremor"
    CLONIC = "clonic"
    IRREGULAR = "irregular"
    NONE = "none"


class Finding(StrEnum):
    """Signs seen now or with the episodes."""

    # Awareness and seizure signs
    UNRESPONSIVE_DURING_EPISODE = "unresponsive_during_episode"
    LOSS_OF_CONSCIOUSNESS = "loss_of_consciousness"
    EYE_DEVIATION_OR_FIXED_STARE = "eye_deviation_or_fixed_stare"
    LIP_SMACKING_OR_CHEWING = "lip_smacking_or_chewing"
    CYCLING_OR_PEDALLING = "cycling_or_pedalling"
    STIFFENING_WHOLE_BODY = "stiffening_whole_body"
    STIFFENING_ON_STARTLE = "stiffening_on_startle"
    SPASM_CLUSTERS = "spasm_clusters"
    LOOKED_LIKE_A_FIT = "looked_like_a_fit"
    # Breathing and colour
    BREATHING_PAUSE = "breathing_pause"
    BLUE_OR_GREY_COLOR = "blue_or_grey_color"
    PALE_OR_MOTTLED = "pale_or_mottled"
    BREATHING_DIFFICULTY = "breathing_difficulty"
    FAST_BREATHING = "fast_breathing"
    # Infection and general state
    FEVER = "fever"
    LOW_TEMPERATURE = "low_temperature"
    HARD_TO_WAKE = "hard_to_wake"
    MOVES_ONLY_WHEN_STIMULATED = "moves_only_when_stimulated"
    FLOPPY = "floppy"
    STIFF_LIMBS = "stiff_limbs"
    POOR_FEEDING = "poor_feeding"
    NOT_FEEDING_AT_ALL = "not_feeding_at_all"
    VOMITING = "vomiting"
    BULGING_FONTANELLE = "bulging_fontanelle"
    HIGH_PITCHED_OR_INCONSOLABLE_CRY = "high_pitched_or_inconsolable_cry"
    NON_BLANCHING_RASH = "non_blanching_rash"
    NECK_STIFFNESS = "neck_stiffness"
    IRRITABILITY = "irritability"
    SWEATING = "sweating"
    JAUNDICE = "jaundice"
    DIARRHEA = "diarrhea"
    POOR_WEIGHT_GAIN = "poor_weight_gain"
    # Dehydration
    FEWER_WET_DIAPERS = "fewer_wet_diapers"
    SUNKEN_FONTANELLE = "sunken_fontanelle"
    DRY_MOUTH = "dry_mouth"
    NO_TEARS = "no_tears"
    SUNKEN_EYES = "sunken_eyes"
    # Development and tone
    LOSS_OF_SKILLS = "loss_of_skills"
    DEVELOPMENTAL_DELAY = "developmental_delay"
    WEAKNESS = "weakness"
    NOT_USING_ONE_SIDE = "not_using_one_side"
    PERSISTENT_FISTING = "persistent_fisting"
    # Injury and exposure
    BRUISING = "bruising"
    HEAD_INJURY = "head_injury"
    POSSIBLE_TOXIN_OR_MEDICINE_INGESTION = "possible_toxin_or_medicine_ingestion"
    # Impact
    INTERFERES_WITH_FEEDING = "interferes_with_feeding"
    INTERFERES_WITH_SLEEP = "interferes_with_sleep"
    INTERFERES_WITH_ACTIVITY = "interferes_with_activity"


class HistoryItem(StrEnum):
    """Risk factors in the infant's history."""

    SMALL_FOR_GESTATIONAL_AGE = "small_for_gestational_age"
    LARGE_FOR_GESTATIONAL_AGE = "large_for_gestational_age"
    INFANT_OF_DIABETIC_MOTHER = "infant_of_diabetic_mother"
    MATERNAL_OPIOID_USE = "maternal_opioid_use"
    MATERNAL_ANTIDEPRESSANT_USE = "maternal_antidepressant_use"
    MATERNAL_OTHER_SUBSTANCE_USE = "maternal_other_substance_use"
    MATERNAL_GRAVES_DISEASE = "maternal_graves_disease"
    PERINATAL_ASPHYXIA = "perinatal_asphyxia"
    SEPSIS_RISK_AT_BIRTH = "sepsis_risk_at_birth"
    EXCLUSIVELY_BREASTFED_BY_VEGAN_OR_B12_DEFICIENT_MOTHER = (
        "exclusively_breastfed_by_vegan_or_b12_deficient_mother"
    )
    KNOWN_SEIZURE_DISORDER = "known_seizure_disorder"
    KNOWN_CEREBRAL_PALSY = "known_cerebral_palsy"
    KNOWN_DEVELOPMENTAL_DELAY = "known_developmental_delay"
    FAMILY_HISTORY_SEIZURES = "family_history_seizures"
    FAMILY_HISTORY_TREMOR = "family_history_tremor"
    LEAD_EXPOSURE_RISK = "lead_exposure_risk"
    INFANT_TAKES_MEDICATION = "infant_takes_medication"
    RECENT_VACCINATION = "recent_vaccination"


class Disposition(StrEnum):
    """How urgently to act, most urgent first."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    WITHIN_DAYS = "within_days"
    ROUTINE = "routine"
    HOME_CARE = "home_care"

    @property
    def urgency(self) -> int:
        """4 for emergency down to 0 for home care; compare with this, not with strings."""
        return _URGENCY[self]

    @classmethod
    def most_urgent(cls, values: list[Disposition]) -> Disposition:
        """The most urgent of ``values`` (home care for an empty list)."""
        return max(values, key=lambda d: d.urgency, default=cls.HOME_CARE)


_URGENCY = {
    Disposition.EMERGENCY: 4,
    Disposition.SAME_DAY: 3,
    Disposition.WITHIN_DAYS: 2,
    Disposition.ROUTINE: 1,
    Disposition.HOME_CARE: 0,
}


class Cause(StrEnum):
    """Possible causes in the differential (``possible_causes[].id``)."""

    PHYSIOLOGICAL_JITTERINESS = "physiological_jitteriness"
    STARTLE_REFLEX = "startle_reflex"
    EXCITEMENT_OR_FRUSTRATION = "excitement_or_frustration"
    BENIGN_SLEEP_MYOCLONUS = "benign_sleep_myoclonus"
    SHUDDERING_ATTACKS = "shuddering_attacks"
    BENIGN_MYOCLONUS_OF_INFANCY = "benign_myoclonus_of_infancy"
    GRATIFICATION_BEHAVIOR = "gratification_behavior"
    CLONUS = "clonus"
    SANDIFER_SYNDROME = "sandifer_syndrome"
    SEIZURE = "seizure"
    INFANTILE_SPASMS = "infantile_spasms"
    HYPEREKPLEXIA = "hyperekplexia"
    HYPOGLYCEMIA = "hypoglycemia"
    HYPOCALCEMIA = "hypocalcemia"
    HYPOMAGNESEMIA = "hypomagnesemia"
    DEHYDRATION_OR_ELECTROLYTE_IMBALANCE = "dehydration_or_electrolyte_imbalance"
    CNS_INFECTION = "cns_infection"
    SEPSIS = "sepsis"
    DRUG_WITHDRAWAL = "drug_withdrawal"
    MEDICATION_SIDE_EFFECT = "medication_side_effect"
    LEAD_OR_HEAVY_METAL = "lead_or_heavy_metal"
    HYPERTHYROIDISM = "hyperthyroidism"
    B12_DEFICIENCY = "b12_deficiency"
    INTRACRANIAL_BLEED = "intracranial_bleed"
    CEREBRAL_PALSY_OR_NEURODEVELOPMENTAL = "cerebral_palsy_or_neurodevelopmental"
    GENETIC_MOVEMENT_DISORDER = "genetic_movement_disorder"
    HYPOXIC_ISCHEMIC_ENCEPHALOPATHY = "hypoxic_ischemic_encephalopathy"
    BILIRUBIN_ENCEPHALOPATHY = "bilirubin_encephalopathy"


BENIGN_CAUSES: frozenset[Cause] = frozenset(
    {
        Cause.PHYSIOLOGICAL_JITTERINESS,
        Cause.STARTLE_REFLEX,
        Cause.EXCITEMENT_OR_FRUSTRATION,
        Cause.BENIGN_SLEEP_MYOCLONUS,
        Cause.SHUDDERING_ATTACKS,
        Cause.BENIGN_MYOCLONUS_OF_INFANCY,
        Cause.GRATIFICATION_BEHAVIOR,
    }
)


class Likelihood(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"
    LESS_LIKELY = "less_likely"
