"""Plain labels for the spec's codes, read from ``templates/labels.yaml`` (text lives there)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tremorwatch.errors import RuleSetError
from tremorwatch.i18n import current_language, translate, use_language

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
    """The label of ``code`` in ``table`` in the current language, or the code made readable."""
    value = str(getattr(code, "value", code))
    entry = labels().get(table, {}).get(value)
    if isinstance(entry, dict):
        return translate(str(entry.get("label", value)))
    if entry is None:
        return value.replace("_", " ").capitalize()
    return translate(str(entry))


def label_list(table: str, codes: Iterable[object]) -> str:
    """The labels of ``codes`` in ``table``, joined by commas, in lower case ("left leg, right leg").

    What ``codes|map("as_label_pair", table)|map("last")|join(", ")|lower`` gives in a
    template, in one call instead of a chain of four filters per list (the diary shows two
    such lists per entry).
    """
    return ", ".join(label(table, code) for code in codes).lower()


def _translated(value: Any) -> Any:
    if isinstance(value, str):
        return translate(value)
    if isinstance(value, dict):
        return {k: _translated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_translated(v) for v in value]
    return value


@lru_cache(maxsize=8)
def _labels_in(language: str) -> dict[str, Any]:
    with use_language(language):
        return dict(_translated(labels()))


def translated_labels() -> dict[str, Any]:
    """The label tables in the current language (what the templates' ``labels()`` gives)."""
    return _labels_in(current_language())
