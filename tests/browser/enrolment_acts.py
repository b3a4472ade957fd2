"""What the walk of every page does on the pages of bulk enrolment before it
checks them: a roster sent again or refused, a candidate list checked."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.world import ROSTER, World
from tests.imports.files import csv_bytes, eleve_fields, siecle_xml_of, table_rows


def upload(page: Page, label: str, name: str, content: bytes, button: str) -> None:
    page.get_by_label(label).set_input_files({"name": name, "mimeType": "", "buffer": content})
    page.get_by_role("button", name=button).click()


def same_roster_again(page: Page, world: World) -> None:
    content = siecle_xml_of([eleve_fields(p) for p in ROSTER[:-1]], school="0691234S")
    upload(page, "Fichier des élèves", "ElevesSansAdresses.xml", content, "Importer la liste")
    expect(page.locator(".notice")).to_contain_text("Ce fichier ne change rien")


def faulty_roster(page: Page, world: World) -> None:
    rows = table_rows(ROSTER)
    rows[1][1], rows[3][7] = "", "31/02/2011"  # a first name missing, a date that is none
    upload(page, "Fichier des élèves", "eleves.csv", csv_bytes(rows), "Importer la liste")
    expect(page.locator("#erreurs")).to_contain_text("Ligne 2 :")


def candidate_list(*rows: str) -> bytes:
    header = "* Nom de naissance;* Prénom;* Date de naissance (format : jj/mm/aaaa)"
    return "\r\n".join([header, *rows]).encode("utf-8-sig")


def faulty_candidate_list(page: Page, world: World) -> None:
    content = candidate_list("DURAND;Léa;04/03/2011", "Leroy;Inès;31/02/2011", "Moreau;;")
    upload(page, "Fichier des candidats", "candidats.csv", content, "Vérifier le fichier")
    expect(page.locator("#problemes")).to_be_visible()


def candidate_list_to_confirm(page: Page, world: World) -> None:
    content = candidate_list("DURAND;Léa;04/03/2011", "Leroy;Inès;05/09/2011")
    upload(page, "Fichier des candidats", "candidats.csv", content, "Vérifier le fichier")
    expect(page.get_by_role("button", name="Confirmer l'import")).to_be_visible()


ENROLMENT_ACTS: dict[str, Callable[[Page, World], None]] = {
    "same roster again": same_roster_again,
    "faulty roster": faulty_roster,
    "faulty candidate list": faulty_candidate_list,
    "candidate list to confirm": candidate_list_to_confirm,
}
