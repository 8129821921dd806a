"""tremorwatch's own checks on a Bundle, for what ``fhir.resources`` does not check.

- every ``fullUrl`` is ``urn:uuid:<UUID>``, unique, and equal to its resource's id;
- every Reference resolves to an entry of the Bundle, of a type the element allows
  (and equal to the Reference's own ``type`` when given);
- every Coding of one of our systems (``https://tremorwatch.org/fhir/...``) names a CodeSystem
  included in the Bundle and a code of that CodeSystem; v3-ActPriority codes exist;
- QuestionnaireResponses point at the included Questionnaire and use only its linkIds.

:func:`check_bundle` returns the problems found (an empty list when all is well).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, Final

from tremorwatch.export.fhir.terms import ACT_PRIORITY, ACT_PRIORITY_CODES, BASE_URL

#: (resource type, top-level element) -> resource types a Reference there may point to.
ALLOWED_TARGETS: Final[dict[tuple[str, str], frozenset[str]]] = {
    ("Observation", "subject"): frozenset({"Patient", "Group", "Device", "Location"}),
    ("Observation", "derivedFrom"): frozenset(
        {
            "DocumentReference",
            "ImagingStudy",
            "Media",
            "QuestionnaireResponse",
            "Observation",
            "MolecularSequence",
        }
    ),
    ("Observation", "hasMember"): frozenset(
        {"Observation", "QuestionnaireResponse", "MolecularSequence"}
    ),
    ("Media", "subject"): frozenset(
        {"Patient", "Practitioner", "PractitionerRole", "Group", "Device", "Specimen", "Location"}
    ),
    ("RiskAssessment", "subject"): frozenset({"Patient", "Group"}),
    ("RiskAssessment", "basis"): frozenset({"*"}),
    ("RiskAssessment", "reasonReference"): frozenset(
        {"Condition", "Observation", "DiagnosticReport", "DocumentReference"}
    ),
    # our ``replaces`` extension: the earlier triage of the same episode
    ("RiskAssessment", "extension"): frozenset({"RiskAssessment"}),
    ("QuestionnaireResponse", "subject"): frozenset({"*"}),
}


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, path)


def _check_full_urls(entries: list[dict[str, Any]], problems: list[str]) -> dict[str, str]:
    types: dict[str, str] = {}
    for n, entry in enumerate(entries):
        full_url = entry.get("fullUrl", "")
        resource = entry.get("resource", {})
        if not full_url.startswith("urn:uuid:"):
            problems.append(f"entry {n}: fullUrl {full_url!r} is not a urn:uuid")
            continue
        try:
            uuid.UUID(full_url.removeprefix("urn:uuid:"))
        except ValueError:
            problems.append(f"entry {n}: fullUrl {full_url!r} does not hold a valid UUID")
            continue
        if full_url in types:
            problems.append(f"entry {n}: fullUrl {full_url} is used twice")
        if resource.get("id") != full_url.removeprefix("urn:uuid:"):
            problems.append(
                f"entry {n}: resource id {resource.get('id')!r} differs from its fullUrl"
            )
        types[full_url] = resource.get("resourceType", "?")
    return types


def _check_references(
    entries: list[dict[str, Any]], types: dict[str, str], problems: list[str]
) -> None:
    for entry in entries:
        resource = entry.get("resource", {})
        kind = resource.get("resourceType", "?")
        for path, node in _walk(resource, ()):
            target = node.get("reference")
            if not isinstance(target, str) or not path:
                continue
            where = f"{kind}.{'.'.join(path)}"
            if target not in types:
                problems.append(f"{where}: reference {target} is not an entry of the Bundle")
                continue
            actual = types[target]
            if node.get("type") not in (None, actual):
                problems.append(
                    f"{where}: reference says type {node['type']} but points to {actual}"
                )
            allowed = ALLOWED_TARGETS.get((kind, path[0]))
            if allowed is not None and "*" not in allowed and actual not in allowed:
                problems.append(
                    f"{where}: may not point to a {actual} (allowed: {sorted(allowed)})"
                )


def _check_codes(entries: list[dict[str, Any]], problems: list[str]) -> None:
    systems: dict[str, set[str]] = {}
    for entry in entries:
        resource = entry.get("resource", {})
        if resource.get("resourceType") == "CodeSystem":
            systems[resource["url"]] = {c["code"] for c in resource.get("concept", [])}
    for entry in entries:
        resource = entry.get("resource", {})
        kind = resource.get("resourceType", "?")
        for path, node in _walk(resource, ()):
            system, code = node.get("system"), node.get("code")
            if not isinstance(system, str) or not isinstance(code, str):
                continue
            where = f"{kind}.{'.'.join(path)}"
            if system.startswith(BASE_URL + "/CodeSystem/"):
                if system not in systems:
                    problems.append(f"{where}: code system {system} is not included in the Bundle")
                elif code not in systems[system]:
                    problems.append(f"{where}: {code!r} is not a code of {system}")
            elif system == ACT_PRIORITY and code not in ACT_PRIORITY_CODES:
                problems.append(f"{where}: {code!r} is not a v3-ActPriority code")
        if kind == "ConceptMap":
            for group in resource.get("group", []):
                source_codes = systems.get(group.get("source", ""), set())
                for element in group.get("element", []):
                    if element.get("code") not in source_codes:
                        problems.append(
                            f"ConceptMap: source code {element.get('code')!r} is not in {group.get('source')}"
                        )
                    for target in element.get("target", []):
                        if (
                            group.get("target") == ACT_PRIORITY
                            and target.get("code") not in ACT_PRIORITY_CODES
                        ):
                            problems.append(
                                f"ConceptMap: target {target.get('code')!r} is not a v3-ActPriority code"
                            )


def _check_questionnaires(entries: list[dict[str, Any]], problems: list[str]) -> None:
    forms: dict[str, set[str]] = {}
    for entry in entries:
        resource = entry.get("resource", {})
        if resource.get("resourceType") == "Questionnaire":
            links = {
                node["linkId"]
                for _, node in _walk(resource.get("item", []), ())
                if "linkId" in node
            }
            forms[f"{resource['url']}|{resource.get('version', '')}"] = links
            forms[resource["url"]] = links
    for entry in entries:
        resource = entry.get("resource", {})
        if resource.get("resourceType") != "QuestionnaireResponse":
            continue
        canonical = resource.get("questionnaire", "")
        if canonical not in forms:
            problems.append(
                f"QuestionnaireResponse {resource.get('id')}: questionnaire {canonical!r} is not included"
            )
            continue
        for _, node in _walk(resource.get("item", []), ()):
            link = node.get("linkId")
            if link is not None and link not in forms[canonical]:
                problems.append(
                    f"QuestionnaireResponse {resource.get('id')}: unknown linkId {link!r}"
                )


def check_bundle(bundle: dict[str, Any]) -> list[str]:
    """All problems found in ``bundle`` (a JSON dict); empty when it passes."""
    problems: list[str] = []
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "collection":
        problems.append("not a Bundle of type 'collection'")
    entries = bundle.get("entry", [])
    types = _check_full_urls(entries, problems)
    _check_references(entries, types, problems)
    _check_codes(entries, problems)
    _check_questionnaires(entries, problems)
    return problems
