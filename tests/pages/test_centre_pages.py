"""A centre's pages: its sessions with filters, a new session, its certification windows."""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient

from domain.values import Role
from tests.conftest import FakeClock
from tests.pages.admin_world import (
    SESSION,
    account,
    admin_browser,
    app_of,
    centre,
    errors_beside,
    new_session,
)
from tests.pages.client import PageClient


def test_a_new_session_shows_its_password_once_and_joins_the_list(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    form = browser.get(f"/centres/{centre_id}/sessions/nouvelle")
    assert form.status_code == 200
    assert '<label for="f-site">Site' in form.text
    number, password = new_session(browser, centre_id)
    assert len(password) == 12
    session = browser.get(f"/sessions/{number}")
    assert session.status_code == 200
    assert password not in session.text
    listed = browser.get(f"/centres/{centre_id}")
    assert listed.status_code == 200
    assert f"n°{number}" in listed.text
    assert "jeudi 10 décembre 2026" in listed.text
    assert "09:00–10:45" in listed.text
    assert "Bâtiment A / Salle 12" in listed.text
    assert '<span class="tag plain">Créée</span>' in listed.text
    assert "0/5 étapes" in listed.text
    assert "Créer une session" in listed.text


def test_a_refused_session_says_why_beside_its_field_and_stores_nothing(
    http: TestClient,
) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    path = f"/centres/{centre_id}/sessions/nouvelle"
    past = browser.post(path, SESSION | {"date": "2026-11-20"})
    assert past.status_code == 409
    assert errors_beside(past) == {"date": "La date de la session est passée."}
    assert 'value="Bâtiment A"' in past.text
    empty = browser.post(path, SESSION | {"site": " ", "start_time": "9h"})
    assert empty.status_code == 422
    assert errors_beside(empty) == {
        "site": "Ce champ est obligatoire.",
        "start_time": "L'heure doit être au format hh:mm.",
    }
    new_session(browser, centre_id)
    taken = browser.post(path, SESSION)
    assert taken.status_code == 409
    assert errors_beside(taken) == {
        "start_time": "Une autre session occupe déjà cette salle à ce moment."
    }
    app = app_of(http)
    admin = app.authenticate("admin@college.fr", "sable-quartz-17")
    assert app.get_centre(admin, UUID(centre_id)).session_count == 1


def test_forms_without_the_csrf_token_are_refused(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    for path in (f"/centres/{centre_id}/sessions/nouvelle", f"/centres/{centre_id}/periodes"):
        forged = browser.http.post(path, data=SESSION | {"csrf": "forged"})
        assert forged.status_code == 403, path
        assert "Formulaire expiré" in forged.text
    assert "n°" not in browser.get(f"/centres/{centre_id}").text.split("Sessions")[-1]


def test_another_centres_administrator_finds_no_page(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    centre(http, "0693456G", "autre@college.fr", name="Collège Victor Hugo")
    other = admin_browser(http, "autre@college.fr")
    for path in ("", "/sessions/nouvelle", "/periodes"):
        answer = other.get(f"/centres/{centre_id}{path}")
        assert answer.status_code == 404, path
        assert "Page introuvable" in answer.text
    refused = other.post(f"/centres/{centre_id}/sessions/nouvelle", SESSION)
    assert refused.status_code == 404


def test_readers_see_the_list_without_the_buttons_to_change(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    new_session(admin_browser(http), centre_id)
    auditor = account(http, "audit@pix.fr", Role.AUDITOR)
    listed = auditor.get(f"/centres/{centre_id}")
    assert listed.status_code == 200
    assert "n°" in listed.text
    assert "Créer une session" not in listed.text
    assert auditor.get(f"/centres/{centre_id}/sessions/nouvelle").status_code == 403
    windows = auditor.get(f"/centres/{centre_id}/periodes")
    assert windows.status_code == 200
    assert "Aucune période : toute date est permise." in windows.text
    assert 'name="label_0"' not in windows.text
    refused = auditor.post(f"/centres/{centre_id}/periodes", {"label_0": "Hiver"})
    assert refused.status_code == 403
    assert "Votre rôle ne permet pas cette action." in refused.text
    blank = auditor.post(f"/centres/{centre_id}/sessions/nouvelle", {"site": ""})
    assert blank.status_code == 403


def test_filters_choose_by_status_period_and_text(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    first, _ = new_session(browser, centre_id)
    second, _ = new_session(browser, centre_id, date="2027-01-14", room="CDI")
    path = f"/centres/{centre_id}"
    by_text = browser.get(path, recherche="cdi")
    assert f"n°{second}" in by_text.text
    assert f"n°{first}" not in by_text.text
    by_number = browser.get(path, recherche=first)
    assert f"n°{first}" in by_number.text
    assert f"n°{second}" not in by_number.text
    by_period = browser.get(path, du="2027-01-01", au="2027-01-31")
    assert f"n°{second}" in by_period.text
    assert f"n°{first}" not in by_period.text
    by_status = browser.get(path, statut="published")
    assert "0 session correspondant aux filtres" in by_status.text
    wrong = browser.get(path, du="demain")
    assert wrong.status_code == 422
    assert errors_beside(wrong) == {"du": "La date doit être au format jj/mm/aaaa."}


def test_windows_are_added_and_removed_with_the_version_check(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    path = f"/centres/{centre_id}/periodes"
    form = browser.get(path)
    assert form.status_code == 200
    version = form.text.split('name="version" value="')[1].split('"')[0]
    more = browser.post(path, {"version": version, "action": "ajouter", "label_0": "Hiver"})
    assert more.status_code == 200
    assert 'id="f-label_1"' in more.text
    assert 'value="Hiver"' in more.text
    wrong = browser.post(
        path,
        {
            "version": version,
            "label_0": "Hiver",
            "first_day_0": "2027-01-10",
            "last_day_0": "2027-01-05",
        },
    )
    assert wrong.status_code == 422
    assert errors_beside(wrong) == {
        "last_day_0": "La période de certification n'est pas valide : "
        "un libellé, et une fin après le début."
    }
    saved = browser.post(
        path,
        {
            "version": version,
            "label_0": "Hiver",
            "first_day_0": "2026-12-01",
            "last_day_0": "2027-01-31",
            "label_1": "",
            "first_day_1": "",
            "last_day_1": "",
        },
    )
    assert saved.status_code == 303
    listed = browser.get(saved.headers["location"])
    assert "Les périodes de certification sont enregistrées." in listed.text
    assert "Hiver : du 01/12/2026 au 31/01/2027" in listed.text
    outside = browser.post(
        f"/centres/{centre_id}/sessions/nouvelle", SESSION | {"date": "2027-03-01"}
    )
    assert outside.status_code == 409
    assert errors_beside(outside) == {
        "date": "Cette date est hors des périodes de certification du centre."
    }
    stale = browser.post(
        path,
        {
            "version": version,
            "label_0": "Printemps",
            "first_day_0": "2027-03-01",
            "last_day_0": "2027-03-31",
        },
    )
    assert stale.status_code == 409
    assert "modifié ces informations entre-temps" in stale.text
    current = browser.get(path).text.split('name="version" value="')[1].split('"')[0]
    removed = browser.post(
        path,
        {
            "version": current,
            "label_0": "Hiver",
            "first_day_0": "2026-12-01",
            "last_day_0": "2027-01-31",
            "remove_0": "1",
        },
    )
    assert removed.status_code == 303
    assert "Aucune période" in browser.get(f"/centres/{centre_id}").text


def test_times_read_on_the_centres_clock(http: TestClient, clock: FakeClock) -> None:
    centre_id = centre(http, "0691234S", "admin@guyane.fr", zone="America/Cayenne")
    browser = admin_browser(http, "admin@guyane.fr")
    number, _ = new_session(browser, centre_id, date="2026-11-26", start_time="14:30")
    page = browser.get(f"/sessions/{number}")
    assert "14:30–16:15" in page.text
    assert "26/11/2026 06:00" in page.text  # created at 09:00 UTC, 06:00 in Cayenne
    assert "America/Cayenne" in browser.get(f"/centres/{centre_id}").text
    reunion = centre(http, "0693456G", "admin@reunion.fr", zone="Indian/Reunion")
    clock.advance(hours=12)  # 21:00 UTC: already the 27th in Réunion, still the 26th in Paris
    late = admin_browser(http, "admin@reunion.fr").post(
        f"/centres/{reunion}/sessions/nouvelle", SESSION | {"date": "2026-11-26"}
    )
    assert late.status_code == 409
    assert errors_beside(late) == {"date": "La date de la session est passée."}


def test_a_signed_out_visitor_is_sent_to_sign_in(http: TestClient) -> None:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    answer = PageClient(http).get(f"/centres/{centre_id}")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/connexion?suite=/centres/{centre_id}"
