"""Erasing a candidate's personal data from the candidate's page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from domain.values import ERASED, Role
from tests.pages.admin_world import account, errors_beside
from tests.pages.test_candidate_pages import added, prepared


def test_erasure_asks_why_then_every_page_reads_erased(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    candidate = added(browser, number)
    page = f"/sessions/{number}/candidats/{candidate}"
    assert "Effacer ses données personnelles" in browser.get(page).text
    confirm = browser.get(f"{page}/effacement")
    assert confirm.status_code == 200
    assert "Cette action ne peut pas être annulée." in confirm.text
    without = browser.post(f"{page}/effacement", {"reason": "  "})
    assert without.status_code == 422
    assert errors_beside(without) == {"reason": "Dites pourquoi les données sont effacées."}
    assert "Ménard" in browser.get(page).text
    done = browser.post(f"{page}/effacement", {"reason": "Demande de la famille"})
    assert done.status_code == 303
    after = browser.get(done.headers["location"])
    assert "Les données personnelles du candidat sont effacées" in after.text
    assert "Ménard" not in after.text
    assert ERASED in after.text
    listed = browser.get(f"/sessions/{number}/candidats").text
    assert "Ménard" not in listed
    assert ERASED in listed


def test_erasure_is_refused_to_readers_and_without_the_csrf_token(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    candidate = added(browser, number)
    page = f"/sessions/{number}/candidats/{candidate}"
    forged = browser.http.post(f"{page}/effacement", data={"reason": "x", "csrf": "forged"})
    assert forged.status_code == 403
    auditor = account(http, "audit@certif.fr", Role.AUDITOR)
    refused = auditor.post(f"{page}/effacement", {"reason": "Pour voir"})
    assert refused.status_code == 403
    assert "Ménard" in browser.get(page).text
