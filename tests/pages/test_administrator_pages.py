"""Inviting a colleague to administer the centre, and answering from home."""

from __future__ import annotations

from fastapi.testclient import TestClient

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.values import Role
from tests.e2e.conftest import centre_with_admin
from tests.pages.client import PageClient, errors_beside_fields


def colleague(http: TestClient, email: str) -> PageClient:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    app.open_account(SYSTEM_ACTOR, email, "Karim Haddad", "sable-quartz-27", Role.ADMINISTRATOR)
    return PageClient(http).sign_in(email, "sable-quartz-27")


def test_an_invited_colleague_accepts_from_home_and_reaches_the_centre(
    http: TestClient,
) -> None:
    centre = centre_with_admin(http, "0691234S", "admin@college.fr")
    admin = PageClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    page = admin.get(f"/centres/{centre}/administrateurs")
    assert page.status_code == 200
    assert "1 administrateur gère le centre." in page.text
    sent = admin.post(f"/centres/{centre}/administrateurs", {"email": "cpe@college.fr"})
    assert sent.status_code == 303
    after = admin.get(sent.headers["location"])
    assert "Invitation enregistrée" in after.text
    assert "cpe@college.fr" in after.text
    invited = colleague(http, "cpe@college.fr")
    home = invited.get("/accueil")
    assert "Vous êtes invité à administrer" in home.text
    assert invited.get(f"/centres/{centre}").status_code == 404
    accepted = invited.post(f"/centres/{centre}/invitation", {"answer": "accept"})
    assert accepted.headers["location"] == f"/centres/{centre}"
    assert invited.get(f"/centres/{centre}").status_code == 200
    assert (
        "2 administrateurs gèrent le centre."
        in admin.get(f"/centres/{centre}/administrateurs").text
    )


def test_declining_leaves_the_centre_closed(http: TestClient) -> None:
    centre = centre_with_admin(http, "0691234S", "admin@college.fr")
    admin = PageClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    admin.post(f"/centres/{centre}/administrateurs", {"email": "cpe@college.fr"})
    invited = colleague(http, "cpe@college.fr")
    declined = invited.post(f"/centres/{centre}/invitation", {"answer": "decline"})
    assert declined.headers["location"] == "/accueil"
    assert "Vous êtes invité" not in invited.get("/accueil").text
    assert invited.get(f"/centres/{centre}").status_code == 404


def test_a_wrong_address_is_said_beside_the_field_and_nothing_is_sent(http: TestClient) -> None:
    centre = centre_with_admin(http, "0691234S", "admin@college.fr")
    admin = PageClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    refused = admin.post(f"/centres/{centre}/administrateurs", {"email": "pas-une-adresse"})
    assert refused.status_code == 422
    assert errors_beside_fields(refused) == {
        "email": "Cette adresse électronique n'est pas valide."
    }
    assert 'value="pas-une-adresse"' in refused.text
    assert "Aucune invitation en attente." in admin.get(f"/centres/{centre}/administrateurs").text
    forged = admin.http.post(
        f"/centres/{centre}/administrateurs", data={"email": "cpe@college.fr", "csrf": "x"}
    )
    assert forged.status_code == 403
    assert "Aucune invitation en attente." in admin.get(f"/centres/{centre}/administrateurs").text


def test_another_centres_administrator_neither_reads_nor_invites(http: TestClient) -> None:
    centre = centre_with_admin(http, "0691234S", "admin@college.fr")
    centre_with_admin(http, "0693456G", "autre@college.fr")
    other = PageClient(http).sign_in("autre@college.fr", "sable-quartz-17")
    assert other.get(f"/centres/{centre}/administrateurs").status_code == 404
    sent = other.post(f"/centres/{centre}/administrateurs", {"email": "x@college.fr"})
    assert sent.status_code == 404
    assert "Page introuvable" in sent.text
