"""The facts a rule can test, read once from an :class:`~tremorwatch.domain.assessment.Assessment`.

An assessment is flattened into a plain ``dict`` keyed by dotted field path, so compiled rule
conditions are dictionary look-ups (fast) and the engine can ask "what if this question were
answered differently?" by copying the dict and changing one entry.

Values, by kind of field (:data:`FIELD_KINDS`):

``answer`` / ``choice``
    the wire string (``"yes"``, ``"no"``, ``"unsure"``, ``"fast_fine"`` ...) or ``None`` when
    not asked.
``number``
    a float, or ``None`` when not given.
``list``
    a ``frozenset`` of codes, or ``None`` when the caregiver was not asked (the field was left
    out of the input).
findings
    ``facts["findings"]`` is the frozenset of findings seen; ``facts["findings_checked"]`` the
    frozenset of finding codes the caregiver was asked about (all codes when ``findings`` was
    given without ``findings_checked``, none when ``findings`` was left out).

``episode.both_sides_named`` is ``"yes"`` when the body parts named include a left and a
right part (or the whole body), else ``None``: it tells the interview that one-sidedness is
already answered. Two derived numbers exist: ``infant.corrected_age_days`` (age corrected for prematurity, from
``infant.gestational_age_weeks``) and ``episode.onset_age_days`` (chronological age when the
movements were first noticed, from ``episode.first_noticed_days_ago``).
"""

from __future__ import annotations

from typing import Any, Final, Literal

from tremorwatch.domain.assessment import FULL_TERM_WEEKS, TERM_WEEKS, Assessment
from tremorwatch.domain.codes import (
    Answer,
    BodyPart,
    Finding,
    HistoryItem,
    MotionPattern,
    Speed,
    State,
    Trend,
)

Facts = dict[str, object]
FieldKind = Literal["answer", "choice", "number", "list"]

ALL_FINDINGS: Final = frozenset(f.value for f in Finding)
_ANSWERS: Final = frozenset(a.value for a in Answer)

_LEFT_PARTS: Final = frozenset({"left_leg", "left_arm"})
_RIGHT_PARTS: Final = frozenset({"right_leg", "right_arm"})

#: Every field a rule may test: dotted path -> kind.
FIELD_KINDS: Final[dict[str, FieldKind]] = {
    "infant.age_days": "number",
    "infant.corrected_age_days": "number",
    "infant.gestational_age_weeks": "number",
    "infant.birth_weight_g": "number",
    "infant.history": "list",
    "infant.vitamin_k_at_birth": "answer",
    "episode.body_parts": "list",
    "episode.rhythmic": "answer",
    "episode.speed": "choice",
    "episode.typical_duration_s": "number",
    "episode.longest_duration_s": "number",
    "episode.episodes_per_day": "number",
    "episode.first_noticed_days_ago": "number",
    "episode.onset_age_days": "number",
    "episode.trend": "choice",
    "episode.states": "list",
    "episode.only_in_sleep": "answer",
    "episode.stops_when_woken": "answer",
    "episode.stops_with_gentle_hold": "answer",
    "episode.provoked_by_stimulus": "answer",
    "episode.stops_with_distraction": "answer",
    "episode.comes_in_clusters": "answer",
    "episode.one_side_only": "answer",
    "episode.happening_now": "answer",
    "episode.minutes_so_far": "number",
    "vitals.temperature_c": "number",
    "vitals.breaths_per_min": "number",
    "vitals.heart_rate_bpm": "number",
    "vitals.wet_diapers_24h": "number",
    "vitals.blood_glucose_mmol_l": "number",
    "motion.dominant_frequency_hz": "number",
    "motion.pattern": "choice",
}

#: Allowed values of answer, choice and list fields.
FIELD_VALUES: Final[dict[str, frozenset[str]]] = {
    **{name: _ANSWERS for name, kind in FIELD_KINDS.items() if kind == "answer"},
    "episode.speed": frozenset(s.value for s in Speed),
    "episode.trend": frozenset(t.value for t in Trend),
    "motion.pattern": frozenset(p.value for p in MotionPattern),
    "infant.history": frozenset(h.value for h in HistoryItem),
    "episode.body_parts": frozenset(b.value for b in BodyPart),
    "episode.states": frozenset(s.value for s in State),
}

#: Derived field -> the answerable field it is computed from.
DERIVED_FROM: Final[dict[str, str]] = {
    "infant.corrected_age_days": "infant.gestational_age_weeks",
    "episode.onset_age_days": "episode.first_noticed_days_ago",
    "episode.both_sides_named": "episode.body_parts",
}


def _codes(values: list[Any], given: bool) -> frozenset[str] | None:
    """The codes of a list answer, or ``None`` when the list was left out of the input."""
    return frozenset(map(str, values)) if given else None


def derive(facts: Facts) -> None:
    """(Re)compute the derived facts in place from the answered ones."""
    age = facts["infant.age_days"]
    age_days = float(age) if isinstance(age, (int, float)) else 0.0
    weeks = facts.get("infant.gestational_age_weeks")
    if isinstance(weeks, float) and weeks < TERM_WEEKS:
        corrected = max(0.0, round(age_days - (FULL_TERM_WEEKS - weeks) * 7))
    else:
        corrected = age_days
    facts["infant.corrected_age_days"] = corrected
    ago = facts.get("episode.first_noticed_days_ago")
    facts["episode.onset_age_days"] = max(0.0, age_days - ago) if isinstance(ago, float) else None
    parts = facts.get("episode.body_parts")
    both = isinstance(parts, frozenset) and (
        "whole_body" in parts or (bool(parts & _LEFT_PARTS) and bool(parts & _RIGHT_PARTS))
    )
    facts["episode.both_sides_named"] = "yes" if both else None


def facts_from(assessment: Assessment) -> Facts:
    """Flatten ``assessment`` into the facts dictionary described in the module docstring."""
    infant, episode, vitals, motion = (
        assessment.infant,
        assessment.episode,
        assessment.vitals,
        assessment.motion,
    )
    infant_set, episode_set = infant.model_fields_set, episode.model_fields_set
    v: Any  # each answer in turn (read once, inline: this runs for every evaluation)
    findings = frozenset(f.value for f in assessment.findings)
    if assessment.findings_checked is not None:
        checked = frozenset(f.value for f in assessment.findings_checked) | findings
    elif "findings" in assessment.model_fields_set:
        checked = ALL_FINDINGS
    else:
        checked = findings
    facts: Facts = {
        "infant.age_days": float(infant.age_days),
        "infant.gestational_age_weeks": (
            None if (v := infant.gestational_age_weeks) is None else float(v)
        ),
        "infant.birth_weight_g": (None if (v := infant.birth_weight_g) is None else float(v)),
        "infant.history": _codes(infant.history, "history" in infant_set),
        "infant.vitamin_k_at_birth": (None if (v := infant.vitamin_k_at_birth) is None else str(v)),
        "episode.body_parts": _codes(episode.body_parts, "body_parts" in episode_set),
        "episode.rhythmic": (None if (v := episode.rhythmic) is None else str(v)),
        "episode.speed": (None if (v := episode.speed) is None else str(v)),
        "episode.typical_duration_s": (
            None if (v := episode.typical_duration_s) is None else float(v)
        ),
        "episode.longest_duration_s": (
            None if (v := episode.longest_duration_s) is None else float(v)
        ),
        "episode.episodes_per_day": (None if (v := episode.episodes_per_day) is None else float(v)),
        "episode.first_noticed_days_ago": (
            None if (v := episode.first_noticed_days_ago) is None else float(v)
        ),
        "episode.trend": (None if (v := episode.trend) is None else str(v)),
        "episode.states": _codes(episode.states, "states" in episode_set),
        "episode.only_in_sleep": (None if (v := episode.only_in_sleep) is None else str(v)),
        "episode.stops_when_woken": (None if (v := episode.stops_when_woken) is None else str(v)),
        "episode.stops_with_gentle_hold": (
            None if (v := episode.stops_with_gentle_hold) is None else str(v)
        ),
        "episode.provoked_by_stimulus": (
            None if (v := episode.provoked_by_stimulus) is None else str(v)
        ),
        "episode.stops_with_distraction": (
            None if (v := episode.stops_with_distraction) is None else str(v)
        ),
        "episode.comes_in_clusters": (None if (v := episode.comes_in_clusters) is None else str(v)),
        "episode.one_side_only": (None if (v := episode.one_side_only) is None else str(v)),
        "episode.happening_now": (None if (v := episode.happening_now) is None else str(v)),
        "episode.minutes_so_far": (None if (v := episode.minutes_so_far) is None else float(v)),
        "vitals.temperature_c": (None if (v := vitals.temperature_c) is None else float(v)),
        "vitals.breaths_per_min": (None if (v := vitals.breaths_per_min) is None else float(v)),
        "vitals.heart_rate_bpm": (None if (v := vitals.heart_rate_bpm) is None else float(v)),
        "vitals.wet_diapers_24h": (None if (v := vitals.wet_diapers_24h) is None else float(v)),
        "vitals.blood_glucose_mmol_l": (
            None if (v := vitals.blood_glucose_mmol_l) is None else float(v)
        ),
        "motion.dominant_frequency_hz": (
            None if motion is None or (v := motion.dominant_frequency_hz) is None else float(v)
        ),
        "motion.pattern": (None if motion is None or (v := motion.pattern) is None else str(v)),
        "findings": findings,
        "findings_checked": checked,
    }
    derive(facts)
    return facts
