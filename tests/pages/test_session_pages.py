"""A session's page: details, readiness, papers, password, invigilators, edit, delete."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from domain.values import Role
from tests.pages.admin_world import (
    SESSION,
    a_candidate_starts,
    account,
    admin_browser,
    centre,
    errors_beside,
    new_session,
)
from tests.pages.client import PageClient

PAPERS = {
    "feuille-emargement.pdf": "application/pdf",
    "feuille-emargement.csv": "text/csv; charset=utf-8",
    "feuille-emargement.ods": "application/vnd.oasis.opendocument.spreadsheet",
    "kit-surveillant.pdf": "application/pdf",
    "convocations.pdf": "application/pdf",
}


def prepared(http: TestClient) -> tuple[PageClient, str, str, str]:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    number, password = new_session(browser, centre_id)
    return browser, centre_id, number, password


def version_in(text: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', text)
    assert found, text
    return found.group(1)


def workspace(http: TestClient, number: str, password: str) -> int:
    body = {"session_number": int(number), "password": password}
    return http.post("/api/v1/invigilation/sign-in", json=body).status_code


def test_the_session_page_shows_details_checklist_and_links(http: TestClient) -> None:
    browser, _, number, _ = prepared(http)
    page = browser.get(f"/sessions/{number}")
    assert page.status_code == 200
    assert f"<h1>Session n°{number}</h1>" in page.text
    for fact in ("Collège Jean Moulin", "Bâtiment A", "Salle 12", "M. Durand"):
        assert fact in page.text
    assert "jeudi 10 décembre 2026" in page.text
    assert "09:00–10:45" in page.text
    assert re.search(r'<dd class="code">[A-Z]{4}\d{2}</dd>', page.text)
    for step in (
        "Candidats inscrits</strong> : 0 candidat inscrit",
        "Tous les candidats certifiables</strong> : aucun candidat",
        "Surveillants nommés</strong> : 0 nommé, 1 requis",
        "Feuille d&#39;émargement téléchargée</strong> : pas encore",
        "Convocations envoyées</strong> : 0 sur 0",
    ):
        assert step in page.text
    assert page.text.count(">À faire</span>") == 5
    session_id = re.search(r'href="/audit/sessions/([0-9a-f-]{36})"', page.text)
    assert session_id
    assert f'href="/sessions/{session_id.group(1)}/finalisation"' in page.text
    assert browser.get(f"/sessions/{session_id.group(1)}").status_code == 200


def test_each_paper_downloads_with_the_cookie_and_counts_in_readiness(http: TestClient) -> None:
    browser, centre_id, number, _ = prepared(http)
    for name, media_type in PAPERS.items():
        answer = browser.get(f"/sessions/{number}/documents/{name}")
        assert answer.status_code == 200, name
        assert answer.headers["content-type"] == media_type
        assert answer.headers["content-disposition"].startswith("attachment;")
    page = browser.get(f"/sessions/{number}")
    assert "Feuille d&#39;émargement téléchargée</strong> : téléchargée 4 fois" in page.text
    assert page.text.count(">Fait</span>") == 1
    assert "1/5 étapes" in browser.get(f"/centres/{centre_id}").text  # the list agrees
    assert browser.get(f"/sessions/{number}/documents/autre.pdf").status_code == 404
    assert (
        PageClient(http).get(f"/sessions/{number}/documents/kit-surveillant.pdf").status_code == 303
    )


def test_a_renewed_password_is_shown_once_and_the_old_one_stops(http: TestClient) -> None:
    browser, _, number, password = prepared(http)
    assert workspace(http, number, password) == 200
    page = browser.get(f"/sessions/{number}")
    renewed = browser.post(f"/sessions/{number}/mot-de-passe", {"version": version_in(page.text)})
    assert renewed.status_code == 200
    assert renewed.headers["cache-control"] == "no-store"
    new = re.search(r'<p class="secret" id="secret">([A-Z0-9]{12})</p>', renewed.text)
    assert new
    assert new.group(1) != password
    assert workspace(http, number, password) == 401
    assert workspace(http, number, new.group(1)) == 200
    assert new.group(1) not in browser.get(f"/sessions/{number}").text
    stale = browser.post(f"/sessions/{number}/mot-de-passe", {"version": "1"})
    assert stale.status_code == 409
    assert "modifié ces informations entre-temps" in stale.text


def test_invigilators_are_named_one_a_line(http: TestClient) -> None:
    browser, _, number, _ = prepared(http)
    page = browser.get(f"/sessions/{number}")
    named = browser.post(
        f"/sessions/{number}/surveillants",
        {"version": version_in(page.text), "names": "Mme Leroy\n\n  M. Petit \n"},
    )
    assert named.status_code == 303
    after = browser.get(named.headers["location"])
    assert "Les surveillants de la session sont enregistrés." in after.text
    assert "2 surveillants nommés : Mme Leroy, M. Petit." in after.text
    assert "Surveillants nommés</strong> : 2 nommés, 1 requis" in after.text
    control = browser.post(
        f"/sessions/{number}/surveillants",
        {"version": version_in(after.text), "names": "Mme\x07Leroy"},
    )
    assert control.status_code == 422
    assert errors_beside(control) == {
        "names": "Ce texte contient des caractères de contrôle interdits."
    }
    assert "2 surveillants nommés" in browser.get(f"/sessions/{number}").text


def test_details_are_edited_with_errors_beside_their_fields(http: TestClient) -> None:
    browser, _, number, _ = prepared(http)
    form = browser.get(f"/sessions/{number}/modifier")
    assert form.status_code == 200
    assert 'value="Salle 12"' in form.text
    version = version_in(form.text)
    past = browser.post(
        f"/sessions/{number}/modifier", SESSION | {"version": version, "date": "2026-11-01"}
    )
    assert past.status_code == 409
    assert errors_beside(past) == {"date": "La date de la session est passée."}
    empty = browser.post(f"/sessions/{number}/modifier", SESSION | {"version": version, "room": ""})
    assert empty.status_code == 422
    assert errors_beside(empty) == {"room": "Ce champ est obligatoire."}
    assert "Salle 12" in browser.get(f"/sessions/{number}").text
    done = browser.post(
        f"/sessions/{number}/modifier",
        SESSION | {"version": version, "room": "CDI", "start_time": "13:30"},
    )
    assert done.status_code == 303
    page = browser.get(done.headers["location"])
    assert "Les informations de la session sont enregistrées." in page.text
    assert "13:30–15:15" in page.text
    assert "<dd>CDI</dd>" in page.text
    stale = browser.post(f"/sessions/{number}/modifier", SESSION | {"version": version})
    assert stale.status_code == 409
    assert "modifié ces informations entre-temps" in stale.text


def test_deleting_asks_first_and_is_refused_once_started(http: TestClient) -> None:
    browser, centre_id, number, password = prepared(http)
    confirm = browser.get(f"/sessions/{number}/suppression")
    assert confirm.status_code == 200
    assert "Supprimer définitivement" in confirm.text
    deleted = browser.post(f"/sessions/{number}/suppression", {"version": version_in(confirm.text)})
    assert deleted.status_code == 303
    assert deleted.headers["location"] == f"/centres/{centre_id}?fait=supprimee"
    listed = browser.get(deleted.headers["location"])
    assert "La session a été supprimée" in listed.text
    assert f"n°{number}" not in listed.text
    assert browser.get(f"/sessions/{number}").status_code == 404
    started, password = new_session(browser, centre_id)
    a_candidate_starts(http, started, password)
    refused = browser.post(f"/sessions/{started}/suppression", {})
    assert refused.status_code == 409
    assert "La session a commencé : ce changement n&#39;est plus possible." in refused.text
    assert browser.get(f"/sessions/{started}").status_code == 200


def test_session_forms_refuse_a_missing_csrf_token(http: TestClient) -> None:
    browser, _, number, password = prepared(http)
    for action in ("modifier", "suppression", "mot-de-passe", "surveillants"):
        forged = browser.http.post(f"/sessions/{number}/{action}", data=SESSION)
        assert forged.status_code == 403, action
        assert "Formulaire expiré" in forged.text
    assert browser.get(f"/sessions/{number}").status_code == 200
    assert workspace(http, number, password) == 200


def test_a_date_too_far_ahead_is_said_beside_the_date(http: TestClient) -> None:
    browser, _, number, _ = prepared(http)
    version = version_in(browser.get(f"/sessions/{number}/modifier").text)
    far = browser.post(
        f"/sessions/{number}/modifier", SESSION | {"version": version, "date": "2031-01-01"}
    )
    assert far.status_code == 422
    assert errors_beside(far) == {"date": "Une session se programme au plus trois ans à l'avance."}
    assert "jeudi 10 décembre 2026" in browser.get(f"/sessions/{number}").text


def test_others_read_or_find_nothing(http: TestClient) -> None:
    _, _, number, _ = prepared(http)
    centre(http, "0693456G", "autre@college.fr", name="Collège Victor Hugo")
    other = admin_browser(http, "autre@college.fr")
    for path in ("", "/modifier", "/suppression", "/documents/convocations.pdf"):
        answer = other.get(f"/sessions/{number}{path}")
        assert answer.status_code == 404, path
        assert "Page introuvable" in answer.text
    assert other.post(f"/sessions/{number}/mot-de-passe", {}).status_code == 404
    reviewer = account(http, "examen@pix.fr", Role.REVIEWER)
    page = reviewer.get(f"/sessions/{number}")
    assert page.status_code == 200
    assert "Renouveler le mot de passe" not in page.text
    assert "Modifier les informations" not in page.text
    for action in ("mot-de-passe", "modifier", "surveillants", "suppression"):
        refused = reviewer.post(f"/sessions/{number}/{action}", {"names": "x" * 300})
        assert refused.status_code == 403, action
        assert "Votre rôle ne permet pas cette action." in refused.text
