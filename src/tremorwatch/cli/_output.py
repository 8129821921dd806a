"""Shared helpers for CLI output: the ``--format`` option and JSON printing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    """The ``--format`` option (``text`` or ``json`` unless other choices are given)."""
    allowed = choices or ("text", "json")
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(allowed),
        default=default,
        show_default=True,
        help="Output format; json is machine-readable.",
    )


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on standard output."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_json_line(data: Any) -> None:
    """Print ``data`` as one compact JSON line (JSON Lines output)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
