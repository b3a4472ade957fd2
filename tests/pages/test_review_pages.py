"""Reviewers and operators: the sessions to review or publish, and a session's review."""

from __future__ import annotations

from fastapi.testclient import TestClient

from projections import queries
from tests.conftest import FakeClock
from tests.pages.after_world import Day, a_day, browser_of, errors_of, finalised, staff


def in_review(http: TestClient, clock: FakeClock) -> Day:
    """A session finalised with a comment: it waits for a reviewer."""
    day = a_day(http, clock)
    finalised(http, day, comment="Coupure de courant à 10 h")
    return day


def test_the_queue_lists_every_centres_sessions_to_review_then_to_publish(
    http: TestClient, clock: FakeClock
) -> None:
    waiting = in_review(http, clock)
    ready = a_day(http, clock, "0750002V", "other@lycee.fr")
    finalised(http, ready)
    a_day(http, clock, "0751234J", "third@lycee.fr")  # not finalised: not listed
    reviewer = staff(http, "reviewer")
    page = reviewer.get("/examen")
    assert page.status_code == 200, page.text
    to_review, to_publish = page.text.split("Prêtes à publier")
    assert f"Session n°{waiting.number}" in to_review
    assert "En cours d&#39;examen" in to_review
    assert f"Session n°{ready.number}" in to_publish
    assert "Finalisée" in to_publish
    assert page.text.count('href="/examen/sessions/') == 2
    views = http.app.state.service.views  # type: ignore[attr-defined]
    listed = queries.review_queue(views)
    assert [(s["id"], s["status"]) for s in listed] == [
        (waiting.id, "in_review"),
        (ready.id, "finalised"),
    ]
    assert {s["centre_name"] for s in listed} == {"Collège Jean Moulin"}


def test_the_review_page_shows_the_centres_answers_and_reports(
    http: TestClient, clock: FakeClock
) -> None:
    day = in_review(http, clock)
    page = staff(http, "reviewer").get(f"/examen/sessions/{day.number}")
    assert page.status_code == 200, page.text
    assert f"Examen de la session n°{day.number}" in page.text
    assert "Coupure de courant à 10 h" in page.text
    assert "Non terminé : Problème technique" in page.text
    assert page.text.count("Pas encore reçu") == 3
    assert "Terminer l'examen" in page.text
    assert "Publier les résultats" not in page.text


def test_a_review_comment_is_required_beside_its_field_then_recorded(
    http: TestClient, clock: FakeClock
) -> None:
    day = in_review(http, clock)
    reviewer = staff(http, "reviewer")
    path = f"/examen/sessions/{day.id}"
    empty = reviewer.post(f"{path}/commentaires", {"comment": "  "})
    assert empty.status_code == 422
    assert errors_of(empty) == {"comment": "Écrivez un commentaire."}
    assert "Aucun commentaire d'examen." in empty.text
    said = reviewer.post(f"{path}/commentaires", {"comment": "Vérifié avec le centre"})
    assert said.status_code == 303
    assert said.headers["location"] == f"{path}?fait=commentaire"
    page = reviewer.get(said.headers["location"])
    assert "Le commentaire est enregistré." in page.text
    assert "<li>Vérifié avec le centre</li>" in page.text


def test_cancelling_a_certification_needs_a_candidate_and_a_reason(
    http: TestClient, clock: FakeClock
) -> None:
    day = in_review(http, clock)
    reviewer = staff(http, "reviewer")
    path = f"/examen/sessions/{day.id}/annulations"
    refused = reviewer.post(path, {"candidate_id": day.ids["Martin"], "reason": ""})
    assert refused.status_code == 422
    assert errors_of(refused) == {"reason": "Dites pourquoi la certification est annulée."}
    assert "Annulée" not in refused.text
    nobody = reviewer.post(path, {"candidate_id": "", "reason": "Fraude"})
    assert set(errors_of(nobody)) == {"candidate_id"}
    done = reviewer.post(path, {"candidate_id": day.ids["Martin"], "reason": "Fraude constatée"})
    assert done.status_code == 303
    page = reviewer.get(done.headers["location"])
    assert "La certification du candidat est annulée." in page.text
    assert "Annulée</span> Fraude constatée" in page.text


def test_completing_the_review_then_publishing(http: TestClient, clock: FakeClock) -> None:
    day = in_review(http, clock)
    reviewer = staff(http, "reviewer")
    path = f"/examen/sessions/{day.id}"
    early = reviewer.post(f"{path}/publication")
    assert early.status_code == 409
    assert "La session doit d&#39;abord être examinée." in early.text
    completed = reviewer.post(f"{path}/fin")
    assert completed.status_code == 303
    page = reviewer.get(completed.headers["location"])
    assert "L&#39;examen est terminé" in page.text
    assert "Terminer l'examen" not in page.text
    operator = staff(http, "operator")
    published = operator.post(f"{path}/publication")
    assert published.status_code == 303
    page = operator.get(published.headers["location"])
    assert "Les résultats sont publiés." in page.text
    assert "Publier les résultats</button>" not in page.text
    assert day.admin.get(f"/sessions/{day.id}").json()["status"] == "published"


def test_every_review_form_refuses_a_missing_csrf_token(http: TestClient, clock: FakeClock) -> None:
    day = in_review(http, clock)
    reviewer = staff(http, "reviewer")
    path = f"/examen/sessions/{day.id}"
    bodies = {
        "commentaires": {"comment": "Vu"},
        "annulations": {"candidate_id": day.ids["Martin"], "reason": "Fraude"},
        "fin": {},
        "publication": {},
    }
    for action, body in bodies.items():
        forged = reviewer.http.post(f"{path}/{action}", data=body | {"csrf": "forged"})
        assert forged.status_code == 403, action
        assert "Formulaire expiré" in forged.text
    assert day.admin.get(f"/sessions/{day.id}").json()["status"] == "in_review"


def test_administrators_and_auditors_do_not_review(http: TestClient, clock: FakeClock) -> None:
    day = in_review(http, clock)
    admin = browser_of(http)
    for path in ("/examen", f"/examen/sessions/{day.id}"):
        refused = admin.get(path)
        assert refused.status_code == 403
        assert "Votre rôle ne permet pas cette action." in refused.text
    assert admin.post(f"/examen/sessions/{day.id}/fin").status_code == 403
    auditor = staff(http, "auditor")
    assert auditor.get("/examen").status_code == 403
    assert (
        auditor.post(f"/examen/sessions/{day.id}/commentaires", {"comment": "x"}).status_code == 403
    )
    assert day.admin.get(f"/sessions/{day.id}").json()["status"] == "in_review"


def test_an_operator_records_a_result_the_engine_did_not_send(
    http: TestClient, clock: FakeClock
) -> None:
    day = in_review(http, clock)
    operator = staff(http, "operator")
    path = f"/examen/sessions/{day.id}/resultats"
    assert "Enregistrer un résultat" in operator.get(f"/examen/sessions/{day.id}").text
    refused = operator.post(
        path, {"result_candidate": day.ids["Durand"], "certified": "oui", "score": "beaucoup"}
    )
    assert refused.status_code == 422
    assert errors_of(refused) == {"score": "Le score est un nombre entier de 0 à 1024."}
    assert "Pas encore reçu" in refused.text
    body = {"result_candidate": day.ids["Durand"], "certified": "oui", "score": "300"}
    forged = operator.http.post(path, data=body | {"csrf": "forged"})
    assert forged.status_code == 403
    recorded = operator.post(path, body)
    assert recorded.status_code == 303
    page = operator.get(recorded.headers["location"])
    assert "Le résultat du candidat est enregistré." in page.text
    assert "Certifié (300 pix)" in page.text
    assert page.text.count("Pas encore reçu") == 2
    reviewer = staff(http, "reviewer")
    assert "Enregistrer un résultat" not in reviewer.get(f"/examen/sessions/{day.id}").text
    assert reviewer.post(path, body | {"result_candidate": day.ids["Martin"]}).status_code == 403
    assert "Pas encore reçu" in reviewer.get(f"/examen/sessions/{day.id}").text
