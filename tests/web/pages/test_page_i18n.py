"""The pages in Spanish: from Accept-Language, the selector's cookie, or the account's choice.

Known answers: the catalogue's Spanish for the texts checked (``¿Es una urgencia?``, the
emergency answer's ``Llame ahora al 112``: a Spanish browser without an account is taken to be
in Spain, whose number is 112). What is not tested here: that every text is translated
(tests/i18n).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from page_helpers import csrf_of, errors_of, field_of, run_interview, sign_up

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
_LANG = re.compile(r'<html lang="([a-z]+)"')


def _lang(page: str) -> str:
    match = _LANG.search(page)
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_the_browser_language_chooses_the_pages_language(api_app: Any) -> None:
    with TestClient(api_app, headers=SPANISH) as spanish:
        page = spanish.get("/")
        assert _lang(page.text) == "es"
        assert page.headers["content-language"] == "es"
        assert "¿Es una urgencia?" in page.text
        assert "Is this an emergency?" not in page.text
        assert 'lang="es" selected' in page.text  # the selector shows the language in use
    with TestClient(api_app, headers=ENGLISH) as english:
        page = english.get("/")
        assert _lang(page.text) == "en"
        assert "Is this an emergency?" in page.text
    with TestClient(api_app, headers={"Accept-Language": "fr-FR,de;q=0.8"}) as other:
        assert _lang(other.get("/").text) == "en"  # not shipped: English


def test_the_selector_keeps_a_visitors_choice_in_a_cookie(client: TestClient) -> None:
    home = client.get("/learn", headers=ENGLISH)
    response = client.post(
        "/language",
        data={"csrf_token": csrf_of(home.text), "language": "es", "next": "/learn"},
        headers=ENGLISH,
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/learn"
    assert "tw_lang=es" in response.headers["set-cookie"]
    page = client.get("/learn", headers=ENGLISH)  # the choice beats the browser
    assert _lang(page.text) == "es"
    assert "Información sobre el temblor en los bebés" in page.text


def test_the_selector_refuses_an_unknown_language_and_an_outside_target(client: TestClient) -> None:
    token = csrf_of(client.get("/").text)
    bad = client.post("/language", data={"csrf_token": token, "language": "xx"})
    assert bad.status_code == 422  # InputError, as every form error
    assert "Choose one of the languages in the list: English, Español." in bad.text
    away = client.post(
        "/language",
        data={"csrf_token": token, "language": "es", "next": "https://example.org/"},
        follow_redirects=False,
    )
    assert away.headers["location"] == "/"  # never another site
    no_token = client.post("/language", data={"language": "es"}, follow_redirects=False)
    assert no_token.status_code == 403


def test_a_signed_in_users_choice_is_kept_on_the_account(api_app: Any) -> None:
    with TestClient(api_app, headers=ENGLISH) as first:
        owner = sign_up(first, "lang@example.org", "Alex")
        response = owner.post("/language", {"language": "es", "next": "/family"})
        assert response.status_code == 303
    # another device: no cookie, an English browser; the account's choice wins after login
    with TestClient(api_app, headers=ENGLISH) as second:
        login = second.get("/login")
        signed_in = second.post(
            "/login",
            data={
                "csrf_token": csrf_of(login.text),
                "email": "lang@example.org",
                "password": "correct horse battery",
            },
        )
        assert signed_in.status_code == 200
        page = second.get("/family")
        assert _lang(page.text) == "es"
        assert "Cuidadores de esta familia" in page.text
        # and back to English, kept too
        back = second.post(
            "/language",
            data={"csrf_token": csrf_of(page.text), "language": "en", "next": "/family"},
        )
        assert _lang(back.text) == "en"
        assert "Caregivers in this family" in back.text


def test_sign_up_in_spanish_keeps_spanish_on_the_account(api_app: Any) -> None:
    with TestClient(api_app, headers=SPANISH) as spanish:
        sign_up(spanish, "es@example.org", "Lucía")
    with TestClient(api_app, headers=ENGLISH) as english:
        login = english.get("/login")
        english.post(
            "/login",
            data={
                "csrf_token": csrf_of(login.text),
                "email": "es@example.org",
                "password": "correct horse battery",
            },
        )
        assert _lang(english.get("/family").text) == "es"


def test_the_interview_and_its_emergency_answer_in_spanish(api_app: Any) -> None:
    with TestClient(api_app, headers=SPANISH) as spanish:
        first = spanish.get("/check")
        assert field_of(first.text) == "infant.age_days"  # the age comes first
        assert "¿Qué edad tiene su bebé?" in first.text
        page, asked = run_interview(
            spanish,
            {
                "infant.age_days": ("3", "weeks"),
                "episode.happening_now": "yes",
                "episode.minutes_so_far": "10",
            },
        )
        assert "episode.happening_now" in asked
        assert _lang(page.text) == "es"
        assert 'href="tel:112"' in page.text
        assert "Llame ahora al 112" in page.text  # a Spanish browser: Spain
        assert 'class="card result emergency"' in page.text  # the codes stay as they are


def test_form_errors_in_spanish(api_app: Any) -> None:
    with TestClient(api_app, headers=SPANISH) as spanish:
        signup = spanish.get("/signup")
        response = spanish.post(
            "/signup",
            data={"csrf_token": csrf_of(signup.text), "display_name": "", "email": "x"},
        )
        assert response.status_code == 400
        errors = errors_of(response.text)
        assert "Indique su nombre." in errors
        assert any("10 caracteres" in e for e in errors)


def test_the_json_api_keeps_codes_and_english(api_app: Any) -> None:
    """A machine interface: dispositions and cause ids are codes, texts stay English."""
    with TestClient(api_app, headers=SPANISH) as spanish:
        response = spanish.post(
            "/api/v1/assessments",
            json={
                "schema": "tremorwatch.assessment/1",
                "infant": {"age_days": 10},
                "episode": {"happening_now": "yes", "minutes_so_far": 10},
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["disposition"] == "emergency"
        assert "Call emergency services" in body["headline"]
