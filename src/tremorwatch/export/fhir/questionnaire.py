"""The Questionnaire tremorwatch publishes for its interview, and answers as a QuestionnaireResponse.

The Questionnaire is generated from the :class:`~tremorwatch.domain.assessment.Assessment`
model itself, so it can never drift from the exchange format: one group per section
(``infant``, ``episode``, ``vitals``, ``motion``), one item per field, ``linkId`` = the dotted
field path (``episode.stops_with_gentle_hold``). Enum fields are ``choice`` items whose options
come from our CodeSystems; lists repeat.
"""

from __future__ import annotations

import types
import typing
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final

from pydantic import BaseModel

from tremorwatch.domain.assessment import ASSESSMENT_SCHEMA, Assessment
from tremorwatch.export.fhir.terms import BASE_URL, coding

QUESTIONNAIRE_URL: Final = f"{BASE_URL}/Questionnaire/assessment"
QUESTIONNAIRE_VERSION: Final = ASSESSMENT_SCHEMA.rsplit("/", 1)[1]
CANONICAL: Final = f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, repeats) for ``X | None``, ``list[X]`` and ``list[X] | None``."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0])
    if origin is list:
        inner, _ = _unwrap(typing.get_args(annotation)[0])
        return inner, True
    return annotation, False


def _item_type(inner: Any) -> str:
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        return "choice"
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return "group"
    if inner is bool:
        return "boolean"
    if inner is int:
        return "integer"
    if inner is float:
        return "decimal"
    return "string"


def _items(model: type[BaseModel], prefix: str) -> list[dict[str, Any]]:
    items = []
    for name, info in model.model_fields.items():
        if name == "schema_":
            continue
        inner, repeats = _unwrap(info.annotation)
        link = f"{prefix}{name}"
        kind = _item_type(inner)
        item: dict[str, Any] = {
            "linkId": link,
            "text": info.description or name.replace("_", " ").capitalize(),
            "type": kind,
        }
        if kind == "group":
            item["item"] = _items(inner, f"{link}.")
        else:
            if repeats:
                item["repeats"] = True
            if kind == "choice":
                item["answerOption"] = [{"valueCoding": coding(v)} for v in inner]
        if info.is_required():
            item["required"] = True
        items.append(item)
    return items


@lru_cache(maxsize=1)
def _questionnaire() -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "TremorwatchAssessment",
        "title": "tremorwatch triage interview (tremorwatch.assessment/1)",
        "status": "active",
        "publisher": "tremorwatch",
        "subjectType": ["Patient"],
        "item": _items(Assessment, ""),
    }


def questionnaire() -> dict[str, Any]:
    """The Questionnaire resource (a fresh copy; without an id)."""
    import copy

    return copy.deepcopy(_questionnaire())


def _answers(value: Any) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    out: list[dict[str, Any]] = []
    for v in values:
        if isinstance(v, StrEnum):
            out.append({"valueCoding": coding(v)})
        elif isinstance(v, bool):
            out.append({"valueBoolean": v})
        elif isinstance(v, int):
            out.append({"valueInteger": v})
        elif isinstance(v, float):
            out.append({"valueDecimal": v})
        else:
            out.append({"valueString": str(v)})
    return out


def _response_items(model: BaseModel, prefix: str) -> list[dict[str, Any]]:
    items = []
    for name in type(model).model_fields:
        if name == "schema_":
            continue
        value = getattr(model, name)
        link = f"{prefix}{name}"
        if value is None or name not in model.model_fields_set:
            continue  # not asked
        if isinstance(value, BaseModel):
            sub = _response_items(value, f"{link}.")
            if sub:
                items.append({"linkId": link, "item": sub})
        elif isinstance(value, list) and not value:
            items.append({"linkId": link})  # asked, nothing ticked (e.g. no finding seen)
        else:
            items.append({"linkId": link, "answer": _answers(value)})
    return items


def questionnaire_response(
    assessment: Assessment, *, subject: str, authored: str, response_id: str
) -> dict[str, Any]:
    """The answers of ``assessment`` as a completed QuestionnaireResponse."""
    return {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": CANONICAL,
        "status": "completed",
        "subject": {"reference": subject},
        "authored": authored,
        "item": _response_items(assessment, ""),
    }


def questionnaire_link_ids() -> set[str]:
    """Every linkId of the Questionnaire (for checking responses)."""
    found: set[str] = set()

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            found.add(item["linkId"])
            walk(item.get("item", []))

    walk(_questionnaire()["item"])
    return found
