"""A collège enrols its pupils in bulk, in a real Chromium, on SQLite and on
PostgreSQL: the roster exported by SIECLE is imported, a class is enrolled at
once and a pupil ticked, then the session's candidate list is downloaded,
filled in a spreadsheet, checked (one faulty row shown), fixed and applied."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import NewPage
from tests.browser.pages import DESKTOP, local_only
from tests.browser.server import LiveServer
from tests.browser.test_college_day import centre_and_accounts, sign_in
from tests.imports.files import a_pupil, eleve_fields, siecle_xml_of

PUPILS = [
    a_pupil(1, last_name="DURAND", first_name="Léa"),
    a_pupil(2, last_name="ÇELIK", first_name="Ayşe"),
    a_pupil(3, last_name="MARTIN", first_name="Hugo", division="3B"),
    a_pupil(4, last_name="PETIT", first_name="Noé", division="3B"),
]
HTMX_ANSWER = 15_000  # ms: the machines running the suite are shared and can be slow
ROSTER = siecle_xml_of([eleve_fields(pupil) for pupil in PUPILS], school="0691234S")


def import_the_roster(page: Page) -> None:
    page.get_by_role("link", name="Collège Jean Moulin").click()
    page.get_by_role("link", name="Élèves de l'établissement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Élèves de l'établissement")
    page.get_by_label("Fichier des élèves").set_input_files(
        {"name": "ElevesSansAdresses.xml", "mimeType": "text/xml", "buffer": ROSTER}
    )
    page.get_by_role("button", name="Importer la liste").click()
    notice = page.locator(".notice")
    expect(notice).to_contain_text("La liste des élèves est importée.")
    expect(notice).to_contain_text("4 élèves ajoutés")
    rows = page.locator("#eleves tbody tr")
    expect(rows).to_have_count(4)
    page.wait_for_load_state("load")  # htmx binds its triggers once the page has loaded
    page.get_by_label("Nom ou prénom").fill("celik")  # htmx, without a click
    expect(rows).to_have_count(1, timeout=HTMX_ANSWER)
    expect(rows.first).to_contain_text("Ayşe")
    page.get_by_label("Nom ou prénom").fill("")
    page.get_by_label("Classe").select_option("3B")
    expect(rows).to_have_count(2, timeout=HTMX_ANSWER)


def create_a_session(page: Page) -> str:
    page.get_by_role("link", name="Collège Jean Moulin").click()
    page.get_by_role("link", name="Créer une session").click()
    page.get_by_label("Site").fill("Bâtiment A")
    page.get_by_label("Salle").fill("Salle 12")
    page.get_by_label("Surveillant responsable").fill("M. Benali")
    page.get_by_label("Date").fill("2026-12-03")
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_role("button", name="Créer la session").click()
    number = page.locator("dl.facts dd").nth(0).inner_text().strip()
    page.get_by_role("link", name="Aller à la session").click()
    return number


def enrol_a_class_then_a_pupil(page: Page) -> None:
    page.get_by_role("link", name="0 inscrit").click()
    page.get_by_role("link", name="Inscrire des élèves").click()
    page.get_by_label("Classe à inscrire").select_option("3A")
    page.get_by_role("button", name="Inscrire toute la classe").click()
    expect(page.get_by_role("status").first).to_have_text("2 élèves inscrits.")
    expect(page.locator("tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Inscrire des élèves").click()
    expect(page.get_by_text("Déjà inscrit", exact=True)).to_have_count(2)
    page.wait_for_load_state("load")  # htmx binds its triggers once the page has loaded
    listed = re.compile(r"/candidats/eleves/liste\?")
    with page.expect_response(listed, timeout=HTMX_ANSWER):  # htmx: the list only
        page.get_by_label("Classe", exact=True).select_option("3B")
    expect(page.locator("#eleves tbody tr")).to_have_count(2, timeout=HTMX_ANSWER)
    page.get_by_label("MARTIN Hugo").check()
    page.get_by_role("button", name="Inscrire les élèves cochés").click()
    expect(page.get_by_role("status").first).to_have_text("1 élève inscrit.")
    expect(page.locator("tbody tr")).to_have_count(3)


def downloaded_list(page: Page) -> str:
    page.get_by_role("link", name="Importer une liste").click()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Liste des candidats (CSV)").click()
    download = downloading.value
    assert re.fullmatch(r"candidats-session-\d+\.csv", download.suggested_filename)
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    assert "MARTIN;Hugo;04/03/2011" in text
    return text


def check_then_apply(page: Page, listed: str) -> None:
    """Two pupils typed in as the spreadsheet lays them out, one born on a day
    that does not exist; then fixed."""
    lines = listed.rstrip("\r\n").split("\r\n")
    blank = ";" * (lines[0].count(";") - 4)
    lines += [f"4;Roux;Inès;31/02/2011;F{blank}", f"5;Blanc;Jade;12/09/2011;F{blank}"]
    send(page, lines)
    problems = page.locator("#problemes tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first.locator("td").first).to_have_text("5")
    expect(problems.first).to_contain_text("Date de naissance")
    expect(problems.first).to_contain_text("La date de naissance doit être au format jj/mm/aaaa.")
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    lines[4] = f"4;Roux;Inès;28/02/2011;F{blank}"
    send(page, lines)
    expect(page.locator("#problemes")).to_have_count(0)
    expect(page.locator("#ajouts tbody tr")).to_have_count(2)
    expect(page.locator(".counters")).to_contain_text("3 inchangés")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Liste importée : 2 candidats ajoutés, 0 modifié, 0 retiré."
    )
    expect(page.locator("tbody tr")).to_have_count(5)
    expect(page.get_by_role("link", name="Roux", exact=True)).to_be_visible()


def send(page: Page, lines: list[str]) -> None:
    content = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    page.get_by_label("Fichier des candidats").set_input_files(
        {"name": "candidats.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(
        page.get_by_role("heading", name="Vérification du fichier « candidats.csv »")
    ).to_be_visible()


def test_a_college_enrols_its_pupils_from_siecle_then_completes_the_list_in_a_spreadsheet(
    live_server: LiveServer, new_page: NewPage
) -> None:
    centre_and_accounts(live_server)
    page = new_page(DESKTOP)
    refused = local_only(page)
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "admin@college.fr")
    import_the_roster(page)
    page.goto(f"{live_server.base_url}/accueil")
    create_a_session(page)
    enrol_a_class_then_a_pupil(page)
    check_then_apply(page, downloaded_list(page))
    assert refused == []
