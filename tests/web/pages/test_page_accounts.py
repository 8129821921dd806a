"""Sign-up, log in, log out: validation keeps what was typed, CSRF, throttling, safe redirects."""

from __future__ import annotations

from fastapi.testclient import TestClient
from page_helpers import Caregiver, csrf_of, errors_of, sign_up


def test_home_page_offers_the_emergency_check_without_an_account(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/check"' in page.text
    assert 'href="tel:911"' in page.text
    assert "decision support, not a diagnosis" in page.text


def test_signup_errors_are_shown_per_field_and_values_are_kept(client: TestClient) -> None:
    token = csrf_of(client.get("/signup").text)
    page = client.post(
        "/signup",
        data={
            "csrf_token": token,
            "display_name": "Sam",
            "email": "not-an-email",
            "password": "short",
        },
    )
    assert page.status_code == 400
    assert errors_of(page.text) == [
        "Enter an email address like name@example.org.",
        "Choose a password of at least 10 characters.",
    ]
    assert 'value="Sam"' in page.text and 'value="not-an-email"' in page.text
    assert "short" not in page.text  # a password is never sent back


def test_signup_signs_in_and_asks_for_the_baby(client: TestClient) -> None:
    sign_up(client, "new@example.org", "Sam")
    page = client.get("/")
    assert "Hello, Sam" in page.text
    assert client.get("/babies/new").status_code == 200


def test_signup_with_a_taken_email_says_so(client: TestClient, owner: Caregiver) -> None:
    token = csrf_of(client.get("/signup").text)
    page = client.post(
        "/signup",
        data={
            "csrf_token": token,
            "display_name": "Other",
            "email": owner.email,
            "password": "another long password",
        },
    )
    assert page.status_code == 400
    assert any("already exists" in e for e in errors_of(page.text))


def test_login_wrong_password_then_right_one_and_safe_next(api_app: object) -> None:
    with TestClient(api_app) as setup:  # type: ignore[arg-type]
        sign_up(setup, "pat@example.org", "Pat")
    with TestClient(api_app) as client:  # type: ignore[arg-type]
        token = csrf_of(client.get("/login").text)
        wrong = client.post(
            "/login",
            data={"csrf_token": token, "email": "pat@example.org", "password": "nope nope nope"},
        )
        assert wrong.status_code == 401
        assert errors_of(wrong.text) == ["The e-mail address or the password is not right."]
        assert 'value="pat@example.org"' in wrong.text
        right = client.post(
            "/login?next=//evil.example/steal",
            data={
                "csrf_token": token,
                "email": "pat@example.org",
                "password": "correct horse battery",
            },
            follow_redirects=False,
        )
        assert right.status_code == 303
        assert right.headers["location"] == "/babies/new"  # never another site


def test_login_redirects_back_to_the_page_asked_for(api_app: object) -> None:
    with TestClient(api_app) as client:  # type: ignore[arg-type]
        first = client.get("/family", follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/login?next=%2Ffamily"
        sign_up(client, "kim@example.org", "Kim")
        client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
        token = csrf_of(client.get("/login").text)
        back = client.post(
            "/login?next=%2Ffamily",
            data={
                "csrf_token": token,
                "email": "kim@example.org",
                "password": "correct horse battery",
            },
            follow_redirects=False,
        )
        assert back.headers["location"] == "/family"


def test_login_is_throttled_after_repeated_failures(client: TestClient, owner: Caregiver) -> None:
    token = csrf_of(client.get("/login").text)
    statuses = [
        client.post(
            "/login",
            data={"csrf_token": token, "email": owner.email, "password": f"wrong guess {i}"},
        ).status_code
        for i in range(7)
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_logout_needs_the_csrf_token_and_ends_the_session(owner: Caregiver) -> None:
    forged = owner.client.post("/logout", data={}, follow_redirects=False)
    assert forged.status_code == 403
    assert "This form has expired" in forged.text
    assert "Hello, Alex" in owner.client.get("/").text
    done = owner.post("/logout")
    assert done.status_code == 303
    assert "Hello, Alex" not in owner.client.get("/").text
    assert owner.client.get("/family", follow_redirects=False).status_code == 303


def test_unknown_page_is_the_404_page(client: TestClient) -> None:
    page = client.get("/no/such/page", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "We could not find that page" in page.text


def test_stylesheet_is_served_locally(client: TestClient) -> None:
    css = client.get("/static/tremorwatch.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "http" not in css.text  # nothing fetched from outside
