"""Triage use cases: assess one assessment (JSON text, bytes, dict or model) or a JSON Lines stream.

Thin wiring around :func:`tremorwatch.domain.triage.evaluate`: parsing (one validation source,
:func:`~tremorwatch.domain.assessment.parse_assessment`) and the packaged ruleset. Bad input
raises :class:`~tremorwatch.errors.InputError` naming the field; a JSON Lines stream yields the
error for a bad line (naming its line number) and goes on with the next line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tremorwatch.domain.assessment import Assessment, parse_assessment
from tremorwatch.domain.triage import RuleSet, evaluate, load_ruleset
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.errors import InputError


def assess(
    data: dict[str, Any] | str | bytes | Assessment, *, ruleset: RuleSet | None = None
) -> TriageResult:
    """Triage one assessment given as a model, a decoded JSON object, or JSON text/bytes.

    Raises
    ------
    InputError
        Malformed JSON, unknown codes, out-of-range numbers (the message names the field).
    """
    assessment = data if isinstance(data, Assessment) else parse_assessment(data)
    return evaluate(assessment, ruleset=ruleset)


def assess_lines(
    lines: Iterable[str], *, ruleset: RuleSet | None = None
) -> Iterator[TriageResult | InputError]:
    """Triage a JSON Lines stream: one result (or the line's InputError) per non-blank line.

    The error's message starts with ``line N:`` (1-based line number in the input) and its
    ``field`` names the offending field when there is one. Blank lines are skipped.
    """
    rs = ruleset if ruleset is not None else load_ruleset()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield assess(line, ruleset=rs)
        except InputError as exc:
            yield InputError(f"line {number}: {exc.message}", field=exc.field)


def load_rules(path: Path | None = None) -> RuleSet:
    """The packaged ruleset, or the one in ``path`` (raises RuleSetError when broken)."""
    return load_ruleset(path)


def differential_table(cause: str | None = None, *, path: Path | None = None) -> dict[str, Any]:
    """The differential's data for people to read: age bands, thresholds with their reasoning,
    and per cause its level, prior per age band and every likelihood ratio with its source.

    ``cause`` (a cause code) keeps only that cause. Raises :class:`~tremorwatch.errors.NotFound`
    naming the known codes for an unknown one.
    """
    from tremorwatch.errors import NotFound

    rs = load_rules(path)
    spec = rs.differential.spec
    known = [c.value for c in spec.causes]
    if cause is not None and cause not in known:
        raise NotFound(
            f"No cause {cause!r}. Known causes: {', '.join(sorted(known))}.", field="cause"
        )
    bands = [band.id for band in spec.age_bands]
    causes = []
    for code, item in spec.causes.items():
        if cause is not None and code.value != cause:
            continue
        level = item.level
        levels = (
            {band: d.value for band, d in level.items()}
            if isinstance(level, dict)
            else {band: level.value for band in bands}
        )
        evidence = []
        for feature in spec.features:
            if code not in feature.lr:
                continue
            value = feature.lr[code]
            lr_true, lr_false = value if isinstance(value, tuple) else (value, 1.0)
            evidence.append(
                {
                    "feature": feature.id,
                    "direction": feature.direction,
                    "lr_if_present": lr_true,
                    "lr_if_absent": lr_false,
                    "sources": list(feature.source),
                }
            )
        causes.append(
            {
                "cause": code.value,
                "label": rs.texts.causes[code],
                "level": levels,
                "prior": dict(zip(bands, item.prior, strict=True)),
                "prior_source": item.source,
                "likelihood_ratios": evidence,
                "benign_patterns": [p.id for p in spec.benign_patterns if p.cause == code],
                **(
                    {"miss_harm": item.miss_harm, "miss_harm_reason": item.miss_harm_reason}
                    if item.miss_harm is not None
                    else {}
                ),
            }
        )
    return {
        "ruleset_version": rs.version,
        "age_bands": [
            {"id": b.id, "up_to_days": b.max_days, "label": b.label} for b in spec.age_bands
        ],
        "thresholds": {
            d.value: {"p": t.p, "reasoning": t.reasoning} for d, t in spec.thresholds.items()
        },
        "causes": causes,
    }
