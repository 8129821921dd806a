"""Fixtures of the JSON API tests (helpers live in ``api_helpers``)."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import Family


@pytest.fixture
def family_a(api_client: Any) -> Family:
    return Family(api_client, "ann@example.org")


@pytest.fixture
def family_b(api_client: Any) -> Family:
    return Family(api_client, "bob@example.org")
