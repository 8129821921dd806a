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

Two derived numbers exist: ``infant.corrected_age_days`` (age corrected for prematurity, from
``infant.gestational_age_weeks``) and ``episode.onset_age_days`` (chronological age when the
movements were first noticed, from ``episode.first_noticed_days_ago``).
"""

from __future__ import annotations

from typing import Final, Literal

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
}


def _answer(value: object) -> str | None:
    return None if value is None else str(value)


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _codes(model: object, name: str) -> frozenset[str] | None:
    if name not in model.model_fields_set:  # type: ignore[attr-defined]
        return None
    return frozenset(str(v) for v in getattr(model, name))


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


def facts_from(assessment: Assessment) -> Facts:
    """Flatten ``assessment`` into the facts dictionary described in the module docstring."""
    infant, episode, vitals, motion = (
        assessment.infant,
        assessment.episode,
        assessment.vitals,
        assessment.motion,
    )
    findings = frozenset(f.value for f in assessment.findings)
    if assessment.findings_checked is not None:
        checked = frozenset(f.value for f in assessment.findings_checked) | findings
    elif "findings" in assessment.model_fields_set:
        checked = ALL_FINDINGS
    else:
        checked = findings
    facts: Facts = {
        "infant.age_days": float(infant.age_days),
        "infant.gestational_age_weeks": _number(infant.gestational_age_weeks),
        "infant.birth_weight_g": _number(infant.birth_weight_g),
        "infant.history": _codes(infant, "history"),
        "infant.vitamin_k_at_birth": _answer(infant.vitamin_k_at_birth),
        "episode.body_parts": _codes(episode, "body_parts"),
        "episode.rhythmic": _answer(episode.rhythmic),
        "episode.speed": _answer(episode.speed),
        "episode.typical_duration_s": _number(episode.typical_duration_s),
        "episode.longest_duration_s": _number(episode.longest_duration_s),
        "episode.episodes_per_day": _number(episode.episodes_per_day),
        "episode.first_noticed_days_ago": _number(episode.first_noticed_days_ago),
        "episode.trend": _answer(episode.trend),
        "episode.states": _codes(episode, "states"),
        "episode.only_in_sleep": _answer(episode.only_in_sleep),
        "episode.stops_when_woken": _answer(episode.stops_when_woken),
        "episode.stops_with_gentle_hold": _answer(episode.stops_with_gentle_hold),
        "episode.provoked_by_stimulus": _answer(episode.provoked_by_stimulus),
        "episode.comes_in_clusters": _answer(episode.comes_in_clusters),
        "episode.one_side_only": _answer(episode.one_side_only),
        "episode.happening_now": _answer(episode.happening_now),
        "episode.minutes_so_far": _number(episode.minutes_so_far),
        "vitals.temperature_c": _number(vitals.temperature_c),
        "vitals.breaths_per_min": _number(vitals.breaths_per_min),
        "vitals.heart_rate_bpm": _number(vitals.heart_rate_bpm),
        "vitals.wet_diapers_24h": _number(vitals.wet_diapers_24h),
        "vitals.blood_glucose_mmol_l": _number(vitals.blood_glucose_mmol_l),
        "motion.dominant_frequency_hz": _number(motion.dominant_frequency_hz) if motion else None,
        "motion.pattern": _answer(motion.pattern) if motion else None,
        "findings": findings,
        "findings_checked": checked,
    }
    derive(facts)
    return facts
