"""Shared validation helpers: errors name the parameter, what is allowed and what was passed.

Never use ``assert`` for input checks (asserts vanish under ``python -O``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from tremorwatch.errors import InputError


def check_option(name: str, value: Any, allowed: Collection[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise InputError naming both."""
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise InputError(f"{name} must be one of {shown}; got {value!r}.", field=name)
    return value


def check_range(
    name: str,
    value: float,
    *,
    low: float | None = None,
    high: float | None = None,
    unit: str = "",
) -> float:
    """Return ``value`` if ``low <= value <= high`` (either bound optional)."""
    suffix = f" {unit}" if unit else ""
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '-inf'}..{high if high is not None else 'inf'}"
        raise InputError(
            f"{name} must be within {bounds}{suffix}; got {value}{suffix}.", field=name
        )
    return value


def check_positive(name: str, value: float, *, unit: str = "") -> float:
    """Return ``value`` if it is strictly positive."""
    if not value > 0:
        suffix = f" {unit}" if unit else ""
        raise InputError(f"{name} must be greater than 0{suffix}; got {value}{suffix}.", field=name)
    return value


def _shown(value: Any) -> str:
    """A value as a person writes it: dates ISO, text quoted, never a Python repr."""
    from datetime import date, datetime
    from enum import Enum

    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return f"'{value.value}'"
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "nothing"
    if isinstance(value, (bool, int, float)):
        return str(value)
    return f"a {type(value).__name__}"


def pydantic_error_to_input_error(exc: Any, *, prefix: str = "") -> InputError:
    """Turn a pydantic ``ValidationError`` into one InputError naming the first bad field.

    The message lists every problem (up to five) as ``field: what is wrong``, so a person can
    fix them all at once.
    """
    errors: Sequence[Mapping[str, Any]] = exc.errors()
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
        where = f"{prefix}{loc}" if loc else prefix.rstrip(".") or "input"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        given = err.get("input")
        if err.get("type") in {"missing"} or isinstance(given, (dict, list)):
            parts.append(f"{where}: {msg}")
        else:
            parts.append(f"{where}: {msg} (got {_shown(given)})")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    first_loc = ".".join(str(p) for p in errors[0].get("loc", ())) if errors else ""
    return InputError("; ".join(parts) + more, field=f"{prefix}{first_loc}" or None)
