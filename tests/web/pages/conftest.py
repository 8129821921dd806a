"""Fixtures for the page tests: the real app (SQLite and PostgreSQL), signed-in caregivers.

The app, runtime and databases come from ``tests/conftest.py`` (``api_app``, parametrized over
SQLite and the PostgreSQL server of this machine).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from page_helpers import Caregiver, sign_up


@pytest.fixture
def client(api_app: Any) -> Iterator[TestClient]:
    """An anonymous visitor."""
    with TestClient(api_app) as c:
        yield c


@pytest.fixture
def owner(api_app: Any) -> Iterator[Caregiver]:
    """A caregiver who founded a family (owner)."""
    with TestClient(api_app) as c:
        yield sign_up(c, "owner@example.org", "Alex")


@pytest.fixture
def stranger(api_app: Any) -> Iterator[Caregiver]:
    """A caregiver of another family."""
    with TestClient(api_app) as c:
        yield sign_up(c, "stranger@example.org", "Robin")
