"""The invigilator's pages: sign-in by session number, the workspace, its list
refreshed in place, and every action through its form."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from httpx2 import Response

from adapters.web.cookies import WORKSPACE_COOKIE
from tests.conftest import FakeClock
from tests.pages.client import PageClient, errors_beside_fields
from tests.pages.day_world import Day, prepared_day


def beside(answer: Response) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in errors_beside_fields(answer).items()}


ROW = re.compile(r'<th scope="row" id="c-([0-9a-f-]+)"')


def names_in_order(day: Day, html: str) -> list[str]:
    by_id = {v: k for k, v in day.ids.items()}
    return [by_id[i] for i in ROW.findall(html)]


def row_of(day: Day, html: str, last: str) -> str:
    start = html.index(f'id="c-{day.ids[last]}"')
    return html[start : html.index("</tr>", start)]


def test_the_workspace_opens_with_the_session_number_and_its_password(http: TestClient) -> None:
    day = prepared_day(http)
    browser = PageClient(http)
    page = browser.get("/surveillance")
    assert page.status_code == 200
    assert "Numéro de session" in page.text
    wrong = browser.post("/surveillance", {"session_number": day.number, "password": "pas-le-bon"})
    assert wrong.status_code == 401
    assert beside(wrong) == {"password": "Numéro de session ou mot de passe surveillant incorrect."}
    assert f'value="{day.number}"' in wrong.text
    assert WORKSPACE_COOKIE not in browser.http.cookies
    unknown = browser.post("/surveillance", {"session_number": "999999", "password": "x"})
    assert unknown.status_code == 401
    typo = browser.post("/surveillance", {"session_number": "45a", "password": "x"})
    assert beside(typo) == {
        "session_number": "Le numéro de session est un nombre, par exemple 4512."
    }
    right = browser.post(
        "/surveillance",
        {"session_number": day.number, "password": day.session["invigilator_password"]},
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/surveillance/session"
    assert "HttpOnly" in right.headers["set-cookie"]
    workspace = browser.get("/surveillance/session", after=day.position())
    assert workspace.status_code == 200
    assert f"<h1>Session n°{day.number}</h1>" in workspace.text
    assert "Salle 101" in workspace.text
    assert "lundi 15 mars 2027" in workspace.text
    assert "En cours" in workspace.text  # the session's status
    assert day.code in workspace.text


def test_repeated_wrong_passwords_lock_the_door_with_the_wait_in_french(
    http: TestClient,
) -> None:
    day = prepared_day(http, started=False)
    browser = PageClient(http)
    answers = [
        browser.post("/surveillance", {"session_number": day.number, "password": f"faux-{n}"})
        for n in range(8)
    ]
    locked = answers[-1]
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert re.search(r"Trop de tentatives : réessayez dans \d+ (secondes?|minutes?)", locked.text)
    still = browser.post(
        "/surveillance",
        {"session_number": day.number, "password": day.session["invigilator_password"]},
    )
    assert still.status_code == 429


def test_signing_out_revokes_the_workspace(http: TestClient) -> None:
    day = prepared_day(http)
    browser = day.room()
    stolen = browser.http.cookies[WORKSPACE_COOKIE]
    out = browser.post("/surveillance/deconnexion")
    assert out.status_code == 303
    assert out.headers["location"] == "/surveillance"
    thief = PageClient(http)
    thief.http.cookies.set(WORKSPACE_COOKIE, stolen)
    answer = thief.get("/surveillance/session")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/surveillance?suite=")


def test_the_list_counts_orders_alerts_first_and_shows_every_tag(
    http: TestClient, clock: FakeClock
) -> None:
    day = prepared_day(http)
    room = day.room()
    martin, dupont, zola = day.pupil("Martin"), day.pupil("Dupont"), day.pupil("Zola")
    for last in ("Martin", "Dupont", "Zola"):
        confirmed = room.post(f"/surveillance/session/candidats/{day.ids[last]}/presence")
        assert confirmed.status_code == 303
    for pupil in (martin, dupont, zola):
        assert pupil.post("/epreuve/test/debut").status_code == 303
    assert zola.post("/epreuve/test/aide").status_code == 303
    clock.advance(minutes=30)
    assert dupont.post("/epreuve/test/fin").status_code == 303
    clock.advance(minutes=90)  # past 105 minutes for Martin and Zola
    listing = room.get("/surveillance/session/liste", after=day.position())
    assert listing.status_code == 200
    text = listing.text
    assert "<strong>3</strong> présents" in text
    assert "<strong>3</strong> commencés" in text
    assert "<strong>1</strong> terminé" in text
    assert "<strong>4</strong> inscrits" in text
    assert names_in_order(day, text)[:2] == ["Martin", "Zola"]  # alerts on top, by name
    assert set(names_in_order(day, text)[2:]) == {"Dupont", "Ménard"}
    zola_row = row_of(day, text, "Zola")
    assert "A besoin d&#39;aide" in zola_row
    assert "Fin théorique dépassée" in zola_row
    assert "Test en cours" in zola_row
    assert "Aide apportée" in zola_row
    assert "Test terminé" in row_of(day, text, "Dupont")
    assert "Inscrit" in row_of(day, text, "Ménard")


def test_times_are_on_the_centres_clock(http: TestClient, clock: FakeClock) -> None:
    day = prepared_day(http, timezone="Indian/Reunion")
    room = day.room()
    pupil = day.pupil("Martin")
    room.post(f"/surveillance/session/candidats/{day.ids['Martin']}/presence")
    pupil.post("/epreuve/test/debut")  # 09:00 UTC is 13:00 in La Réunion
    extra = room.post(
        "/surveillance/session/temps-majore",
        {"time_candidate": day.ids["Martin"], "extra_time_percent": "20"},
    )
    assert extra.status_code == 303
    page = room.get(extra.headers["location"])
    assert "Temps majoré de Martin José noté." in page.text
    row = row_of(day, page.text, "Martin")
    assert "<td>13:00</td>" in row
    assert "<td>15:06</td>" in row  # 105 minutes and 20 % more
    assert "<td>20 %</td>" in row


def test_search_ignores_accents_and_the_order_of_names(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    for query in ("jose mar", "MARTIN josé", "mar"):
        found = room.get("/surveillance/session/liste", after=day.position(), q=query)
        assert names_in_order(day, found.text) == ["Martin"], query
    emile = room.get("/surveillance/session/liste", after=day.position(), q="emile")
    assert names_in_order(day, emile.text) == ["Zola"]
    none = room.get("/surveillance/session", after=day.position(), q="personne")
    assert "Aucun candidat ne correspond à cette recherche." in none.text
    assert 'value="personne"' in none.text


def test_the_refresh_announces_what_changed(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    first = room.get("/surveillance/session/liste", after=day.position())
    state = re.search(r'id="etat" name="etat" value="([^"]*)"', first.text)
    assert state is not None
    pupil = day.pupil("Dupont")
    joined = room.get("/surveillance/session/liste", after=day.position(), etat=state.group(1))
    assert "Dupont Léa a rejoint la session." in joined.text
    assert 'hx-swap-oob="innerHTML"' in joined.text
    state = re.search(r'id="etat" name="etat" value="([^"]*)"', joined.text)
    assert state is not None
    room.post(f"/surveillance/session/candidats/{day.ids['Dupont']}/presence")
    pupil.post("/epreuve/test/debut")
    started = room.get("/surveillance/session/liste", after=day.position(), etat=state.group(1))
    assert "Dupont Léa a commencé." in started.text


def test_each_candidate_action_through_its_form(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    pupil = day.pupil("Martin")
    martin = f"/surveillance/session/candidats/{day.ids['Martin']}"
    page = room.get("/surveillance/session", after=day.position())
    assert f'action="{martin}/presence"' in page.text
    confirmed = room.post(f"{martin}/presence")
    assert confirmed.status_code == 303
    shown = room.get(confirmed.headers["location"])
    assert "Présence de Martin José confirmée." in shown.text
    assert pupil.post("/epreuve/test/debut").status_code == 303
    again = room.get("/surveillance/session", after=day.position())
    assert f'action="{martin}/reprise"' in again.text
    resumed = room.post(f"{martin}/reprise")
    notice = room.get(resumed.headers["location"]).text
    assert "Reprise du test autorisée pour Martin José." in notice
    listed = room.get("/surveillance/session", after=day.position())
    assert "Reprise autorisée" in row_of(day, listed.text, "Martin")
    assert f'href="{martin}/fin"' in listed.text  # it cannot be undone: asked first
    asked = room.get(f"{martin}/fin", after=day.position())
    assert asked.status_code == 200
    assert "Mettre fin au test de Martin José ?" in asked.text
    assert f'<form method="post" action="{martin}/fin">' in asked.text
    assert room.get(f"{martin}/presence").status_code == 404
    ended = room.post(f"{martin}/fin")
    notice = room.get(ended.headers["location"]).text
    assert "Test de Martin José terminé par le surveillant." in notice
    assert "Test arrêté par le surveillant" in row_of(
        day, room.get("/surveillance/session", after=day.position()).text, "Martin"
    )
    stale = room.post(f"{martin}/fin")
    assert stale.status_code == 409
    assert "Le test n&#39;est pas en cours." in stale.text


def test_htmx_actions_swap_the_list_and_keep_the_search(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    day.pupil("Dupont")
    headers = {"HX-Request": "true", "X-CSRF-Token": room.csrf()}
    answer = room.http.post(
        f"/surveillance/session/candidats/{day.ids['Dupont']}/presence",
        data={"q": "lea"},
        headers=headers,
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/surveillance/session/liste?")
    swapped = room.http.get(answer.headers["location"], headers={"HX-Request": "true"})
    assert "Présence de Dupont Léa confirmée." in swapped.text
    assert names_in_order(day, swapped.text) == ["Dupont"]
    assert f'id="c-{day.ids["Dupont"]}" tabindex="-1" data-focus="true"' in swapped.text
    assert "<h1>" not in swapped.text


def test_detaching_a_pupil_account_lets_the_pupil_join_again(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    pupil = day.pupil("Zola")
    zola = f"/surveillance/session/candidats/{day.ids['Zola']}"
    asked = room.get(f"{zola}/detache", after=day.position())
    assert "Détacher le compte élève avec lequel Zola Émile a rejoint la session ?" in asked.text
    detached = room.post(f"/surveillance/session/candidats/{day.ids['Zola']}/detache")
    assert detached.status_code == 303
    assert "Compte élève de Zola Émile détaché" in room.get(detached.headers["location"]).text
    waiting = pupil.get("/epreuve/attente", after=day.position())
    assert "Votre surveillant a annulé votre connexion" in waiting.text


def test_an_incident_needs_what_its_category_needs(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    page = room.get("/surveillance/session", after=day.position())
    assert '<option value="E4">E4 – Le site à visiter est indisponible</option>' in page.text
    no_question = room.post(
        "/surveillance/session/incidents",
        {"category": "E4", "incident_candidate": day.ids["Martin"], "description": "Site"},
    )
    assert no_question.status_code == 422
    assert beside(no_question) == {
        "question_number": "Cette catégorie demande le numéro de la question (de 1 à 500)."
    }
    assert '<option value="E4" selected>' in no_question.text
    no_text = room.post("/surveillance/session/incidents", {"category": "C7"})
    assert beside(no_text) == {
        "description": "Cette catégorie demande une description de l'incident."
    }
    no_category = room.post("/surveillance/session/incidents", {"description": "x"})
    assert beside(no_category) == {"category": "Choisissez une catégorie."}
    assert day.room_view()["incidents"] == []
    reported = room.post(
        "/surveillance/session/incidents",
        {"category": "E4", "incident_candidate": day.ids["Martin"], "question_number": "12"},
    )
    assert reported.status_code == 303
    assert "Incident signalé." in room.get(reported.headers["location"]).text
    view = day.room_view()
    assert [(i["category"], i["question_number"]) for i in view["incidents"]] == [("E4", 12)]


def test_a_fraud_report_needs_the_candidate_and_what_was_seen(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    empty = room.post("/surveillance/session/fraudes", {"witnesses": "Mme Lemoine"})
    assert empty.status_code == 422
    assert beside(empty) == {
        "fraud_candidate": "Choisissez le candidat concerné.",
        "observed": "Décrivez ce qui a été constaté.",
    }
    assert "Mme Lemoine" in empty.text
    reported = room.post(
        "/surveillance/session/fraudes",
        {"fraud_candidate": day.ids["Zola"], "observed": "Téléphone consulté"},
    )
    assert reported.status_code == 303
    assert "Fraude signalée." in room.get(reported.headers["location"]).text
    view = day.room_view()
    assert len(view["frauds"]) == 1


def test_extra_time_refusals_are_beside_the_field(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    wrong = room.post(
        "/surveillance/session/temps-majore",
        {"time_candidate": day.ids["Zola"], "extra_time_percent": "beaucoup"},
    )
    assert wrong.status_code == 422
    assert set(beside(wrong)) == {"extra_time_percent"}
    assert 'value="beaucoup"' in wrong.text


def test_starting_the_session_needs_enough_invigilators(http: TestClient) -> None:
    day = prepared_day(http, started=False)
    room = day.room()
    page = room.get("/surveillance/session", after=day.position())
    assert "Démarrer la session" in page.text
    started = room.post("/surveillance/session/demarrer")
    assert started.status_code == 303
    after = room.get(started.headers["location"])
    assert "Session démarrée" in after.text
    assert "Démarrer la session" not in after.text


def test_every_post_refuses_a_missing_csrf_token(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    martin = day.ids["Martin"]
    for path in (
        "/surveillance",
        "/surveillance/deconnexion",
        "/surveillance/session/demarrer",
        f"/surveillance/session/candidats/{martin}/presence",
        f"/surveillance/session/candidats/{martin}/annulation",
        "/surveillance/session/temps-majore",
        "/surveillance/session/incidents",
        "/surveillance/session/fraudes",
    ):
        answer = room.http.post(path, data={"csrf": "forged", "category": "C7"})
        assert answer.status_code == 403, path
        assert "Formulaire expiré" in answer.text
    view = day.room_view()
    assert view["incidents"] == []


def test_without_the_workspace_the_pages_lead_to_its_sign_in(http: TestClient) -> None:
    prepared_day(http)
    stranger = PageClient(http)
    page = stranger.get("/surveillance/session")
    assert page.status_code == 303
    assert page.headers["location"] == "/surveillance?suite=/surveillance/session"
    fragment = stranger.http.get("/surveillance/session/liste", headers={"HX-Request": "true"})
    assert fragment.status_code == 204
    assert fragment.headers["hx-redirect"].startswith("/surveillance?suite=")
