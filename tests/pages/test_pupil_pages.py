"""The pupil's pages: joining, waiting for the invigilator, the test, the end."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient
from httpx2 import Response

from adapters.web.cookies import PUPIL_COOKIE
from tests.pages.client import PageClient, errors_beside_fields
from tests.pages.day_world import Day, join_form, prepared_day


def beside(answer: Response) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in errors_beside_fields(answer).items()}


def poll(browser: PageClient, day: Day, seen: str) -> Response:
    """What htmx's polling of the waiting and test pages gets."""
    path = f"/epreuve/etat?vu={seen}&after={day.position()}"
    return browser.http.get(path, headers={"HX-Request": "true"})


def confirm(day: Day, last: str) -> None:
    room = day.room()
    answer = room.post(f"/surveillance/session/candidats/{day.ids[last]}/presence")
    assert answer.status_code == 303, answer.text


def test_a_pupil_joins_waits_starts_asks_for_help_and_finishes(http: TestClient) -> None:
    day = prepared_day(http)
    browser = PageClient(http)
    page = browser.get("/epreuve")
    assert page.status_code == 200
    for label in ("Code d&#39;accès", "Nom de naissance", "Prénom", "Jour", "Mois", "Année"):
        assert label in page.text
    joined = browser.post("/epreuve", join_form(day.code.lower(), " MARTIN ", "jose", "2011-05-01"))
    assert joined.status_code == 303
    assert joined.headers["location"].startswith("/epreuve/attente")
    assert "HttpOnly" in joined.headers["set-cookie"]
    waiting = browser.get(joined.headers["location"])
    assert waiting.status_code == 200
    assert "Votre surveillant va confirmer votre présence." in waiting.text
    assert 'hx-get="/epreuve/etat?vu=joined"' in waiting.text
    assert "José Martin" in waiting.text
    unchanged = poll(browser, day, "joined")
    assert unchanged.status_code == 204
    assert "hx-redirect" not in unchanged.headers
    early = browser.post("/epreuve/test/debut")
    assert early.status_code == 409
    assert "Le surveillant n&#39;a pas encore confirmé votre présence." in early.text
    confirm(day, "Martin")
    moved = poll(browser, day, "joined")
    assert moved.headers["hx-redirect"] == "/epreuve/test"
    moved_on = browser.get("/epreuve/attente", after=day.position())
    assert moved_on.headers["location"] == "/epreuve/test"
    ready = browser.get("/epreuve/test", after=day.position())
    assert "Commencer le test" in ready.text
    started = browser.post("/epreuve/test/debut")
    assert started.status_code == 303
    running = browser.get(started.headers["location"])
    assert "Votre test a commencé." in running.text
    assert "plateforme Pix" in running.text
    helped = browser.post("/epreuve/test/aide")
    assert "Votre demande d&#39;aide est transmise" in browser.get(helped.headers["location"]).text
    room = day.room_view()
    martin = next(c for c in room["candidates"] if c["last_name"] == "Martin")
    assert "asked_for_help" in martin["alerts"]
    sure = browser.get("/epreuve/test/fin", after=day.position())
    assert "Oui, terminer mon test" in sure.text
    finished = browser.post("/epreuve/test/fin")
    assert finished.status_code == 303
    end = browser.get(finished.headers["location"])
    assert "<h1>Test terminé</h1>" in end.text
    assert "Votre test est terminé." in end.text


def test_the_pupil_sees_that_the_invigilator_ended_the_test(http: TestClient) -> None:
    day = prepared_day(http)
    pupil = day.pupil("Dupont")
    confirm(day, "Dupont")
    pupil.post("/epreuve/test/debut")
    room = day.room()
    room.post(f"/surveillance/session/candidats/{day.ids['Dupont']}/fin")
    polled = poll(pupil, day, "in_test")
    assert polled.headers["hx-redirect"] == "/epreuve/test"
    page = pupil.get("/epreuve/test", after=day.position())
    assert "<h1>Test terminé</h1>" in page.text
    assert "Votre surveillant a mis fin à votre test." in page.text


def test_a_pupil_who_is_not_certifiable_is_told_so(http: TestClient) -> None:
    day = prepared_day(http)
    pupil = day.pupil("Ménard")
    page = pupil.get("/epreuve/attente", after=day.position())
    assert "Vous n'êtes pas certifiable" in page.text
    held = pupil.get("/epreuve/test", after=day.position())
    assert held.headers["location"] == "/epreuve/attente"


def test_each_refusal_of_joining_is_said_in_french_where_it_belongs(http: TestClient) -> None:
    day = prepared_day(http)
    browser = PageClient(http)
    empty = browser.post("/epreuve", {})
    assert empty.status_code == 422
    assert set(beside(empty)) == {
        "access_code",
        "last_name",
        "first_name",
        "pupil_account",
        "birth_day",
    }
    bad_date = browser.post("/epreuve", join_form(day.code, "Martin", "José", "2011-02-31"))
    assert beside(bad_date) == {
        "birth_day": "La date de naissance n'est pas valide : jour, mois et année."
    }
    malformed = browser.post("/epreuve", join_form("AEIOU1", "Martin", "José", "2011-05-01"))
    assert malformed.status_code == 422
    assert beside(malformed) == {
        "access_code": "Le code d'accès compte 4 lettres puis 2 chiffres, comme sur "
        "le tableau de la salle (par exemple GYHB49)."
    }
    unknown = browser.post("/epreuve", join_form("BCDF22", "Martin", "José", "2011-05-01"))
    assert beside(unknown) == {
        "access_code": "Aucune session ne correspond à ce code d'accès : vérifiez-le."
    }
    nobody = browser.post("/epreuve", join_form(day.code, "Martin", "José", "2011-05-02"))
    assert nobody.status_code == 404
    assert "Aucun candidat inscrit ne correspond à ces nom, prénom et date" in nobody.text
    assert 'value="Martin"' in nobody.text
    day.pupil("Martin")
    other = browser.post(
        "/epreuve", join_form(day.code, "Martin", "José", "2011-05-01", account="ent-autre")
    )
    assert other.status_code == 409
    assert "Ce candidat a déjà rejoint la session depuis un autre" in other.text
    assert PUPIL_COOKIE not in browser.http.cookies


def test_joining_a_session_not_started_is_refused(http: TestClient) -> None:
    day = prepared_day(http, started=False)
    answer = PageClient(http).post("/epreuve", join_form(day.code, "Zola", "Émile", "2011-07-03"))
    assert answer.status_code == 409
    assert "La session n&#39;est pas ouverte" in answer.text


def test_several_matching_candidates_are_sent_to_the_invigilator(http: TestClient) -> None:
    day = prepared_day(http)
    for first in ("Jean-Pierre", "Jean-Paul"):
        body = {"last_name": "Roux", "first_name": first, "birthdate": "2011-01-09"}
        assert day.admin.post(f"/sessions/{day.session['id']}/candidates", body).status_code == 201
    answer = PageClient(http).post("/epreuve", join_form(day.code, "Roux", "Jean", "2011-01-09"))
    assert answer.status_code == 409
    assert "Plusieurs candidats correspondent : adressez-vous au surveillant." in answer.text


def test_repeated_failed_joins_are_limited_with_the_wait(http: TestClient) -> None:
    day = prepared_day(http)
    browser = PageClient(http)
    answers = [
        browser.post("/epreuve", join_form(day.code, "Martin", "José", f"2010-01-{n + 1:02d}"))
        for n in range(8)
    ]
    assert answers[-1].status_code == 429
    assert "Trop de tentatives : réessayez dans" in answers[-1].text


def test_signing_out_revokes_the_pupils_token(http: TestClient) -> None:
    day = prepared_day(http)
    pupil = day.pupil("Zola")
    stolen = pupil.http.cookies[PUPIL_COOKIE]
    out = pupil.post("/epreuve/deconnexion")
    assert out.status_code == 303
    assert out.headers["location"] == "/epreuve"
    thief = PageClient(http)
    thief.http.cookies.set(PUPIL_COOKIE, stolen)
    assert thief.get("/epreuve/attente").headers["location"] == "/epreuve?suite=/epreuve/attente"


def test_every_pupil_post_refuses_a_missing_csrf_token(http: TestClient) -> None:
    day = prepared_day(http)
    pupil = day.pupil("Martin")
    confirm(day, "Martin")
    for path in (
        "/epreuve",
        "/epreuve/test/debut",
        "/epreuve/test/aide",
        "/epreuve/test/fin",
        "/epreuve/deconnexion",
    ):
        answer = pupil.http.post(path, data={"csrf": "forged"})
        assert answer.status_code == 403, path
        assert "Formulaire expiré" in answer.text
    unchanged = pupil.get("/epreuve/test", after=day.position())
    assert "Commencer le test" in unchanged.text  # nothing was started
