"""Compile a whole rule's ``when`` list into one generated Python function (the hot path).

:mod:`.conditions` gives every condition its own closure (used for explanations and the
next-question search); calling ~3 closures per rule for ~100 rules costs more than the rest of
an evaluation. Here the same three-valued semantics is emitted as one function per rule with
the conditions inlined, so a rule check is a single call. Only validated data reaches the
generated source: field names are checked against :data:`~.facts.FIELD_KINDS` and every value
(code sets, bounds) is passed as a constant in the function's namespace, never as text.
``tests/domain/triage/test_codegen.py`` checks that both compilations agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tremorwatch.domain.triage.facts import FIELD_KINDS
from tremorwatch.domain.triage.schema import ConditionSpec

_OPS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_KIND_ORDER = {"finding": 0, "no_finding": 0, "includes": 1, "answer": 2, "answered": 2}


class _Emitter:
    """Emits condition expressions; constants become closure variables ``K0, K1, ...`` and,
    with ``hoist``, each fact read becomes a local ``F0, F1, ...`` read once per call."""

    def __init__(self, sets: Mapping[str, Iterable[str]], *, hoist: bool = False) -> None:
        self.sets = sets
        self.constants: list[Any] = []
        self.uses_findings = False
        self.hoist = hoist
        self.fields: dict[str, str] = {}
        self.locals = 0

    def const(self, value: Any) -> str:
        self.constants.append(value)
        return f"K{len(self.constants) - 1}"

    def field(self, name: str | None) -> str:
        if name not in FIELD_KINDS:
            raise ValueError(f"unknown field {name!r}")
        if not self.hoist:
            return f"f[{name!r}]"
        if name not in self.fields:
            self.fields[name] = f"F{len(self.fields)}"
        return self.fields[name]

    def reads(self) -> list[str]:
        """The lines reading every hoisted fact into its local."""
        return [f"    {local} = f[{name!r}]" for name, local in self.fields.items()]

    def build(self, source: str, name: str, filename: str) -> Any:
        """Compile ``source`` (defining function ``name``) inside a factory whose parameters
        are the constants, so the generated code reads them as fast closure variables."""
        params = ", ".join(f"K{i}" for i in range(len(self.constants)))
        body = "\n".join("    " + line for line in source.splitlines())
        factory = f"def _factory({params}):\n{body}\n    return {name}\n"
        namespace: dict[str, Any] = {}
        exec(compile(factory, filename, "exec"), namespace)
        return namespace["_factory"](*self.constants)

    def codes(self, items: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for item in items:
            out.update(self.sets[item[1:]] if item.startswith("@") else [item])
        return frozenset(out)

    def expr(self, spec: ConditionSpec) -> str:
        kind = spec.kind
        if kind in ("finding", "no_finding"):
            self.uses_findings = True
            codes = self.const(self.codes(getattr(spec, kind)))
            if kind == "finding":
                return f"(2 if S & {codes} else (0 if {codes} <= CH else 1))"
            return f"(0 if S & {codes} else (2 if {codes} <= CH else 1))"
        if kind == "answer":
            values = frozenset(spec.in_ or ())
            unknown = self.const(frozenset({"missing", "unsure"}) - values)
            get = f"({self.field(spec.answer)} or 'missing')"
            return (
                f"(2 if (_v := {get}) in {self.const(values)} else (1 if _v in {unknown} else 0))"
            )
        if kind == "number":
            checks = " and ".join(
                f"_v {_OPS[key]} {float(bound)!r}"
                for key in ("lt", "le", "gt", "ge")
                if (bound := getattr(spec, key)) is not None
            )
            missing = 2 if spec.missing else 1
            return f"({missing} if (_v := {self.field(spec.number)}) is None else (2 if {checks} else 0))"
        if kind == "includes":
            of = self.const(frozenset(spec.any_of or ()))
            return (
                f"(1 if (_v := {self.field(spec.includes)}) is None else (2 if _v & {of} else 0))"
            )
        if kind == "answered":
            return f"(1 if (_v := {self.field(spec.answered)}) is None or _v == 'unsure' else 2)"
        parts = [self.expr(c) for c in (spec.any if kind == "any" else spec.all) or ()]
        return self.kleene(parts, any_=kind == "any")

    def kleene(self, parts: list[str], *, any_: bool) -> str:
        """Kleene OR (the maximum) or AND (the minimum) of ``parts``, inline and stopping at the
        first part that decides it (2 for OR, 0 for AND), without a ``max``/``min`` call."""
        decided, otherwise = (2, 0) if any_ else (0, 2)
        names = []
        for _ in parts:
            self.locals += 1
            names.append(f"_a{self.locals}")
        unknown = " or ".join(f"{n} == 1" for n in names) or "False"
        out = f"(1 if {unknown} else {otherwise})"
        for name, part in reversed(list(zip(names, parts, strict=True))):
            out = f"({decided} if ({name} := {part}) == {decided} else {out})"
        return out


def compile_check(
    when: list[ConditionSpec], *, sets: Mapping[str, list[str]], name: str = "rule"
) -> Callable[[dict[str, object]], int]:
    """One function ``facts -> 0/1/2`` equal to the Kleene AND of ``when``."""
    emitter = _Emitter(sets)
    ordered = sorted(when, key=lambda c: _KIND_ORDER.get(c.kind, 5))
    lines = []
    for index, spec in enumerate(ordered):
        lines.append(f"    v = {emitter.expr(spec)}")
        lines.append("    if v == 0:\n        return 0")
        lines.append("    r = v" if index == 0 else "    if v < r:\n        r = v")
    head = (
        ['    S = f["findings"]', '    CH = f["findings_checked"]'] if emitter.uses_findings else []
    )
    source = "def check(f):\n" + "\n".join(head + lines) + "\n    return r\n"
    check: Callable[[dict[str, object]], int] = emitter.build(source, "check", f"<rule {name}>")
    return check


def compile_all(
    whens: list[list[ConditionSpec]], *, sets: Mapping[str, list[str]]
) -> Callable[[dict[str, object]], list[int]]:
    """One function ``facts -> [status of rule 0, rule 1, ...]`` with every rule inlined.

    Same semantics as :func:`compile_check` for each rule; one call instead of one per rule.
    """
    emitter = _Emitter(sets, hoist=True)
    body: list[str] = []
    for index, when in enumerate(whens):
        ordered = sorted(when, key=lambda c: _KIND_ORDER.get(c.kind, 5))
        r = f"s{index}"  # each rule's status is its own local; the list is built at the end
        body.append("    while True:")
        for position, spec in enumerate(ordered):
            if position == 0:
                body.append(f"        {r} = {emitter.expr(spec)}")
                body.append(f"        if {r} == 0:\n            break")
            else:
                body.append(f"        v = {emitter.expr(spec)}")
                body.append(f"        if v == 0:\n            {r} = 0\n            break")
                body.append(f"        if v < {r}:\n            {r} = v")
        body.append("        break")
    head = [
        '    S = f["findings"]',
        '    CH = f["findings_checked"]',
        *emitter.reads(),
    ]
    result = ", ".join(f"s{index}" for index in range(len(whens)))
    source = "def statuses(f):\n" + "\n".join(head + body) + f"\n    return [{result}]\n"
    statuses: Callable[[dict[str, object]], list[int]] = emitter.build(
        source, "statuses", "<ruleset>"
    )
    return statuses


def compile_open_questions(
    when: list[ConditionSpec],
    asks: tuple[frozenset[str], ...],
    *,
    sets: Mapping[str, Iterable[str]],
    name: str = "rule",
) -> Callable[[dict[str, object]], frozenset[str] | None]:
    """One function ``facts -> the questions one answer to which could make the rule fire``.

    ``asks[k]`` holds the questions whose answers condition ``when[k]`` reads. A condition that
    does not hold (false or unknown) keeps its value whatever is answered to a question it does
    not read, so the rule can only fire through a question every such condition reads: the
    result is the intersection of their ``asks``, or ``None`` when every condition holds.
    """
    emitter = _Emitter(sets)
    lines = ["    q = None"]
    for spec, reads in zip(when, asks, strict=True):
        reads_name = emitter.const(reads)
        lines.append(f"    if {emitter.expr(spec)} != 2:")
        lines.append(f"        q = {reads_name} if q is None else q & {reads_name}")
        lines.append("        if not q:\n            return q")
    head = (
        ['    S = f["findings"]', '    CH = f["findings_checked"]'] if emitter.uses_findings else []
    )
    source = "def open_questions(f):\n" + "\n".join(head + lines) + "\n    return q\n"
    found: Callable[[dict[str, object]], frozenset[str] | None] = emitter.build(
        source, "open_questions", f"<open questions of {name}>"
    )
    return found
