"""Plain labels for the spec's codes, read from ``templates/labels.yaml`` (text lives there)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tremorwatch.errors import RuleSetError

LABELS_FILE = Path(__file__).resolve().parent.parent / "templates" / "labels.yaml"


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The label tables: ``labels()["findings"]["fever"] == "Fever"``."""
    try:
        data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"The page labels file {LABELS_FILE} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise RuleSetError(f"The page labels file {LABELS_FILE} must be a mapping of tables.")
    return data


def label(table: str, code: object) -> str:
    """The label of ``code`` in ``table``, or the code itself made readable."""
    value = str(getattr(code, "value", code))
    entry = labels().get(table, {}).get(value)
    if isinstance(entry, dict):
        return str(entry.get("label", value))
    if entry is None:
        return value.replace("_", " ").capitalize()
    return str(entry)
