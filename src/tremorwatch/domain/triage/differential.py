"""The probabilistic differential: priors by age band, likelihood ratios per answer, posterior.

Data: ``data/differential.yaml`` (read its header for the method and the sources). In short:

* every cause code has a prior weight per age band (corrected age; the first 28 days of life
  are always the neonatal band) and a *level*, the disposition it needs when it is the
  explanation;
* every feature is a three-valued condition on the answers (:mod:`.conditions`) with a
  likelihood ratio per cause for "holds" and "does not hold"; an unknown feature (a missing or
  ``unsure`` answer) contributes nothing, i.e. it is marginalised;
* the posterior is prior x product of LRs, normalised (naive Bayes over mutually exclusive main
  explanations); ``P(level >= L)`` is the posterior mass of the causes whose level is ``L`` or
  more urgent, compared with the per-level thresholds.

The arithmetic is plain Python on lists of about 30 floats: no NumPy, so ``domain`` stays pure
and one posterior costs a few microseconds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from pydantic import Field, model_validator

from tremorwatch.domain.codes import Cause, Disposition
from tremorwatch.domain.triage.conditions import (
    FALSE,
    TRUE,
    Compiled,
    Phrases,
    compile_condition,
)
from tremorwatch.domain.triage.facts import FIELD_KINDS, Facts
from tremorwatch.domain.triage.schema import ConditionSpec, Key, Provenance, Text, _Spec

DIFFERENTIAL_SCHEMA: Final = "tremorwatch.differential/1"
_NONE: Final[frozenset[int]] = frozenset()
BANDS: Final = ("neonate", "m1_3", "m3_12", "m12_24")
#: Days of life that are always the neonatal band, whatever the corrected age.
NEONATAL_DAYS: Final = 28
#: Levels above home care, most urgent first (the order thresholds are tried in).
LEVELS: Final = (
    Disposition.EMERGENCY,
    Disposition.SAME_DAY,
    Disposition.WITHIN_DAYS,
    Disposition.ROUTINE,
)

Direction = Literal["reassuring", "alarming", "context"]


# --- file schema --------------------------------------------------------------------------------


class AgeBandSpec(_Spec):
    id: Key
    max_days: int = Field(ge=0)
    label: Text


class ThresholdSpec(_Spec):
    p: float = Field(gt=0, lt=1)
    reasoning: Text


class UnsureEvidenceSpec(_Spec):
    at_least: int = Field(ge=1)
    lr: dict[Cause, float]
    source: Text


class CauseSpec(_Spec):
    level: Disposition | dict[Key, Disposition]
    prior: list[float] = Field(min_length=4, max_length=4)
    source: Text
    #: how much worse missing this cause is than an unneeded visit at its level, when that is
    #: less than the level's own ratio (thresholds: t = 1 / (1 + ratio)); ``None``: the level's
    miss_harm: float | None = Field(default=None, gt=0)
    miss_harm_reason: Text | None = None

    @model_validator(mode="after")
    def _bands(self) -> CauseSpec:
        if isinstance(self.level, dict) and set(self.level) != set(BANDS):
            raise ValueError(f"a level per band needs exactly the bands {list(BANDS)}")
        if any(p <= 0 for p in self.prior):
            raise ValueError("priors must be positive (use a small number for 'rare')")
        return self


class FeatureSpec(_Spec):
    id: Key
    direction: Direction
    when: list[ConditionSpec] = Field(min_length=1)
    lr: dict[Cause, float | tuple[float, float]]
    source: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _positive(self) -> FeatureSpec:
        for cause, value in self.lr.items():
            pair = value if isinstance(value, tuple) else (value,)
            if any(v <= 0 for v in pair):
                raise ValueError(f"likelihood ratios must be positive ({cause}: {value})")
        return self


class BenignPatternSpec(_Spec):
    id: str = Field(pattern=r"^benign\.[a-z0-9_]+$")
    cause: Cause
    when: list[ConditionSpec] = Field(min_length=1)
    reason: Text
    headline: Text
    advice: list[Key] = Field(default_factory=list)
    sources: list[Text] = Field(min_length=1)


class DifferentialTexts(_Spec):
    """Caregiver sentences the engine fills in ({percent}, {causes})."""

    combined: Text
    not_reassured_pattern: Text
    unsure: Text
    still_open: Text
    negated: Text


class DifferentialFile(_Spec):
    schema_: str = Field(alias="schema", pattern=f"^{DIFFERENTIAL_SCHEMA}$")
    provenance: Provenance
    age_bands: list[AgeBandSpec] = Field(min_length=4, max_length=4)
    thresholds: dict[Disposition, ThresholdSpec]
    #: yes/no field -> its reassuring answer
    unsure_discriminators: dict[str, str] = Field(min_length=1)
    #: discriminator -> why an ``unsure`` is also read as its concerning answer
    unsure_reads_concerning: dict[str, str] = Field(default_factory=dict)
    unsure_evidence: list[UnsureEvidenceSpec] = Field(default_factory=list)
    causes: dict[Cause, CauseSpec]
    features: list[FeatureSpec] = Field(min_length=1)
    benign_patterns: list[BenignPatternSpec] = Field(min_length=1)
    texts: DifferentialTexts

    @model_validator(mode="after")
    def _complete(self) -> DifferentialFile:
        if [b.id for b in self.age_bands] != list(BANDS):
            raise ValueError(f"age_bands must be {list(BANDS)} in this order")
        missing = [c.value for c in Cause if c not in self.causes]
        if missing:
            raise ValueError(f"causes without a prior: {missing}")
        if set(self.thresholds) != set(LEVELS):
            raise ValueError(f"thresholds are needed for exactly {[d.value for d in LEVELS]}")
        bad = [
            f
            for f, v in self.unsure_discriminators.items()
            if FIELD_KINDS.get(f) != "answer" or v not in ("yes", "no")
        ]
        if bad:
            raise ValueError(f"unsure_discriminators must map yes/no fields to yes or no: {bad}")
        stray = sorted(set(self.unsure_reads_concerning) - set(self.unsure_discriminators))
        if stray:
            raise ValueError(
                f"unsure_reads_concerning names fields that are not discriminators: {stray}"
            )
        ids = [f.id for f in self.features]
        if len(ids) != len(set(ids)):
            raise ValueError("two features have the same id")
        return self


# --- compiled model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feature:
    """A compiled feature: its test, and log-LRs per cause index when it holds / does not."""

    id: str
    direction: Direction
    condition: Compiled
    #: (cause index, log LR if true, log LR if false) for the causes it names
    weights: tuple[tuple[int, float, float], ...]
    lr: Mapping[Cause, tuple[float, float]]
    source: tuple[str, ...]


@dataclass(frozen=True)
class BenignPattern:
    id: str
    cause: Cause
    conditions: tuple[Compiled, ...]
    reason: str
    headline: str
    advice: tuple[str, ...]
    sources: tuple[str, ...]

    def present(self, facts: Facts) -> bool:
        """Every defining feature was answered and holds."""
        return all(c.test(facts) == TRUE for c in self.conditions)


@dataclass(frozen=True)
class Differential:
    """The compiled differential (see the module docstring)."""

    causes: tuple[Cause, ...]
    #: per band: log prior per cause index
    log_priors: tuple[tuple[float, ...], ...]
    #: per band: urgency (0-4) of each cause index
    levels: tuple[tuple[int, ...], ...]
    band_limits: tuple[int, ...]
    band_labels: tuple[str, ...]
    #: urgency -> threshold, for urgency 4 (emergency) down to 1 (routine)
    thresholds: tuple[tuple[int, float], ...]
    features: tuple[Feature, ...]
    #: (yes/no field, its reassuring answer)
    unsure_discriminators: tuple[tuple[str, str], ...]
    #: (yes/no field, the answers an ``unsure`` is read as: the reassuring one, then the
    #: concerning one where ``unsure_reads_concerning`` names the field)
    unsure_readings: tuple[tuple[str, tuple[str, ...]], ...]
    #: (at least this many unsure discriminators, weights as in Feature.weights (true only))
    unsure_evidence: tuple[tuple[int, tuple[tuple[int, float], ...], str], ...]
    benign_patterns: tuple[BenignPattern, ...]
    spec: DifferentialFile
    #: number field -> the bounds features and patterns compare it with
    number_bounds: Mapping[str, tuple[float, ...]]
    #: per band: (urgency, cause indices of exactly that urgency, threshold), most urgent
    #: first - the per-age table :meth:`level_of_scores` walks
    level_plan: tuple[tuple[tuple[int, tuple[int, ...], float], ...], ...]
    #: per band, per cause: the share of its probability that counts at its own level (1, or
    #: (1 + miss_harm) / (1 + the level's ratio) for a cause with a smaller miss_harm)
    own_level_share: tuple[tuple[float, ...], ...]
    #: per band: the levels that have a cause with a share below 1
    shared_levels: tuple[frozenset[int], ...]
    #: fact name -> indices of the features that read it
    features_reading: Mapping[str, tuple[int, ...]]
    #: per cause index: indices of the features with a likelihood ratio for it
    features_naming: tuple[tuple[int, ...], ...]
    #: cause -> its index in ``causes``
    cause_index: Mapping[Cause, int]
    #: per feature index: the cause indices its likelihood ratios touch
    feature_causes: tuple[tuple[int, ...], ...]
    #: the cause indices the "several unsure answers" evidence touches
    unsure_causes: tuple[int, ...]
    #: per cause index: (feature index, (|log LR|, LR) if it holds, the same if it does not)
    #: for the features with a likelihood ratio for it - the explanations' weights
    evidence_of: tuple[tuple[tuple[int, tuple[float, float], tuple[float, float]], ...], ...]
    #: fact name -> indices of the benign patterns that read it
    patterns_reading: Mapping[str, tuple[int, ...]]
    #: per band: indices of the benign patterns whose cause has a level above home care there
    escalating: tuple[tuple[int, ...], ...]

    def thresholds_of(self, field: str) -> tuple[float, ...]:
        """The bounds the differential compares number field ``field`` with."""
        return self.number_bounds.get(field, ())

    def band(self, facts: Facts) -> int:
        """The age band index: neonatal in the first 28 days, else by corrected age."""
        age = float(facts["infant.age_days"])  # type: ignore[arg-type]
        if age <= NEONATAL_DAYS:
            return 0
        corrected = float(facts["infant.corrected_age_days"])  # type: ignore[arg-type]
        for index, limit in enumerate(self.band_limits):
            if corrected <= limit:
                return index
        return len(self.band_limits) - 1

    def feature_states(self, facts: Facts) -> list[int]:
        """TRUE / UNKNOWN / FALSE of every feature, in order."""
        return [f.condition.test(facts) for f in self.features]

    def unsure_count(self, facts: Facts) -> int:
        """How many of the seizure-vs-benign discriminators were answered ``unsure``."""
        return sum(1 for name, _ in self.unsure_discriminators if facts[name] == "unsure")

    def log_scores(self, band: int, states: Sequence[int], unsure: int) -> list[float]:
        """Unnormalised log posterior per cause."""
        scores = list(self.log_priors[band])
        for feature, state in zip(self.features, states, strict=True):
            if state == TRUE:
                for index, log_true, _ in feature.weights:
                    scores[index] += log_true
            elif state == FALSE:
                for index, _, log_false in feature.weights:
                    scores[index] += log_false
        for at_least, weights, _ in self.unsure_evidence:
            if unsure >= at_least:
                for index, log_lr in weights:
                    scores[index] += log_lr
        return scores

    def add_feature(self, scores: list[float], index: int, state: int, sign: float) -> None:
        """Add (sign 1) or take away (sign -1) feature ``index``'s log-LRs for ``state``."""
        if state == TRUE:
            for i, log_true, _ in self.features[index].weights:
                scores[i] += sign * log_true
        elif state == FALSE:
            for i, _, log_false in self.features[index].weights:
                scores[i] += sign * log_false

    def posterior(self, band: int, states: Sequence[int], unsure: int) -> list[float]:
        """Posterior probability per cause (sums to 1)."""
        return self.normalise(self.log_scores(band, states, unsure))

    @staticmethod
    def normalise(scores: Sequence[float]) -> list[float]:
        """Log scores -> probabilities summing to 1."""
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        return [w / total for w in weights]

    def level_of_scores(
        self, band: int, scores: Sequence[float], harmless: frozenset[int] = frozenset()
    ) -> int:
        """:meth:`level` of the normalised ``scores``, without building the posterior."""
        top = max(scores)
        exp = math.exp
        return self.level_of_weights(band, [exp(s - top) for s in scores], harmless)

    def level_of_weights(
        self, band: int, weights: list[float], harmless: frozenset[int] = frozenset()
    ) -> int:
        """:meth:`level` of unnormalised posterior weights (changed in place if ``harmless``)."""
        total = sum(weights)
        if harmless:
            for i in harmless:
                weights[i] = 0.0
        above = 0.0
        share = self.own_level_share[band]
        for urgency, members, threshold in self.level_plan[band]:
            mass = sum(map(weights.__getitem__, members))
            # a cause with a smaller miss harm counts with its share at its own level only
            own = (
                sum(weights[i] * share[i] for i in members)
                if urgency in self.shared_levels[band]
                else mass
            )
            if above + own >= threshold * total:
                return urgency
            above += mass
        return 0

    def patterns_present(self, facts: Facts) -> tuple[bool, ...]:
        """Per benign pattern: are its defining features all present in ``facts``?"""
        return tuple(p.present(facts) for p in self.benign_patterns)

    def pattern_level(self, band: int, scores: Sequence[float], present: Sequence[bool]) -> int:
        """:meth:`level_of_scores` when the benign patterns ``present`` are present.

        A cause's level is what it needs when it is the explanation; a benign pattern's
        defining features, all present, say that it is the harmless form of that cause, so
        the cause then counts at home care whatever its level in this age band (issue 15
        principle 2: age alone does not override a recognised benign pattern). Only
        physiological jitteriness and clonus have a level above home care in some bands
        (``escalating``); their patterns carry the age limits of the sources."""
        return self.level_of_scores(band, scores, self.harmless(band, present))

    def harmless(self, band: int, present: Sequence[bool]) -> frozenset[int]:
        """The cause indices that count at home care given the patterns ``present``."""
        if not self.escalating[band]:
            return _NONE
        return frozenset(
            self.cause_index[self.benign_patterns[i].cause]
            for i in self.escalating[band]
            if present[i]
        )

    def add_unsure(self, scores: list[float], unsure: int, sign: float) -> None:
        """Add (sign 1) or take away (sign -1) the "several unsure answers" evidence."""
        for at_least, weights, _ in self.unsure_evidence:
            if unsure >= at_least:
                for index, log_lr in weights:
                    scores[index] += sign * log_lr

    def level(
        self, band: int, posterior: Sequence[float], harmless: frozenset[int] = frozenset()
    ) -> int:
        """The most urgent level whose probability reaches its threshold (0: none does);
        the causes in ``harmless`` count at home care (:meth:`harmless_causes`)."""
        levels = self.levels[band]
        share = self.own_level_share[band]
        mass = [0.0] * 5
        counted = [0.0] * 5
        for i, (p, urgency) in enumerate(zip(posterior, levels, strict=True)):
            level = 0 if i in harmless else urgency
            mass[level] += p
            counted[level] += p * share[i]
        above = 0.0
        for urgency in (4, 3, 2, 1):
            if above + counted[urgency] >= self.threshold_of(urgency):
                return urgency
            above += mass[urgency]
        return 0

    def threshold_of(self, urgency: int) -> float:
        for level, p in self.thresholds:
            if level == urgency:
                return p
        raise KeyError(urgency)

    def mass_at_or_above(self, band: int, posterior: Sequence[float], urgency: int) -> float:
        """P(the cause needs at least this urgency)."""
        levels = self.levels[band]
        return sum(p for p, u in zip(posterior, levels, strict=True) if u >= urgency)


def compile_differential(
    spec: DifferentialFile, *, sets: Mapping[str, list[str]], phrases: Phrases
) -> Differential:
    """Compile a validated :class:`DifferentialFile` (conditions as in the rule files)."""
    causes = tuple(Cause)
    index = {c: i for i, c in enumerate(causes)}
    log_priors = tuple(
        tuple(math.log(spec.causes[c].prior[b]) for c in causes) for b in range(len(BANDS))
    )
    levels = tuple(
        tuple(_level(spec.causes[c].level, band).urgency for c in causes) for band in BANDS
    )
    features = []
    for f in spec.features:
        whole = f.when[0] if len(f.when) == 1 else ConditionSpec(all=list(f.when))
        condition = compile_condition(whole, sets=sets, phrases=phrases)
        lr = {c: (v if isinstance(v, tuple) else (v, 1.0)) for c, v in f.lr.items()}
        weights = tuple(
            (index[c], math.log(t), math.log(fl)) for c, (t, fl) in lr.items() if (t, fl) != (1, 1)
        )
        features.append(Feature(f.id, f.direction, condition, weights, lr, tuple(f.source)))
    patterns = tuple(
        BenignPattern(
            id=p.id,
            cause=p.cause,
            conditions=tuple(compile_condition(c, sets=sets, phrases=phrases) for c in p.when),
            reason=p.reason,
            headline=p.headline,
            advice=tuple(p.advice),
            sources=tuple(p.sources),
        )
        for p in spec.benign_patterns
    )
    ratio = {d.urgency: (1 - spec.thresholds[d].p) / spec.thresholds[d].p for d in LEVELS}
    own_level_share = tuple(
        tuple(
            _own_share(spec.causes[c].miss_harm, ratio.get(u))
            for c, u in zip(causes, band_levels, strict=True)
        )
        for band_levels in levels
    )
    bounds: dict[str, set[float]] = {}
    for compiled in [f.condition for f in features] + [c for p in patterns for c in p.conditions]:
        for name, bound in compiled.thresholds:
            bounds.setdefault(name, set()).add(bound)
    thresholds = {d.urgency: spec.thresholds[d].p for d in LEVELS}
    level_plan = tuple(
        tuple(
            (u, tuple(i for i, cu in enumerate(band_levels) if cu == u), thresholds[u])
            for u in (4, 3, 2, 1)
        )
        for band_levels in levels
    )
    reading: dict[str, list[int]] = {}
    for i, feature in enumerate(features):
        for name in feature.condition.fields:
            reading.setdefault(name, []).append(i)
    pattern_reading: dict[str, list[int]] = {}
    for i, pattern in enumerate(patterns):
        for name in frozenset().union(*(c.fields for c in pattern.conditions)):
            pattern_reading.setdefault(name, []).append(i)
    return Differential(
        feature_causes=tuple(tuple(i for i, _, _ in f.weights) for f in features),
        unsure_causes=tuple(sorted({index[c] for u in spec.unsure_evidence for c in u.lr})),
        evidence_of=tuple(
            tuple(
                (
                    i,
                    (abs(math.log(f.lr[c][0])), f.lr[c][0]),
                    (abs(math.log(f.lr[c][1])), f.lr[c][1]),
                )
                for i, f in enumerate(features)
                if c in f.lr
            )
            for c in causes
        ),
        cause_index=index,
        patterns_reading={k: tuple(v) for k, v in pattern_reading.items()},
        escalating=tuple(
            tuple(i for i, p in enumerate(patterns) if band_levels[index[p.cause]] > 0)
            for band_levels in levels
        ),
        level_plan=level_plan,
        own_level_share=own_level_share,
        shared_levels=tuple(
            frozenset(u for u, x in zip(band_levels, shares, strict=True) if x < 1.0)
            for band_levels, shares in zip(levels, own_level_share, strict=True)
        ),
        features_reading={k: tuple(v) for k, v in reading.items()},
        features_naming=tuple(
            tuple(i for i, f in enumerate(features) if c in f.lr) for c in causes
        ),
        number_bounds={k: tuple(sorted(v)) for k, v in bounds.items()},
        causes=causes,
        log_priors=log_priors,
        levels=levels,
        band_limits=tuple(b.max_days for b in spec.age_bands),
        band_labels=tuple(b.label for b in spec.age_bands),
        thresholds=tuple((d.urgency, spec.thresholds[d].p) for d in LEVELS),
        features=tuple(features),
        unsure_discriminators=tuple(spec.unsure_discriminators.items()),
        unsure_readings=tuple(
            (f, (v, "no" if v == "yes" else "yes") if f in spec.unsure_reads_concerning else (v,))
            for f, v in spec.unsure_discriminators.items()
        ),
        unsure_evidence=tuple(
            (u.at_least, tuple((index[c], math.log(v)) for c, v in u.lr.items()), u.source)
            for u in spec.unsure_evidence
        ),
        benign_patterns=patterns,
        spec=spec,
    )


def _level(level: Disposition | dict[str, Disposition], band: str) -> Disposition:
    return level[band] if isinstance(level, dict) else level


def _own_share(miss_harm: float | None, level_ratio: float | None) -> float:
    """The share of a cause's probability that counts at its own level: ``t (1 + miss_harm)``
    with ``t = 1 / (1 + level_ratio)``, so that the level's threshold on the counted sum acts
    when ``sum(p * (1 + ratio)) >= total`` - the expected harm of a miss reaches the expected
    cost of an unneeded visit; 1 when the cause has no smaller ``miss_harm`` of its own."""
    if miss_harm is None or level_ratio is None or miss_harm >= level_ratio:
        return 1.0
    return (1 + miss_harm) / (1 + level_ratio)


def monotonicity_problems(diff: Differential) -> list[str]:
    """Features tagged reassuring/alarming whose LRs favour a more urgent cause on the
    reassuring side (so a more alarming answer could lower some ``P(level >= L)``).

    For an alarming feature, the LR when it holds must not decrease, and the LR when it does
    not hold must not increase, from a less to a more urgent cause (reassuring: the reverse),
    in every age band. Returns one line per problem (empty: all good).
    """
    problems = []
    for feature in diff.features:
        if feature.direction == "context":
            continue
        lr_true = [1.0] * len(diff.causes)
        lr_false = [1.0] * len(diff.causes)
        for cause, (t, f) in feature.lr.items():
            i = diff.causes.index(cause)
            lr_true[i], lr_false[i] = t, f
        rising, falling = (
            (lr_true, lr_false)
            if feature.direction == "alarming"
            else (
                lr_false,
                lr_true,
            )
        )
        for b, band_levels in enumerate(diff.levels):
            # a cause counted with a share below 1 at its level sits between that level and
            # the one below: the counted sum is then a positive mix of two cumulative sums
            # (at the half step and at the level), each of which must not fall
            shares = diff.own_level_share[b]
            levels = [u - 0.5 if x < 1.0 else u for u, x in zip(band_levels, shares, strict=True)]
            for urgency in (0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4):
                lower = [i for i, u in enumerate(levels) if u < urgency]
                upper = [i for i, u in enumerate(levels) if u >= urgency]
                if not lower or not upper:
                    continue
                if max(rising[i] for i in lower) > min(rising[i] for i in upper) or min(
                    falling[i] for i in lower
                ) < max(falling[i] for i in upper):
                    problems.append(f"{feature.id}: band {BANDS[b]}, level {urgency}")
                    break
    return problems
