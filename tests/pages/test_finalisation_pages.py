"""The centre's finalisation page: the form, its French errors, the summary, withdrawing it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.e2e.client import ApiClient
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session
from tests.pages.after_world import a_day, browser_of, errors_of, finalised, position, staff
from tests.pages.client import PageClient


def status_of(day_admin: object, session_id: str) -> str:
    answer = day_admin.get(f"/sessions/{session_id}")  # type: ignore[attr-defined]
    return str(answer.json()["status"])


def test_the_form_lists_who_started_and_asks_why_an_unfinished_test_stopped(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    page = browser_of(http).get(f"/sessions/{day.number}/finalisation", after=position(http))
    assert page.status_code == 200, page.text
    assert f"Finalisation de la session n°{day.number}" in page.text
    for name in ("Durand Léa", "Martin Hugo", "Petit Zoé"):
        assert name in page.text
    assert page.text.count("Test terminé") == 2
    assert f'name="abandon-{day.ids["Petit"]}"' in page.text
    assert f'name="abandon-{day.ids["Durand"]}"' not in page.text
    assert 'name="had_incident"' in page.text
    assert 'name="joining_issues"' in page.text


def test_a_form_missing_its_answers_says_so_beside_each_field_and_stores_nothing(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    browser = browser_of(http)
    path = f"/sessions/{day.number}/finalisation"
    answer = browser.post(path, {"comment": "Tout s'est bien passé", "had_incident": "peut-être"})
    assert answer.status_code == 422
    assert errors_of(answer) == {
        f"abandon-{day.ids['Petit']}": "Choisissez pourquoi ce test n'est pas terminé.",
        "had_incident": "Répondez par oui ou par non.",
        "joining_issues": "Répondez par oui ou par non.",
    }
    assert "Tout s&#39;est bien passé" in answer.text  # the values typed stay
    assert status_of(day.admin, day.id) == "started"
    too_long = browser.post(
        path,
        {
            "had_incident": "non",
            "joining_issues": "non",
            f"abandon-{day.ids['Petit']}": "technical",
            "comment": "x" * 501,
        },
    )
    assert too_long.status_code == 422
    assert errors_of(too_long) == {"comment": "Le commentaire est limité à 500 caractères."}
    assert status_of(day.admin, day.id) == "started"


def test_finalising_shows_its_summary_and_can_be_withdrawn_until_published(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    browser = browser_of(http)
    path = f"/sessions/{day.number}/finalisation"
    answer = browser.post(
        path,
        {
            "had_incident": "non",
            "joining_issues": "oui",
            f"abandon-{day.ids['Petit']}": "technical",
            f"commentaire-{day.ids['Durand']}": "A fini en avance",
            "comment": "",
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith(path.replace(str(day.number), day.id) + "?fait=")
    summary = browser.get(answer.headers["location"])
    assert summary.status_code == 200
    assert "La session est finalisée." in summary.text
    assert "Non terminé : Problème technique" in summary.text
    assert "A fini en avance" in summary.text
    assert "Annuler la finalisation" in summary.text
    assert status_of(day.admin, day.id) == "in_review"  # a comment on a candidate
    withdrawn = browser.post(f"{path}/annulation")
    assert withdrawn.status_code == 303
    again = browser.get(withdrawn.headers["location"])
    assert "La finalisation est annulée" in again.text
    assert "Finaliser la session" in again.text
    assert status_of(day.admin, day.id) == "started"


def test_a_published_session_shows_no_way_back(http: TestClient, clock: FakeClock) -> None:
    day = a_day(http, clock)
    finalised(http, day)
    staff(http, "reviewer")
    reviewer = ApiClient(http).sign_in("relecture@certif.fr", "sable-quartz-17")
    assert reviewer.post(f"/sessions/{day.id}/publication").status_code == 200
    page = browser_of(http).get(f"/sessions/{day.id}/finalisation", after=position(http))
    assert "Les résultats sont publiés" in page.text
    assert "Annuler la finalisation" not in page.text
    refused = browser_of(http).post(f"/sessions/{day.id}/finalisation/annulation")
    assert refused.status_code == 409
    assert "Les résultats de cette session sont publiés." in refused.text


def test_the_finalisation_refuses_a_form_without_its_csrf_token(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    browser = browser_of(http)
    body = {"had_incident": "non", "joining_issues": "non", "csrf": "forged"}
    body[f"abandon-{day.ids['Petit']}"] = "technical"
    forged = browser.http.post(f"/sessions/{day.id}/finalisation", data=body)
    assert forged.status_code == 403
    assert "Formulaire expiré" in forged.text
    assert status_of(day.admin, day.id) == "started"
    finalised(http, day)
    undo = browser.http.post(f"/sessions/{day.id}/finalisation/annulation", data={"csrf": "x"})
    assert undo.status_code == 403
    assert status_of(day.admin, day.id) == "finalised"


def test_another_centre_finds_no_such_page_and_an_auditor_reads_without_buttons(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    finalised(http, day)
    centre_with_admin(http, "0750002V", "other@lycee.fr")
    other = PageClient(http).sign_in("other@lycee.fr", "sable-quartz-17")
    hidden = other.get(f"/sessions/{day.id}/finalisation")
    assert hidden.status_code == 404
    assert "Page introuvable" in hidden.text
    assert other.post(f"/sessions/{day.id}/finalisation/annulation").status_code == 404
    auditor = staff(http, "auditor")
    read = auditor.get(f"/sessions/{day.id}/finalisation", after=position(http))
    assert read.status_code == 200
    assert "Résumé de la finalisation" in read.text
    assert "<button" not in read.text.split("</header>")[1]
    assert auditor.post(f"/sessions/{day.id}/finalisation/annulation").status_code == 403


def test_a_session_nobody_started_has_nothing_to_finalise(http: TestClient) -> None:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    session = new_session(admin)
    browser = browser_of(http)
    page = browser.get(f"/sessions/{session['id']}/finalisation")
    assert page.status_code == 200
    assert "Aucun candidat n'a commencé le test" in page.text
    assert "Finaliser la session" not in page.text
    refused = browser.post(
        f"/sessions/{session['id']}/finalisation", {"had_incident": "non", "joining_issues": "non"}
    )
    assert refused.status_code == 409
    assert errors_of(refused) == {}
    assert "La session ne peut pas être finalisée en l&#39;état." in refused.text
    assert status_of(admin, session["id"]) == "created"
