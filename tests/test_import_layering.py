"""The dependency order of STYLE.md, enforced by walking every import with ``ast``.

Order (an arrow means "may import"): web, cli -> services -> analysis, storage, reports, export,
jobs -> domain -> foundation (errors, _checks). ``i18n`` (the translations) is foundation for
every layer above ``domain``; ``domain`` stays pure and its texts stay English data. ``config`` is foundation too, but ``domain`` and
``analysis`` do not read settings. Imports inside functions count: a lazy upward import is still
an upward import. ``domain`` may use only the standard library, pydantic and PyYAML.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tremorwatch"

FOUNDATION = {"errors", "_checks", "__init__", "__main__"}
MIDDLE = {"analysis", "storage", "reports", "export", "jobs"}

#: layer -> the tremorwatch layers it may import
ALLOWED: dict[str, set[str]] = {
    "errors": {"errors"},
    "_checks": {"errors"},
    "config": {"errors", "config"},
    "i18n": {"errors", "i18n"},
    "domain": {"domain", "errors", "_checks"},
    "analysis": {"analysis", "domain", "errors", "_checks"},
    "storage": {"storage", "i18n", "domain", "errors", "_checks", "config"},
    "reports": {"reports", "i18n", "domain", "analysis", "errors", "_checks", "config"},
    "export": {"export", "i18n", "domain", "errors", "_checks", "config"},
    "jobs": {"jobs", "i18n", "domain", "errors", "_checks", "config"},
    "services": {"services", "i18n", "domain", "errors", "_checks", "config", *MIDDLE},
    "web": {"web", "i18n", "services", "domain", "errors", "_checks", "config", *MIDDLE},
    "cli": {"cli", "i18n", "web", "services", "domain", "errors", "_checks", "config", *MIDDLE},
    "__init__": set(),
    "__main__": {"cli"},
}
# The package root holds only ``__version__``: every layer may read it.
for _allowed in ALLOWED.values():
    _allowed.add("__init__")

DOMAIN_THIRD_PARTY = {"pydantic", "pydantic_core", "yaml", "typing_extensions", "annotated_types"}


def _layer(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append((node.lineno, "tremorwatch." + _layer(path)))  # relative stays in layer
    return found


SOURCES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path: Path) -> None:
    layer = _layer(path)
    allowed = ALLOWED[layer]
    bad = []
    for lineno, module in _imports(path):
        if module == "tremorwatch":
            target = "__init__"
        elif module.startswith("tremorwatch."):
            target = module.split(".")[1]
        else:
            if layer == "domain":
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in DOMAIN_THIRD_PARTY:
                    bad.append(f"line {lineno}: domain imports third-party {module!r}")
            continue
        if target not in allowed:
            bad.append(f"line {lineno}: {layer} imports {module!r} (allowed: {sorted(allowed)})")
    assert not bad, "\n".join(bad)


def test_every_layer_is_known() -> None:
    layers = {_layer(p) for p in SOURCES}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)


def test_walker_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself must fail on a bad import (a test that cannot fail proves nothing)."""
    fake = SRC / "domain" / "_probe_upward.py"
    fake_tree = ast.parse("def f():\n    from tremorwatch.web import app\n")
    modules = [n.module for n in ast.walk(fake_tree) if isinstance(n, ast.ImportFrom)]
    assert modules == ["tremorwatch.web"]
    assert "web" not in ALLOWED[_layer(fake)]
