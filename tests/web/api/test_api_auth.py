"""Sign-up, sessions with CSRF, login throttling and API tokens over HTTP."""

from __future__ import annotations

from typing import Any

from api_helpers import PASSWORD, Family


def test_signup_sets_a_secure_session_cookie(api_client: Any) -> None:
    r = api_client.post(
        "/api/v1/auth/signup",
        json={"email": "ann@example.org", "password": PASSWORD, "display_name": "Ann"},
    )
    assert r.status_code == 201
    body = r.json()
    assert body["user"]["email"] == "ann@example.org"
    assert body["family"]["role"] == "owner"
    assert "password" not in r.text and "hash" not in r.text
    cookie = r.headers["set-cookie"].lower()
    assert "tw_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    me = api_client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["user"]["display_name"] == "Ann"


def test_session_writes_need_the_csrf_header(api_client: Any) -> None:
    r = api_client.post(
        "/api/v1/auth/signup",
        json={"email": "ann@example.org", "password": PASSWORD, "display_name": "Ann"},
    )
    csrf = r.json()["csrf_token"]
    baby = {"name": "Bo", "date_of_birth": "2026-10-01"}
    refused = api_client.post("/api/v1/infants", json=baby)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    wrong = api_client.post("/api/v1/infants", json=baby, headers={"X-CSRF-Token": "x" * 40})
    assert wrong.status_code == 403
    ok = api_client.post("/api/v1/infants", json=baby, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201
    assert api_client.get("/api/v1/infants").status_code == 200  # reads need no token


def test_login_logout_and_wrong_password(api_client: Any, family_a: Family) -> None:
    bad = api_client.post(
        "/api/v1/auth/login", json={"email": family_a.email, "password": "wrong password"}
    )
    assert bad.status_code == 401
    assert bad.json()["error"] == {
        "code": "bad_credentials",
        "message": "The e-mail address or the password is not right.",
        "field": "password",
    }
    ok = api_client.post("/api/v1/auth/login", json={"email": family_a.email, "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["user"]["id"] == family_a.user_id
    assert api_client.get("/api/v1/auth/me").status_code == 200
    assert api_client.post("/api/v1/auth/logout").status_code == 204
    assert api_client.get("/api/v1/auth/me").status_code == 401


def test_login_is_throttled(api_client: Any, family_a: Family) -> None:
    bad = {"email": family_a.email, "password": "wrong password"}
    codes = [api_client.post("/api/v1/auth/login", json=bad).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    good = {"email": family_a.email, "password": PASSWORD}
    r = api_client.post("/api/v1/auth/login", json=good)
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"


def test_token_login_and_revocation(api_client: Any, family_a: Family) -> None:
    r = api_client.post(
        "/api/v1/auth/token",
        json={"email": family_a.email, "password": PASSWORD, "name": "phone app"},
    )
    assert r.status_code == 201
    assert "set-cookie" not in r.headers
    token, token_id = r.json()["token"], r.json()["id"]
    headers = {"Authorization": f"Bearer {token}"}
    assert api_client.get("/api/v1/infants", headers=headers).status_code == 200
    listed = api_client.get("/api/v1/auth/tokens", headers=headers).json()
    assert {t["name"] for t in listed} == {"tests", "phone app"}
    assert all("token" not in t for t in listed)
    revoked = api_client.delete(f"/api/v1/auth/tokens/{token_id}", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    after = api_client.get("/api/v1/infants", headers=headers)
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"


def test_missing_or_malformed_credentials_are_401(api_client: Any) -> None:
    assert api_client.get("/api/v1/infants").status_code == 401
    basic = api_client.get("/api/v1/infants", headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401
    assert basic.json()["error"]["code"] == "not_signed_in"


def test_invitation_over_the_api(api_client: Any, family_a: Family) -> None:
    r = family_a.post("/api/v1/family/invitations", json={"role": "viewer"})
    assert r.status_code == 201
    code = r.json()["token"]
    joined = api_client.post(
        "/api/v1/auth/signup",
        json={
            "email": "val@example.org",
            "password": PASSWORD,
            "display_name": "Val",
            "invitation": code,
        },
    )
    assert joined.status_code == 201 and joined.json()["family"]["role"] == "viewer"
    members = family_a.get("/api/v1/family/members").json()
    assert {m["email"] for m in members} == {family_a.email, "val@example.org"}
    viewer_csrf = joined.json()["csrf_token"]
    refused = api_client.post(
        "/api/v1/infants",
        json={"name": "X", "date_of_birth": "2026-10-01"},
        headers={"X-CSRF-Token": viewer_csrf},
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_secure_cookies_setting_marks_the_cookie_secure(web_settings: Any) -> None:
    from fastapi.testclient import TestClient

    from tremorwatch.web.app import create_app

    settings = web_settings.model_copy(update={"secure_cookies": True})
    app = create_app(settings, auto_migrate=False, start_worker=False)
    with TestClient(app, base_url="https://testserver") as client:
        r = client.post(
            "/api/v1/auth/signup",
            json={"email": "sec@example.org", "password": PASSWORD, "display_name": "S"},
        )
    assert r.status_code == 201
    assert "secure" in r.headers["set-cookie"].lower()


def test_existing_user_joins_a_second_family(family_a: Family, family_b: Family) -> None:
    code = family_a.post("/api/v1/family/invitations", json={"role": "caregiver"}).json()["token"]
    joined = family_b.post("/api/v1/family/join", json={"invitation": code})
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == "caregiver"
    emails = {m["email"] for m in family_a.get("/api/v1/family/members").json()}
    assert emails == {family_a.email, family_b.email}
    again = family_b.post("/api/v1/family/join", json={"invitation": code})
    assert again.status_code == 422 and "already been used" in again.json()["error"]["message"]
    invitations = family_a.get("/api/v1/family/invitations").json()
    assert invitations[0]["accepted_at"] is not None
