"""A collège's certification day as one story, in a real Chromium, on SQLite
and on PostgreSQL: the administrator prepares the session, the invigilator
and a pupil live the day in browsers of their own, the school finalises, the
platform reviews and publishes, an auditor reads back what happened and what
was true in the middle of the morning."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from uuid import UUID

from playwright.sync_api import Page, expect

from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from domain.competences import COMPETENCES
from domain.values import CentreType, Role
from tests.browser.conftest import NewPage
from tests.browser.pages import DESKTOP, TABLET, local_only
from tests.browser.server import LiveServer

PASSWORD = "sable-quartz-17"
PUPILS = [("Martin", "José", "2011-05-01"), ("Dupont", "Léa", "2011-06-02")]
PUPIL = ("Zola", "Émile", "2011-07-03")  # the one who sits the test in this story
WAIT = 12_000  # ms: the workspace asks every 5 s, the waiting page every 4 s


def centre_and_accounts(live: LiveServer) -> tuple[UUID, UUID]:
    """The centre and the platform's accounts, as `certif create-centre` makes them."""
    app = live.app
    admin = app.open_account(
        SYSTEM_ACTOR, "admin@college.fr", "Claire Rousseau", PASSWORD, Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège Jean Moulin", CentreType.SCO, "0691234S", admin.id
    )
    for email, name, role in [
        ("relecture@certif.fr", "Rémi Relecture", Role.REVIEWER),
        ("ops@certif.fr", "Olga Opératrice", Role.OPERATOR),
        ("audit@certif.fr", "Aude Auditrice", Role.AUDITOR),
    ]:
        app.open_account(SYSTEM_ACTOR, email, name, PASSWORD, role)
    return centre.id, admin.id


def record_profiles(live: LiveServer, centre_id: UUID, admin_id: UUID) -> None:
    """The pupils' positioning comes from the Pix platform, not from a page:
    it is recorded straight through the application, as the bulk import does."""
    levels = dict.fromkeys(COMPETENCES, 0) | dict.fromkeys(COMPETENCES[:6], 9)
    captured = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    rows = [
        ProfileInput(last, first, date.fromisoformat(born), "Collecte 3e", captured, levels)
        for last, first, born in [*PUPILS, PUPIL]
    ]
    live.app.record_profiles(admin_id, centre_id, rows)


def sign_in(page: Page, live: LiveServer, email: str) -> None:
    page.goto(f"{live.base_url}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")


def enrol(page: Page, last: str, first: str, born: str, extra: str = "") -> None:
    page.get_by_role("link", name="Ajouter un candidat").click()
    page.get_by_label("Nom de naissance").fill(last)
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Date de naissance").fill(born)
    page.get_by_label("Temps majoré (en %)").fill(extra)
    page.get_by_role("button", name="Inscrire le candidat").click()


def prepare_the_session(page: Page, live: LiveServer) -> tuple[str, str, str]:
    """The administrator's morning: the session, its pupils, its invigilators, its sheet.
    Answers the session number, the invigilator password and the access code."""
    sign_in(page, live, "admin@college.fr")
    page.get_by_role("link", name="Collège Jean Moulin").click()
    page.get_by_role("link", name="Créer une session").click()
    page.get_by_label("Site").fill("Bâtiment A")
    page.get_by_label("Salle").fill("Salle 12")
    page.get_by_label("Surveillant responsable").fill("M. Benali")
    page.get_by_label("Date").fill("2026-11-26")
    page.get_by_label("Heure de début").fill("10:30")
    page.get_by_role("button", name="Créer la session").click()
    expect(page.get_by_role("status")).to_contain_text("est créée")
    password = page.locator("#secret").inner_text().strip()
    facts = page.locator("dl.facts dd")
    number, code = facts.nth(0).inner_text().strip(), facts.nth(1).inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{12}", password), password
    assert number.isdigit()
    page.get_by_role("link", name="Aller à la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{number}")

    page.get_by_role("link", name="0 inscrit").click()
    enrol(page, *PUPILS[0], extra="1200")  # refused: beside its field, nothing enrolled
    error = page.locator("#e-extra_time")
    expect(error).to_be_visible()
    expect(error).to_have_text(re.compile("pourcentage de 0 à 999,99"))
    extra_time = page.get_by_label("Temps majoré (en %)")
    expect(extra_time).to_have_attribute("aria-invalid", "true")
    expect(extra_time).to_have_accessible_description(re.compile("pourcentage de 0 à 999,99"))
    expect(page.get_by_label("Nom de naissance")).to_have_value("Martin")
    page.get_by_label("Temps majoré (en %)").fill("33")
    page.get_by_role("button", name="Inscrire le candidat").click()
    expect(page.get_by_role("cell", name="33 %")).to_be_visible()
    for last, first, born in [PUPILS[1], PUPIL]:
        enrol(page, last, first, born)
    expect(page.locator("tbody tr")).to_have_count(3)

    page.get_by_role("link", name="Retour à la session").click()
    page.get_by_label("Surveillants, un par ligne").fill("M. Benali\nMme Lemoine")
    page.get_by_role("button", name="Enregistrer les surveillants").click()
    expect(page.get_by_role("status")).to_contain_text("surveillants de la session sont")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Feuille d'émargement (PDF, à imprimer)").click()
    sheet = downloading.value
    assert sheet.suggested_filename.endswith(".pdf")
    with open(sheet.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    return number, password, code


def open_the_room(page: Page, live: LiveServer, number: str, password: str) -> None:
    page.goto(f"{live.base_url}/surveillance")
    page.get_by_label("Numéro de session").fill(number)
    page.get_by_label("Mot de passe surveillant").fill(password)
    page.get_by_role("button", name="Ouvrir l'espace surveillant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{number}")
    page.get_by_role("button", name="Démarrer la session").click()
    expect(page.get_by_role("status").first).to_contain_text("Session démarrée")


def join(page: Page, live: LiveServer, code: str) -> None:
    last, first, born = PUPIL
    year, month, day = born.split("-")
    page.goto(f"{live.base_url}/epreuve")
    page.get_by_label("Code d'accès de la session").fill(code)
    page.get_by_label("Nom de naissance").fill(last)
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Jour").fill(day)
    page.get_by_label("Mois").fill(month)
    page.get_by_label("Année").fill(year)
    page.get_by_label("Identifiant de votre compte Pix").fill("emile.zola@ent.fr")
    page.get_by_role("button", name="Rejoindre la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("En attente du surveillant")


def the_day(room: Page, pupil: Page, live: LiveServer, code: str) -> None:
    """Presence, the test, help, extra time, an incident, the end: each side sees
    the other's change without reloading."""
    name = "Zola Émile"
    join(pupil, live, code)
    confirm = room.get_by_role("button", name=f"Confirmer la présence : {name}")
    expect(confirm).to_be_visible(timeout=WAIT)  # the list refreshed by itself
    confirm.click()
    expect(room.locator("#annonces")).to_contain_text(f"Présence de {name} confirmée")
    expect(pupil).to_have_url(re.compile(r"/epreuve/test"), timeout=WAIT)
    pupil.get_by_role("button", name="Commencer le test").click()
    expect(pupil.get_by_role("status")).to_contain_text("Votre test a commencé.")

    live.clock.advance(minutes=20)  # 10:50 in Paris
    pupil.get_by_role("button", name="Demander de l'aide").click()
    expect(pupil.get_by_role("status")).to_contain_text("demande d'aide est transmise")
    first_row = room.locator(".day-list tbody tr").first
    expect(first_row).to_contain_text("A besoin d'aide", timeout=WAIT)
    expect(first_row).to_contain_text(name)
    expect(first_row).to_have_class(re.compile("urgent"))
    room.get_by_role("button", name=f"Aide apportée : {name}").click()
    expect(room.get_by_role("button", name=f"Aide apportée : {name}")).to_have_count(0)

    room.get_by_role("combobox", name="Candidat", exact=True).select_option(label=name)
    room.get_by_label("Temps majoré (en %)").fill("33")
    room.get_by_role("button", name="Noter le temps majoré").click()
    expect(room.get_by_role("status").first).to_contain_text(f"Temps majoré de {name} noté")
    expect(room.get_by_role("row", name=re.compile(name))).to_contain_text("33 %")
    room.get_by_label("Catégorie").select_option(label="E1 – L'image ne s'affiche pas")
    room.get_by_label("Candidat concerné (facultatif)").select_option(label=name)
    room.get_by_label("Numéro de la question").fill("12")
    room.get_by_role("button", name="Signaler l'incident").click()
    expect(room.get_by_role("status").first).to_contain_text("Incident signalé")

    live.clock.advance(minutes=40)  # 11:30 in Paris
    pupil.get_by_role("link", name="J'ai terminé mon test").click()
    pupil.get_by_role("button", name="Oui, terminer mon test").click()
    expect(pupil.get_by_role("heading", level=1)).to_have_text("Test terminé")
    finished = room.get_by_role("row", name=re.compile(name))
    expect(finished).to_contain_text("Test terminé", timeout=WAIT)


def finalise(page: Page, live: LiveServer, number: str) -> None:
    page.goto(f"{live.base_url}/sessions/{number}/finalisation")
    page.get_by_role("group", name="Un incident a-t-il eu lieu").get_by_label("Oui").check()
    page.get_by_role("group", name="difficultés pour rejoindre").get_by_label("Non").check()
    page.get_by_label("Commentaire global").fill("Une image ne s'affichait pas (question 12).")
    page.get_by_role("button", name="Finaliser la session").click()
    expect(page.get_by_role("heading", name="Résumé de la finalisation")).to_be_visible()


def review_and_publish(reviewer: Page, operator: Page, live: LiveServer, number: str) -> None:
    sign_in(reviewer, live, "relecture@certif.fr")
    reviewer.goto(f"{live.base_url}/examen")
    waiting = reviewer.get_by_role("region", name="À examiner")
    waiting.get_by_role("link", name=f"Session n°{number}").click()
    expect(reviewer.get_by_text("Incident E1")).to_contain_text("(question 12)")
    reviewer.get_by_label("Commentaire (500 caractères au plus)").fill("Incident E1 vérifié.")
    reviewer.get_by_role("button", name="Enregistrer le commentaire").click()
    expect(reviewer.get_by_text("Incident E1 vérifié.")).to_be_visible()
    reviewer.get_by_role("button", name="Terminer l'examen").click()
    expect(reviewer.get_by_role("button", name="Terminer l'examen")).to_have_count(0)

    sign_in(operator, live, "ops@certif.fr")
    operator.goto(f"{live.base_url}/examen/sessions/{number}")
    operator.get_by_role("button", name="Publier les résultats").click()
    expect(operator.get_by_text("Les résultats de cette session sont publiés.")).to_be_visible()


def audit(page: Page, live: LiveServer, number: str) -> None:
    sign_in(page, live, "audit@certif.fr")
    page.goto(f"{live.base_url}/audit/sessions/{number}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Historique de la session n°{number}"
    )
    timeline = page.get_by_role("table")
    expect(
        timeline.get_by_role("cell", name=f"le surveillant de la session {number}").first
    ).to_be_visible()
    expect(timeline).to_contain_text("Inscription à la session : Émile Zola")
    page.get_by_role("link", name="Voir la session telle qu'elle était").click()
    page.get_by_label("Date et heure").fill("2026-11-26T11:00")  # the middle of the test
    page.get_by_role("button", name="Afficher").click()
    then = page.get_by_role("region", name="État le 26/11/2026 11:00")
    expect(then).to_contain_text("En cours")  # the session: started, not finalised
    expect(then).not_to_contain_text("Finalisée")
    pupil_then = then.get_by_role("row", name=re.compile("Zola"))
    expect(pupil_then).to_contain_text("Test en cours")
    expect(then.get_by_role("row", name=re.compile("Martin"))).to_contain_text("33 %")
    expect(pupil_then).to_contain_text("33 %")  # noted by the invigilator at 10:50
    expect(pupil_then).not_to_contain_text("Test terminé")


def test_a_college_day_from_the_session_created_to_the_audit(
    live_server: LiveServer, new_page: NewPage
) -> None:
    centre_id, admin_id = centre_and_accounts(live_server)
    record_profiles(live_server, centre_id, admin_id)
    admin, room, pupil = new_page(DESKTOP), new_page(TABLET), new_page(DESKTOP)
    refused = [local_only(page) for page in (admin, room, pupil)]
    for page in (admin, room, pupil):
        page.set_default_timeout(10_000)

    number, password, code = prepare_the_session(admin, live_server)  # 10:00 in Paris
    live_server.clock.advance(minutes=30)  # 10:30: the pupils are seated
    open_the_room(room, live_server, number, password)
    the_day(room, pupil, live_server, code)
    live_server.clock.advance(minutes=30)  # 12:00: the school finalises
    finalise(admin, live_server, number)
    live_server.clock.advance(hours=2)
    reviewer, operator, auditor = new_page(DESKTOP), new_page(DESKTOP), new_page(DESKTOP)
    refused += [local_only(page) for page in (reviewer, operator, auditor)]
    review_and_publish(reviewer, operator, live_server, number)
    audit(auditor, live_server, number)
    assert refused == [[]] * 6
