"""The clinical vignette library: load the cases, run the triage engine, score the answers.

Shared by ``tests/vignettes/test_vignettes.py``, the terminal summary in
``tests/vignettes/conftest.py`` and ``benchmarks/vignettes_report.py``. The cases live in
``tests/vignettes/cases/*.yaml`` (format: ``tests/vignettes/README.md``).

YAML is read with a loader in which only ``true``/``false`` are booleans, so the answers
``yes``/``no`` stay strings even when a case author forgets the quotes (PyYAML's YAML 1.1 would
turn them into booleans and the case would fail for the wrong reason).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tremorwatch.domain.assessment import Assessment, parse_assessment
from tremorwatch.domain.codes import Cause, Disposition
from tremorwatch.errors import InputError

CASES_DIR = Path(__file__).resolve().parent / "cases"

REQUIRED_KEYS = {"id", "title", "story", "source", "assessment", "expected"}
OPTIONAL_KEYS = {"look_alike", "notes"}
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class VignetteError(Exception):
    """A case file is malformed: the message names the file, the case and the problem."""


class _CaseLoader(yaml.SafeLoader):
    """SafeLoader where only true/false are booleans (yes/no/on/off stay strings)."""


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Vignette:
    """One clinical vignette: a story, its assessment and the answer the evidence supports."""

    id: str
    title: str
    story: str
    source: str
    assessment: Assessment
    expected_disposition: Disposition
    expected_causes: tuple[Cause, ...]
    look_alike: bool = False
    notes: str = ""
    file: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the engine answered for one vignette."""

    vignette: Vignette
    disposition: Disposition
    causes: tuple[str, ...]

    @property
    def exact(self) -> bool:
        return self.disposition == self.vignette.expected_disposition

    @property
    def under_triaged(self) -> bool:
        return self.disposition.urgency < self.vignette.expected_disposition.urgency

    @property
    def over_triaged(self) -> bool:
        return self.disposition.urgency > self.vignette.expected_disposition.urgency

    @property
    def missing_causes(self) -> tuple[Cause, ...]:
        return tuple(c for c in self.vignette.expected_causes if c.value not in self.causes)


@dataclass(frozen=True)
class Scores:
    """Summary numbers over a set of outcomes."""

    cases: int
    exact_matches: int
    emergencies_expected: int
    emergencies_found: int
    under_triage: int
    over_triage: int
    causes_expected: int
    causes_found: int
    confusion: dict[tuple[Disposition, Disposition], int] = field(default_factory=dict)

    @property
    def exact_match_rate(self) -> float:
        return self.exact_matches / self.cases if self.cases else 0.0

    @property
    def emergency_sensitivity(self) -> float:
        if not self.emergencies_expected:
            return 1.0
        return self.emergencies_found / self.emergencies_expected

    @property
    def cause_recall(self) -> float:
        return self.causes_found / self.causes_expected if self.causes_expected else 1.0

    def lines(self) -> list[str]:
        """The summary as printable lines."""
        return [
            f"vignettes: {self.cases} cases",
            f"exact-match rate: {self.exact_match_rate:.1%} ({self.exact_matches}/{self.cases})",
            f"emergency sensitivity: {self.emergency_sensitivity:.1%} "
            f"({self.emergencies_found}/{self.emergencies_expected})",
            f"under-triage: {self.under_triage}   over-triage: {self.over_triage}",
            f"cause recall: {self.cause_recall:.1%} ({self.causes_found}/{self.causes_expected})",
        ]


def _fail(path: Path, case_id: str, problem: str) -> VignetteError:
    return VignetteError(f"{path.name}, case {case_id!r}: {problem}")


def _parse_case(raw: Any, path: Path, index: int) -> Vignette:
    if not isinstance(raw, dict):
        raise _fail(path, f"#{index}", f"each case must be a mapping, got {type(raw).__name__}")
    case_id = str(raw.get("id", f"#{index}"))
    missing = REQUIRED_KEYS - raw.keys()
    if missing:
        raise _fail(path, case_id, f"missing keys {sorted(missing)}")
    unknown = raw.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
    if unknown:
        raise _fail(path, case_id, f"unknown keys {sorted(unknown)}")
    if not _ID_PATTERN.match(case_id):
        raise _fail(path, case_id, "id must be lower-case words joined by '-'")
    for key in ("title", "story", "source"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise _fail(path, case_id, f"{key!r} must be non-empty text")
    try:
        assessment = parse_assessment(raw["assessment"])
    except InputError as exc:
        raise _fail(path, case_id, f"invalid assessment: {exc.message}") from None
    expected = raw["expected"]
    if not isinstance(expected, dict) or set(expected) != {"disposition", "causes"}:
        raise _fail(path, case_id, "'expected' must have exactly 'disposition' and 'causes'")
    try:
        disposition = Disposition(expected["disposition"])
    except ValueError:
        allowed = ", ".join(d.value for d in Disposition)
        raise _fail(
            path,
            case_id,
            f"expected.disposition {expected['disposition']!r} is not one of {allowed}",
        ) from None
    causes_raw = expected["causes"]
    if not isinstance(causes_raw, list):
        raise _fail(path, case_id, "expected.causes must be a list (may be empty)")
    try:
        causes = tuple(Cause(c) for c in causes_raw)
    except ValueError as exc:
        raise _fail(path, case_id, f"expected.causes: {exc}") from None
    look_alike = raw.get("look_alike", False)
    if not isinstance(look_alike, bool):
        raise _fail(path, case_id, "look_alike must be true or false")
    return Vignette(
        id=case_id,
        title=raw["title"].strip(),
        story=" ".join(raw["story"].split()),
        source=raw["source"].strip(),
        assessment=assessment,
        expected_disposition=disposition,
        expected_causes=causes,
        look_alike=look_alike,
        notes=" ".join(str(raw.get("notes", "")).split()),
        file=path.name,
    )


def load_file(path: Path) -> list[Vignette]:
    """Load and validate one case file.

    Raises
    ------
    VignetteError
        The YAML cannot be read, or a case is malformed (names the file and the case).
    """
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)
    except yaml.YAMLError as exc:
        raise VignetteError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(data, list):
        raise VignetteError(f"{path.name}: the file must be a YAML list of cases")
    return [_parse_case(raw, path, i) for i, raw in enumerate(data)]


def load_library(directory: Path = CASES_DIR) -> list[Vignette]:
    """Every case in ``directory``, checked for unique ids."""
    vignettes: list[Vignette] = []
    for path in sorted(directory.glob("*.yaml")):
        vignettes.extend(load_file(path))
    seen: dict[str, str] = {}
    for v in vignettes:
        if v.id in seen:
            raise VignetteError(f"duplicate case id {v.id!r} in {seen[v.id]} and {v.file}")
        seen[v.id] = v.file
    return vignettes


@cache
def library() -> tuple[Vignette, ...]:
    """The committed library, loaded once per process."""
    return tuple(load_library())


def default_engine() -> Callable[[Assessment], Any]:
    """``tremorwatch.domain.triage.evaluate`` (imported here so a missing engine fails clearly)."""
    from tremorwatch.domain.triage import evaluate

    return evaluate


def run(vignette: Vignette, engine: Callable[[Assessment], Any]) -> Outcome:
    """Run the engine on one vignette."""
    result = engine(vignette.assessment)
    return Outcome(
        vignette=vignette,
        disposition=Disposition(result.disposition),
        causes=tuple(str(c.id) for c in result.possible_causes),
    )


_RESULTS: dict[str, Outcome] = {}


def run_all(engine: Callable[[Assessment], Any] | None = None) -> list[Outcome]:
    """Run every committed case (cached for the default engine) and return the outcomes."""
    if engine is not None:
        return [run(v, engine) for v in library()]
    if len(_RESULTS) != len(library()):
        chosen = default_engine()
        for v in library():
            _RESULTS[v.id] = run(v, chosen)
    return [_RESULTS[v.id] for v in library()]


def cached_outcomes() -> list[Outcome]:
    """Outcomes computed so far in this process (for the pytest terminal summary)."""
    return list(_RESULTS.values())


def score(outcomes: Sequence[Outcome]) -> Scores:
    """Exact matches, emergency sensitivity, under/over-triage, cause recall, confusion."""
    confusion: dict[tuple[Disposition, Disposition], int] = {}
    for o in outcomes:
        key = (o.vignette.expected_disposition, o.disposition)
        confusion[key] = confusion.get(key, 0) + 1
    emergencies = [o for o in outcomes if o.vignette.expected_disposition is Disposition.EMERGENCY]
    causes_expected = sum(len(o.vignette.expected_causes) for o in outcomes)
    return Scores(
        cases=len(outcomes),
        exact_matches=sum(o.exact for o in outcomes),
        emergencies_expected=len(emergencies),
        emergencies_found=sum(o.disposition is Disposition.EMERGENCY for o in emergencies),
        under_triage=sum(o.under_triaged for o in outcomes),
        over_triage=sum(o.over_triaged for o in outcomes),
        causes_expected=causes_expected,
        causes_found=causes_expected - sum(len(o.missing_causes) for o in outcomes),
        confusion=confusion,
    )
