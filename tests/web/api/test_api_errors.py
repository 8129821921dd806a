"""The one error handler: every class of the tree has a status; one body shape everywhere."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tremorwatch import errors
from tremorwatch.storage.files import UnsupportedMediaType, UploadTooLarge
from tremorwatch.web.errors import install_error_handlers, status_for
from tremorwatch.web.security import LoginRequired

EXPECTED_STATUS = {
    errors.TremorwatchError: 500,
    errors.InputError: 422,
    errors.NotFound: 404,
    errors.RecordingError: 422,
    errors.RuleSetError: 500,
    errors.ConfigError: 500,
    errors.StorageError: 503,
    errors.JobError: 503,
    errors.AccessDenied: 403,
    errors.RateLimited: 429,
    errors.Conflict: 409,
    UploadTooLarge: 413,
    UnsupportedMediaType: 415,
    LoginRequired: 401,
}


def test_every_error_class_of_the_tree_is_mapped() -> None:
    """A new class in errors.py must be added here (and get a deliberate status)."""
    tree = {
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, errors.TremorwatchError)
    }
    assert tree <= set(EXPECTED_STATUS), tree - set(EXPECTED_STATUS)


@pytest.mark.parametrize("klass", list(EXPECTED_STATUS), ids=lambda k: k.__name__)
def test_status_and_body_for_each_class(klass: type[errors.TremorwatchError]) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise klass("Something specific went wrong.", field="infant.age_days")

    assert status_for(klass("x")) == EXPECTED_STATUS[klass]
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/boom")
    assert r.status_code == EXPECTED_STATUS[klass]
    assert r.json() == {
        "error": {
            "code": klass.code,
            "message": "Something specific went wrong.",
            "field": "infant.age_days",
        }
    }


def test_codes_refine_the_status() -> None:
    assert status_for(errors.AccessDenied("x", code="not_signed_in")) == 401
    assert status_for(errors.AccessDenied("x", code="bad_credentials")) == 401
    assert status_for(errors.AccessDenied("x", code="forbidden")) == 403


def test_login_required_on_a_page_redirects_to_login() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/diary")
    def page() -> None:
        raise LoginRequired("Please sign in.")

    with TestClient(app) as client:
        r = client.get("/diary?infant=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fdiary%3Finfant%3D1"


def test_validation_errors_use_the_same_shape(api_client: Any) -> None:
    r = api_client.post("/api/v1/assessments", json={"infant": {"age_days": -3}})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["field"] == "infant.age_days"
    assert "greater than or equal to 0" in error["message"]
    r = api_client.post(
        "/api/v1/auth/signup", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


def test_unknown_routes_and_methods_use_the_same_shape(api_client: Any) -> None:
    r = api_client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    r = api_client.put("/api/v1/infants")
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"
