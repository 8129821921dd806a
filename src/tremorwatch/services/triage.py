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
