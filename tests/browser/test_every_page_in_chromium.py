"""Every page of the URL contract, opened in Chromium by the one who may see it,
with data in every state: axe-core finds no serious or critical fault, and a
picture of each is kept at desktop and tablet widths (build/screenshots/).

The walk runs on SQLite only; the day's story (test_college_day) covers both
backends. A page route missing from the walk fails a test of its own."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from adapters import display
from tests.browser.conftest import NewPage
from tests.browser.enrolment_acts import ENROLMENT_ACTS
from tests.browser.pages import (
    DESKTOP,
    TABLET,
    check_accessibility,
    local_only,
    screenshot,
)
from tests.browser.screenshots import DOCUMENTED, refresh_documented
from tests.browser.server import LiveServer
from tests.browser.test_college_day import sign_in
from tests.browser.world import World, built, not_certifiable_joins
from tests.pages.after_world import ok
from tests.pages.day_world import PUPILS
from tests.pages.test_every_page import page_routes

Act = Callable[[Page, World], None]


@dataclass(frozen=True)
class Visit:
    holder: str
    name: str
    route: str  # the page route's path, as the application declares it
    ids: dict[str, str] = field(default_factory=dict)  # parameter -> what of the world
    query: str = ""
    act: str = ""  # what is done on the page before it is checked


VISITS = [
    Visit("nobody", "sign-in", "/connexion"),
    Visit("nobody", "sign-in-error", "/connexion", act="wrong password"),
    Visit("nobody", "invigilator-sign-in", "/surveillance"),
    Visit("nobody", "invigilator-sign-in-error", "/surveillance", act="wrong room password"),
    Visit("nobody", "pupil-join", "/epreuve"),
    Visit("nobody", "pupil-join-error", "/epreuve", act="wrong access code"),
    Visit("admin", "home", "/accueil"),
    Visit("admin", "centre-sessions", "/centres/{centre_id}", {"centre_id": "centre"}),
    Visit(
        "admin", "new-session", "/centres/{centre_id}/sessions/nouvelle", {"centre_id": "centre"}
    ),
    Visit("admin", "windows", "/centres/{centre_id}/periodes", {"centre_id": "centre"}),
    Visit(
        "admin",
        "administrators",
        "/centres/{centre_id}/administrateurs",
        {"centre_id": "centre"},
    ),
    Visit("admin", "session", "/sessions/{session_id}", {"session_id": "started"}),
    Visit("admin", "session-prepared", "/sessions/{session_id}", {"session_id": "prepared"}),
    Visit("admin", "session-edit", "/sessions/{session_id}/modifier", {"session_id": "prepared"}),
    Visit(
        "admin",
        "session-deletion",
        "/sessions/{session_id}/suppression",
        {"session_id": "prepared"},
    ),
    Visit("admin", "candidates", "/sessions/{session_id}/candidats", {"session_id": "started"}),
    Visit("admin", "roster", "/centres/{centre_id}/eleves", {"centre_id": "centre"}),
    Visit(
        "admin",
        "roster-imported",
        "/centres/{centre_id}/eleves",
        {"centre_id": "centre"},
        act="same roster again",
    ),
    Visit(
        "admin",
        "pupil-erasure",
        "/centres/{centre_id}/eleves/{pupil_id}/effacement",
        {"centre_id": "centre", "pupil_id": "pupil"},
    ),
    Visit(
        "admin",
        "roster-refused",
        "/centres/{centre_id}/eleves",
        {"centre_id": "centre"},
        act="faulty roster",
    ),
    Visit(
        "admin",
        "enrol-pupils",
        "/sessions/{session_id}/candidats/eleves",
        {"session_id": "prepared"},
    ),
    Visit(
        "admin",
        "candidate-list",
        "/sessions/{session_id}/candidats/fichier",
        {"session_id": "prepared"},
    ),
    Visit(
        "admin",
        "candidate-list-faults",
        "/sessions/{session_id}/candidats/fichier",
        {"session_id": "prepared"},
        act="faulty candidate list",
    ),
    Visit(
        "admin",
        "candidate-list-dry-run",
        "/sessions/{session_id}/candidats/fichier",
        {"session_id": "prepared"},
        act="candidate list to confirm",
    ),
    Visit(
        "admin",
        "candidate-form",
        "/sessions/{session_id}/candidats/nouveau",
        {"session_id": "prepared"},
    ),
    Visit(
        "admin",
        "candidate-form-error",
        "/sessions/{session_id}/candidats/nouveau",
        {"session_id": "prepared"},
        act="refused candidate",
    ),
    Visit(
        "admin",
        "candidate",
        "/sessions/{session_id}/candidats/{candidate_id}",
        {"session_id": "prepared", "candidate_id": "candidate"},
    ),
    Visit(
        "admin",
        "candidate-erasure",
        "/sessions/{session_id}/candidats/{candidate_id}/effacement",
        {"session_id": "prepared", "candidate_id": "candidate"},
    ),
    Visit(
        "admin",
        "candidate-removal",
        "/sessions/{session_id}/candidats/{candidate_id}/suppression",
        {"session_id": "prepared", "candidate_id": "candidate"},
    ),
    Visit("waiting", "pupil-waiting", "/epreuve/attente"),
    Visit("sitting", "pupil-test", "/epreuve/test"),
    Visit("sitting", "pupil-finish", "/epreuve/test/fin"),
    Visit("room", "workspace", "/surveillance/session"),
    Visit(
        "room",
        "invigilator-confirm",
        "/surveillance/session/candidats/{candidate_id}/{action}",
        {"candidate_id": "sitting", "action": "end"},
    ),
    Visit(
        "admin", "finalisation", "/sessions/{session_id}/finalisation", {"session_id": "started"}
    ),
    Visit("sitting", "pupil-finished", "/epreuve/test/fin", act="finish"),
    Visit("reviewer", "review-queue", "/examen"),
    Visit("reviewer", "review", "/examen/sessions/{session_id}", {"session_id": "in_review"}),
    Visit("operator", "publication", "/examen/sessions/{session_id}", {"session_id": "finalised"}),
    Visit("operator", "rules", "/operations/regles"),
    Visit("operator", "rules-preview", "/operations/regles", query="min_competences=7&min_level=1"),
    Visit("operator", "views", "/operations/vues"),
    Visit("auditor", "audit-timeline", "/audit/sessions/{session_id}", {"session_id": "published"}),
    Visit(
        "auditor",
        "audit-as-of",
        "/audit/sessions/{session_id}/etat",
        {"session_id": "published"},
        act="pick the middle of the day",
    ),
    Visit("auditor", "audit-chain", "/audit/chaine", query="lancer=1"),
]
NOT_PAGES = {
    "/": "a redirection to /connexion or /accueil",
    "/epreuve/etat": "answers htmx's polling of the pupil's pages with 204, never a page",
    "/surveillance/session/liste": "the workspace's list, checked inside the workspace",
    "/sessions/{session_id}/documents/{name}": "a download (the story downloads the sheet)",
    "/sessions/{session_id}/candidats/{candidate_id}/convocation.pdf": "a PDF download",
    "/centres/{centre_id}/eleves/liste": "the roster's table alone, for htmx's search "
    "(test_bulk_enrolment types in it)",
    "/sessions/{session_id}/candidats/eleves/liste": "the pupils to tick alone, for htmx's "
    "filter (test_bulk_enrolment filters it)",
    "/sessions/{session_id}/candidats/fichier.csv": "a download (test_bulk_enrolment fills it)",
    "/sessions/{session_id}/candidats/fichier.ods": "a spreadsheet download",
}
SIGN_IN = {
    "admin": "admin@college.fr",
    "reviewer": "relecture@certif.fr",
    "operator": "ops@certif.fr",
    "auditor": "audit@certif.fr",
}


def ids_of(world: World) -> dict[str, str]:
    return {
        "centre": world.centre_id,
        "started": str(world.number),
        "prepared": str(world.prepared["number"]),
        "candidate": world.prepared_candidate,
        "sitting": world.day.ids["Dupont"],
        "end": "fin",
        "in_review": world.in_review.id,
        "finalised": world.finalised.id,
        "published": world.published.id,
        "pupil": world.pupil,
    }


def join(page: Page, live: LiveServer, world: World, last: str) -> None:
    first, born = next((f, b) for n, f, b, _ in PUPILS if n == last)
    year, month, day = born.split("-")
    page.goto(f"{live.base_url}/epreuve")
    page.get_by_label("Code d'accès de la session").fill(world.day.code)
    page.get_by_label("Nom de naissance").fill(last)
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Jour").fill(day)
    page.get_by_label("Mois").fill(month)
    page.get_by_label("Année").fill(year)
    page.get_by_label("Identifiant de votre compte Pix").fill(f"ent-{last.lower()}")
    page.get_by_role("button", name="Rejoindre la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("En attente du surveillant")


def signed_in(holder: str, page: Page, live: LiveServer, world: World) -> None:
    """Each holder opens their door as in life: a form, in this browser."""
    if holder in SIGN_IN:
        sign_in(page, live, SIGN_IN[holder])
    elif holder == "room":
        page.goto(f"{live.base_url}/surveillance")
        page.get_by_label("Numéro de session").fill(str(world.number))
        page.get_by_label("Mot de passe surveillant").fill(
            world.day.session["invigilator_password"]
        )
        page.get_by_role("button", name="Ouvrir l'espace surveillant").click()
    elif holder == "waiting":
        join(page, live, world, "Martin")
    elif holder == "sitting":  # present, in the test, asking for help: the alert on top
        join(page, live, world, "Dupont")
        room = world.day.api_room()
        ok(room.post(f"/invigilation/candidates/{world.day.ids['Dupont']}/presence"))
        page.goto(f"{live.base_url}/epreuve/test")
        page.get_by_role("button", name="Commencer le test").click()
        page.get_by_role("button", name="Demander de l'aide").click()
        expect(page.get_by_role("status")).to_contain_text("demande d'aide est transmise")


def wrong_password(page: Page, world: World) -> None:
    page.get_by_label("Adresse électronique").fill("admin@college.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon-17")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".errors")).to_be_visible()


def wrong_room_password(page: Page, world: World) -> None:
    page.get_by_label("Numéro de session").fill(str(world.number))
    page.get_by_label("Mot de passe surveillant").fill("PASLEBON1234")
    page.get_by_role("button", name="Ouvrir l'espace surveillant").click()
    expect(page.locator("#e-password")).to_be_visible()


def wrong_access_code(page: Page, world: World) -> None:
    page.get_by_label("Code d'accès de la session").fill("BCDF23")  # well formed, names no session
    for label, value in [("Nom de naissance", "Martin"), ("Prénom", "José"), ("Jour", "1")]:
        page.get_by_label(label).fill(value)
    page.get_by_label("Mois").fill("5")
    page.get_by_label("Année").fill("2011")
    page.get_by_label("Identifiant de votre compte Pix").fill("ent-martin")
    page.get_by_role("button", name="Rejoindre la session").click()
    expect(page.locator("#e-access_code")).to_be_visible()


def refused_candidate(page: Page, world: World) -> None:
    page.get_by_label("Nom de naissance").fill("Leroy")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Date de naissance").fill("2011-09-05")
    page.get_by_label("Temps majoré (en %)").fill("1200")
    page.get_by_role("button", name="Inscrire le candidat").click()
    expect(page.locator("#e-extra_time")).to_be_visible()


def finish(page: Page, world: World) -> None:
    page.get_by_role("button", name="Oui, terminer mon test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test terminé")


def middle_of_the_day(page: Page, world: World) -> None:
    """Half an hour before publication: Petit still in the test."""
    zone = "Europe/Paris"
    moment = display.local(world.published_at - timedelta(minutes=30), zone)
    page.get_by_label("Date et heure").fill(moment.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("region", name=f"État le {moment:%d/%m/%Y %H:%M}")).to_be_visible()


ACTS: dict[str, Act] = {
    "wrong password": wrong_password,
    "wrong room password": wrong_room_password,
    "wrong access code": wrong_access_code,
    "refused candidate": refused_candidate,
    **ENROLMENT_ACTS,
    "finish": finish,
    "pick the middle of the day": middle_of_the_day,
}


def checked(page: Page, name: str, faults: list[str]) -> None:
    """axe-core at both widths, and a picture of each; the documented pictures too."""
    for size, viewport in (("desktop", DESKTOP), ("tablet", TABLET)):
        width, height = viewport
        page.set_viewport_size({"width": width, "height": height})
        try:
            check_accessibility(page)
        except pytest.fail.Exception as failed:
            faults.append(f"{name} ({size}): {failed}")
        screenshot(page, f"{name}-{size}")
        for kept in DOCUMENTED.get((name, size), ()):
            screenshot(page, f"documented/{kept}", full_page=False)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_every_page_is_accessible_in_chromium_at_both_widths(
    live_server: LiveServer, new_page: NewPage
) -> None:
    world = built(live_server)
    not_certifiable_joins(world)
    ids = ids_of(world)
    pages: dict[str, Page] = {}
    refused: list[list[str]] = []
    faults: list[str] = []
    for visit in VISITS:
        if visit.holder not in pages:
            page = pages[visit.holder] = new_page(DESKTOP)
            page.set_default_timeout(10_000)
            refused.append(local_only(page))
            signed_in(visit.holder, page, live_server, world)
        page = pages[visit.holder]
        path = visit.route.format(**{name: ids[what] for name, what in visit.ids.items()})
        page.goto(f"{live_server.base_url}{path}{'?' + visit.query if visit.query else ''}")
        assert page.title(), visit.name
        if visit.act:
            ACTS[visit.act](page, world)
        checked(page, visit.name, faults)
    assert faults == []
    assert all(not blocked for blocked in refused), refused
    if os.environ.get("CERTIF_REFRESH_SCREENSHOTS") == "1":
        refresh_documented()


def test_every_page_route_is_walked_or_said_not_to_be_a_page() -> None:
    """A new page cannot escape the accessibility check: add it to VISITS."""
    served = {path for method, path in page_routes() if method == "GET"}
    walked = {visit.route for visit in VISITS}
    assert sorted(served - walked - set(NOT_PAGES)) == []
    assert sorted((walked | set(NOT_PAGES)) - served) == []
    assert not walked & set(NOT_PAGES)
