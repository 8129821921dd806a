"""Fixtures of the clinician web tests: the real app, a seeded family signed in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from clinician_web import Member, sign_in
from fastapi.testclient import TestClient

import clinician_db


@pytest.fixture
def member(api_app: Any, runtime: Any) -> Iterator[Member]:
    seeded = clinician_db.seed(runtime, days=14)
    with TestClient(api_app) as client:
        sign_in(client, seeded.actor.email)
        yield Member(client, seeded)


@pytest.fixture
def visitor(api_app: Any) -> Iterator[TestClient]:
    """Someone with only a link (no account)."""
    with TestClient(api_app) as client:
        yield client
