"""The JSON API against its own OpenAPI description, with generated input (Schemathesis).

Every operation of ``/api/v1/openapi.json`` is called with input generated from its schema,
signed in as a family with a baby and an episode (so the ids in paths can also be real). The
checks are the issue's figure: no 5xx answer, and every answer (status code, content type and
body) conforms to the description. The number of examples per operation is bounded so the run
stays within a CI budget (``TREMORWATCH_SCHEMATHESIS_EXAMPLES``, default 25).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from api_helpers import Family
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("TREMORWATCH_SCHEMATHESIS_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def signed_in(api_client: Any) -> Family:
    family = Family(api_client, "schema@example.org")
    infant = family.add_infant()
    family.log_episode(infant)
    return family


def _operations(api_app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_app)
    return [result.ok() for result in schema.get_all_operations()]


def test_api_conforms_to_its_openapi_description(api_app: Any, signed_in: Family) -> None:
    """Each operation in turn; all failures are collected, so one run lists every violation."""
    operations = _operations(api_app)
    assert len(operations) >= 10, "the OpenAPI description lost its operations"
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            response = case.call(headers=signed_in.headers)
            case.validate_response(response, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - report all, not the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
