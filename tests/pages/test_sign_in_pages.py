"""Signing in and out of the pages: a cookie session with a CSRF token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from adapters.web.cookies import ACCOUNT_COOKIE
from tests.e2e.conftest import centre_with_admin
from tests.pages.client import PageClient, errors_beside_fields


def test_the_front_door_leads_to_the_sign_in_page_in_french(http: TestClient) -> None:
    browser = PageClient(http)
    assert browser.get("/").headers["location"] == "/connexion"
    page = browser.get("/connexion")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Se connecter" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "cdn" not in policy
    assert page.headers["cache-control"] == "no-store"


def test_signing_in_keeps_the_token_in_an_httponly_cookie(http: TestClient) -> None:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    browser = PageClient(http)
    answer = browser.post(
        "/connexion", {"email": "admin@college.fr", "password": "sable-quartz-17"}
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/accueil"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{ACCOUNT_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    home = browser.get("/accueil")
    assert home.status_code == 200
    assert "Bonjour Claire Rousseau" in home.text
    assert "Collège Jean Moulin" in home.text


def test_a_wrong_password_is_said_in_french_beside_the_field(http: TestClient) -> None:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    browser = PageClient(http)
    answer = browser.post("/connexion", {"email": "admin@college.fr", "password": "not-this-one"})
    assert answer.status_code == 401
    assert errors_beside_fields(answer) == {
        "password": "Adresse électronique ou mot de passe incorrect."
    }
    assert 'value="admin@college.fr"' in answer.text
    assert ACCOUNT_COOKIE not in browser.http.cookies
    empty = browser.post("/connexion", {"email": " ", "password": ""})
    assert empty.status_code == 422
    assert set(errors_beside_fields(empty)) == {"email", "password"}


def test_a_form_without_the_csrf_token_is_refused(http: TestClient) -> None:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    browser = PageClient(http)
    browser.csrf()
    forged = browser.http.post(
        "/connexion",
        data={"email": "admin@college.fr", "password": "sable-quartz-17", "csrf": "forged"},
    )
    assert forged.status_code == 403
    assert "Formulaire expiré" in forged.text
    assert ACCOUNT_COOKIE not in browser.http.cookies


def test_a_page_without_a_session_leads_to_sign_in_and_back(http: TestClient) -> None:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    browser = PageClient(http)
    answer = browser.get("/accueil")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/connexion?suite=/accueil"
    signed = browser.post(
        "/connexion",
        {"email": "admin@college.fr", "password": "sable-quartz-17", "suite": "//evil.example"},
    )
    assert signed.headers["location"] == "/accueil"


def test_signing_out_revokes_the_token_everywhere(http: TestClient) -> None:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    browser = PageClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    stolen = browser.http.cookies[ACCOUNT_COOKIE]
    out = browser.post("/deconnexion")
    assert out.status_code == 303
    assert out.headers["location"] == "/connexion"
    assert ACCOUNT_COOKIE not in browser.http.cookies
    thief = PageClient(http)
    thief.http.cookies.set(ACCOUNT_COOKIE, stolen)
    assert thief.get("/accueil").status_code == 303
    api = http.get("/api/v1/me", headers={"Authorization": f"Bearer {stolen}"})
    assert api.status_code == 401


def test_an_unknown_page_answers_a_french_404_and_the_api_keeps_its_problems(
    http: TestClient,
) -> None:
    page = PageClient(http).get("/pas-de-page")
    assert page.status_code == 404
    assert "Page introuvable" in page.text
    api = http.get("/api/v1/pas-de-route")
    assert api.headers["content-type"] == "application/problem+json"
