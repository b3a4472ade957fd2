"""Bulk enrolment's pages: a school's roster imported from its file, a class or
ticked pupils enrolled, a session's candidate list checked then applied."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response

from adapters.web.cookies import CSRF_FIELD
from domain.values import CentreType, Role
from tests.imports.files import a_pupil, csv_bytes, eleve_fields, siecle_xml_of, table_rows
from tests.pages.admin_world import account, admin_browser, centre, errors_beside, new_session
from tests.pages.client import PageClient

CODE = "0691234S"
CLASS_3A = [
    a_pupil(1, last_name="DURAND", first_name="Léa"),
    a_pupil(2, last_name="ÇELIK", first_name="Ayşe", usage_name="BERNARD"),
]
MARTIN = a_pupil(3, last_name="MARTIN", first_name="Hugo", division="3B")
PETIT = a_pupil(4, last_name="PETIT", first_name="Noé", division="3B")
LEFT = a_pupil(5, last_name="ROUX", first_name="Inès", left_on=date(2026, 10, 2))
NO_CLASS = a_pupil(6, last_name="BLANC", first_name="Jade", division=None)
TEMPLATE = "* Nom de naissance;* Prénom;* Date de naissance (format : jj/mm/aaaa)"


def roster_xml(*pupils: Any, school: str = CODE) -> bytes:
    return siecle_xml_of([eleve_fields(pupil) for pupil in pupils], school=school)


def upload(browser: PageClient, path: str, name: str, content: bytes, **fields: str) -> Response:
    """A form with a file, as a browser sends it (multipart)."""
    data = {CSRF_FIELD: browser.csrf(), **fields}
    return browser.http.post(path, data=data, files={"fichier": (name, content)})


def text_of(answer: Response) -> str:
    return html.unescape(answer.text)


def school(http: TestClient) -> tuple[PageClient, str]:
    centre_id = centre(http, CODE, "admin@college.fr")
    return admin_browser(http), centre_id


def imported(browser: PageClient, centre_id: str, *pupils: Any) -> Response:
    answer = upload(
        browser, f"/centres/{centre_id}/eleves/import", "eleves.xml", roster_xml(*pupils)
    )
    assert answer.status_code == 200, answer.text
    return answer


def table_names(answer: Response) -> list[str]:
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", text_of(answer))


def test_a_roster_import_says_what_it_did_and_the_table_filters_by_class_and_name(
    http: TestClient,
) -> None:
    browser, centre_id = school(http)
    assert f'href="/centres/{centre_id}/eleves"' in browser.get(f"/centres/{centre_id}").text
    empty = browser.get(f"/centres/{centre_id}/eleves")
    assert empty.status_code == 200
    assert "Aucun élève pour l'instant" in text_of(empty)
    assert 'accept=".xml,.zip,.csv,.ods,.xlsx"' in empty.text
    first = text_of(imported(browser, centre_id, *CLASS_3A, MARTIN, PETIT, LEFT, NO_CLASS))
    assert "La liste des élèves est importée." in first
    for line in (
        "4 élèves ajoutés",
        "1 élève sorti de l'établissement",
        "1 élève sans classe",
    ):
        assert line in first, line
    assert "modifié" not in first  # a count of nought is not said
    assert table_names(browser.get(f"/centres/{centre_id}/eleves")) == [
        "ÇELIK",
        "DURAND",
        "MARTIN",
        "PETIT",
    ]
    assert "BERNARD" in first
    assert "04/03/2011" in first
    again = text_of(imported(browser, centre_id, *CLASS_3A, MARTIN, PETIT))
    assert "Ce fichier ne change rien" in again
    assert "4 élèves inchangés" in again
    later = text_of(imported(browser, centre_id, *CLASS_3A, MARTIN))
    assert "1 élève parti (absent du fichier, gardé)" in later
    page = browser.get(f"/centres/{centre_id}/eleves")
    assert table_names(page) == ["ÇELIK", "DURAND", "MARTIN"]
    assert "<strong>1</strong> parti de l" in page.text
    everyone = browser.get(f"/centres/{centre_id}/eleves", partis="1")
    assert table_names(everyone) == ["ÇELIK", "DURAND", "MARTIN", "PETIT"]
    assert '<span class="tag warn">Parti</span>' in everyone.text
    assert table_names(browser.get(f"/centres/{centre_id}/eleves", classe="3B")) == ["MARTIN"]
    searched = browser.http.get(
        f"/centres/{centre_id}/eleves/liste",
        params={"recherche": "celik"},
        headers={"HX-Request": "true"},
    )
    assert searched.status_code == 200
    assert "<html" not in searched.text
    assert table_names(searched) == ["ÇELIK"]
    assert "1 élève correspondant aux filtres." in text_of(searched)
    moved = replace(MARTIN, division="3A")
    back = text_of(imported(browser, centre_id, *CLASS_3A, moved, PETIT))
    assert "<li>1 élève modifié</li>" in back
    assert "<li>1 élève revenu</li>" in back
    assert "Lignes écartées" not in back


def test_a_refused_roster_file_says_why_in_french_and_imports_nothing(http: TestClient) -> None:
    browser, centre_id = school(http)
    path = f"/centres/{centre_id}/eleves/import"
    none = browser.post(path)
    assert none.status_code == 422
    assert errors_beside(none) == {"fichier": "Choisissez le fichier à importer."}
    not_xml = upload(browser, path, "eleves.xml", b"Nom;Prenom\nDurand;Lea\n")
    assert not_xml.status_code == 422
    assert errors_beside(not_xml) == {
        "fichier": "Ce fichier s'appelle « eleves.xml » mais n'est pas un fichier XML."
    }
    other = upload(browser, path, "eleves.xml", roster_xml(*CLASS_3A, school="0751234J"))
    assert other.status_code == 409
    assert "Ce fichier est la liste d'élèves d'un autre établissement" in text_of(other)
    rows = table_rows([*CLASS_3A, MARTIN])
    rows[2][7] = "31/02/2011"  # Çelik's birthdate
    rows[3][1] = ""  # Martin's first name
    faulty = upload(browser, path, "eleves.csv", csv_bytes(rows))
    assert faulty.status_code == 422
    shown = text_of(faulty)
    assert "Le fichier contient 2 erreurs : aucun élève n'a été importé." in shown
    faults = re.findall(r"<li>(Ligne \d+ : [^<]+)</li>", shown)
    assert len(faults) == 2
    assert faults[0].startswith("Ligne 3 : ")
    assert faults[1] == "Ligne 4 : le prénom est obligatoire."
    assert "Aucun élève pour l'instant" in text_of(browser.get(f"/centres/{centre_id}/eleves"))


def test_a_centre_that_is_not_a_school_has_no_roster(http: TestClient) -> None:
    centre_id = centre(http, "0699999U", "admin@greta.fr", kind=CentreType.PRO, name="Greta")
    browser = admin_browser(http, "admin@greta.fr")
    assert "/eleves" not in browser.get(f"/centres/{centre_id}").text
    assert browser.get(f"/centres/{centre_id}/eleves").status_code == 404
    number, _ = new_session(browser, centre_id)
    listed = text_of(browser.get(f"/sessions/{number}/candidats"))
    assert "Inscrire des élèves" not in listed
    assert "Importer une liste" in listed
    assert browser.get(f"/sessions/{number}/candidats/eleves").status_code == 404
    refused = upload(browser, f"/centres/{centre_id}/eleves/import", "e.xml", roster_xml())
    assert refused.status_code == 404


def pupil_ids(answer: Response) -> dict[str, str]:
    """The tickable pupils of the enrol page, by last name."""
    found = re.findall(
        r'id="p-([0-9a-f-]{36})" name="eleves".*?<label for="p-\1">([^<]+)<', answer.text, re.S
    )
    return {name: pupil_id for pupil_id, name in found}


def test_a_class_is_enrolled_whole_then_ticked_pupils_and_who_is_in_cannot_be_ticked(
    http: TestClient,
) -> None:
    browser, centre_id = school(http)
    imported(browser, centre_id, *CLASS_3A, MARTIN, PETIT)
    number, _ = new_session(browser, centre_id)
    assert "Inscrire des élèves" in browser.get(f"/sessions/{number}/candidats").text
    page = browser.get(f"/sessions/{number}/candidats/eleves")
    assert page.status_code == 200
    assert '<option value="3A">3A</option>' in page.text
    path = f"/sessions/{number}/candidats/eleves"
    whole = browser.post(path, {"division": "3A"})
    assert whole.status_code == 303
    listed = text_of(browser.get(whole.headers["location"]))
    assert "2 élèves inscrits." in listed
    assert ">ÇELIK</a>" in listed
    ticks = browser.get(path)
    assert sorted(pupil_ids(ticks)) == ["MARTIN", "PETIT"]
    assert text_of(ticks).count("Déjà inscrit") == 2
    stale = pupil_ids(ticks)
    imported(browser, centre_id, *CLASS_3A, MARTIN)  # Petit has left
    gone = browser.http.post(
        path, data={CSRF_FIELD: browser.csrf(), "eleves": [stale["MARTIN"], stale["PETIT"]]}
    )
    assert gone.status_code == 422
    assert re.search(
        r"<td>Noé PETIT</td><td>Cet élève n'est plus dans la dernière liste de l'établissement.",
        text_of(gone),
    )
    assert ">MARTIN</a>" not in browser.get(f"/sessions/{number}/candidats").text
    assert browser.get(path, classe="3B").text.count('name="eleves"') == 1
    nobody = browser.post(path, {})
    assert nobody.status_code == 422
    assert errors_beside(nobody) == {
        "eleves": "Cochez au moins un élève, ou choisissez une classe."
    }
    one = browser.http.post(path, data={CSRF_FIELD: browser.csrf(), "eleves": [stale["MARTIN"]]})
    assert one.status_code == 303
    assert "1 élève inscrit." in text_of(browser.get(one.headers["location"]))
    twice = browser.post(path, {"division": "3A"})
    assert "0 élève inscrit, 2 déjà inscrits." in text_of(browser.get(twice.headers["location"]))


def test_readers_enrol_nobody(http: TestClient) -> None:
    browser, centre_id = school(http)
    number, _ = new_session(browser, centre_id)
    reviewer = account(http, "relecture@certif.fr", Role.REVIEWER)
    assert reviewer.get(f"/sessions/{number}/candidats/eleves").status_code == 403
    refused = reviewer.post(f"/sessions/{number}/candidats/eleves", {"division": "3A"})
    assert refused.status_code == 403
    upload_refused = upload(
        reviewer, f"/centres/{centre_id}/eleves/import", "eleves.xml", roster_xml(*CLASS_3A)
    )
    assert upload_refused.status_code == 403
    roster = reviewer.get(f"/centres/{centre_id}/eleves")
    assert roster.status_code == 200  # readers read the roster, and import nothing
    assert 'type="file"' not in roster.text


def confirmation_of(answer: Response) -> dict[str, Any]:
    """The hidden fields of the dry run's confirmation form."""
    form = answer.text
    token = re.search(r'name="token" value="([0-9a-f]+)"', form)
    name = re.search(r'name="nom" value="([^"]+)"', form)
    chunks = re.findall(r'name="contenu" value="([^"]+)"', form)
    assert token, answer.text
    assert name
    return {"token": token.group(1), "nom": html.unescape(name.group(1)), "contenu": chunks}


def confirmed(browser: PageClient, number: str, fields: dict[str, Any]) -> Response:
    path = f"/sessions/{number}/candidats/fichier/confirmation"
    return browser.http.post(path, data={CSRF_FIELD: browser.csrf(), **fields})


def added(browser: PageClient, number: str, last: str, first: str, born: str) -> None:
    body = {"last_name": last, "first_name": first, "birthdate": born}
    assert browser.post(f"/sessions/{number}/candidats/nouveau", body).status_code == 303


def test_the_candidate_list_is_downloaded_checked_with_every_fault_then_applied(
    http: TestClient,
) -> None:
    browser, centre_id = school(http)
    number, _ = new_session(browser, centre_id)
    added(browser, number, "Ménard", "Zoé", "2011-05-01")
    page = browser.get(f"/sessions/{number}/candidats/fichier")
    assert page.status_code == 200
    assert f'href="/sessions/{number}/candidats/fichier.ods"' in page.text
    csv = browser.get(f"/sessions/{number}/candidats/fichier.csv")
    assert csv.status_code == 200
    assert csv.headers["content-disposition"] == (
        f'attachment; filename="candidats-session-{number}.csv"'
    )
    assert "Ménard;Zoé;01/05/2011" in csv.content.decode("utf-8-sig")
    ods = browser.get(f"/sessions/{number}/candidats/fichier.ods")
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    lines = [TEMPLATE, "Ménard;Zoé;01/05/2011", "Durand;Léa;15/03/2011", "Roux;Inès;31/02/2011"]
    path = f"/sessions/{number}/candidats/fichier"
    faulty = upload(browser, path, "liste.csv", "\r\n".join(lines).encode())
    assert faulty.status_code == 422
    shown = text_of(faulty)
    assert "Le fichier contient 1 erreur : corrigez-la" in shown
    assert re.search(
        r"<td>4</td><td>Date de naissance \(format : jj/mm/aaaa\)</td><td>La date de naissance",
        shown,
    ), shown
    assert "Confirmer l'import" not in shown
    lines[3] = "Roux;Inès;28/02/2011"
    fixed = upload(browser, path, "liste.csv", "\r\n".join(lines).encode())
    assert fixed.status_code == 200
    plan = text_of(fixed)
    assert "<strong>2</strong> à ajouter" in plan
    assert "<strong>1</strong> inchangé" in plan
    assert "<td>3</td><td>Durand</td><td>Léa</td><td>15/03/2011</td>" in plan
    assert ">Ménard<" in text_of(browser.get(f"/sessions/{number}/candidats"))
    done = confirmed(browser, number, confirmation_of(fixed))
    assert done.status_code == 303, done.text
    listed = text_of(browser.get(done.headers["location"]))
    assert "Liste importée : 2 candidats ajoutés, 0 modifié, 0 retiré." in listed
    assert ">Roux</a>" in listed


def test_a_session_changed_since_the_dry_run_brings_it_back_and_nothing_is_applied(
    http: TestClient,
) -> None:
    browser, centre_id = school(http)
    number, _ = new_session(browser, centre_id)
    path = f"/sessions/{number}/candidats/fichier"
    content = "\r\n".join([TEMPLATE, "Durand;Léa;15/03/2011"]).encode()
    fields = confirmation_of(upload(browser, path, "liste.csv", content))
    added(browser, number, "Ménard", "Zoé", "2011-05-01")  # meanwhile, by another page
    changed = confirmed(browser, number, fields)
    assert changed.status_code == 409
    again = text_of(changed)
    assert "La session a changé depuis la vérification du fichier" in again
    assert "<strong>1</strong> à retirer" in again  # Ménard is not in the file
    assert ">Durand<" not in text_of(browser.get(f"/sessions/{number}/candidats"))
    fresh = confirmation_of(changed)
    assert fresh["token"] != fields["token"]
    assert confirmed(browser, number, fresh).status_code == 303
    listed = text_of(browser.get(f"/sessions/{number}/candidats"))
    assert ">Durand</a>" in listed
    assert ">Ménard</a>" not in listed
    tampered = confirmed(browser, number, fields | {"contenu": "pas du base64 !"})
    assert tampered.status_code == 422
    assert errors_beside(tampered) == {
        "fichier": "Le fichier renvoyé avec la confirmation est illisible : vérifiez-le à nouveau."
    }


def test_page_uploads_get_the_upload_limit_not_the_form_limit(http: TestClient) -> None:
    browser, centre_id = school(http)
    number, _ = new_session(browser, centre_id)
    big = b"Nom;Prenom\n" + b"x;y\n" * 400_000  # 1.6 MB: over the 1 MB of a form
    roster = upload(browser, f"/centres/{centre_id}/eleves/import", "eleves.csv", big)
    assert roster.status_code == 422  # read, and refused for its columns
    listed = upload(browser, f"/sessions/{number}/candidats/fichier", "liste.csv", big)
    assert listed.status_code != 413
    form = browser.post(f"/sessions/{number}/candidats/nouveau", {"last_name": "x" * 1_100_000})
    assert form.status_code == 413


def test_an_ine_of_an_unusual_form_is_imported_and_shown_to_check(http: TestClient) -> None:
    browser, centre_id = school(http)
    rows = table_rows([*CLASS_3A, MARTIN])
    rows[3][0] = "12"  # Martin's INE
    answer = upload(browser, f"/centres/{centre_id}/eleves/import", "eleves.csv", csv_bytes(rows))
    assert answer.status_code == 200
    shown = text_of(answer)
    assert "À vérifier" in shown
    assert "Ligne 4 : l'INE n'a pas une forme habituelle" in html.unescape(shown)
    assert "MARTIN" in text_of(browser.get(f"/centres/{centre_id}/eleves"))


def test_a_pupil_is_erased_from_the_roster_page_with_the_candidates_they_were(
    http: TestClient,
) -> None:
    browser, centre_id = school(http)
    imported(browser, centre_id, *CLASS_3A)
    roster = text_of(browser.get(f"/centres/{centre_id}/eleves"))
    erase_path = re.findall(r'href="(/centres/[^"]+/effacement)"', roster)[0]
    session, _ = new_session(browser, centre_id)
    enrolled = browser.post(f"/sessions/{session}/candidats/eleves", {"division": "3A"})
    assert enrolled.status_code == 303, enrolled.text
    asked = browser.get(erase_path)
    assert "Effacer les données personnelles de" in text_of(asked)
    assert "1 session" in text_of(asked)
    no_reason = browser.post(erase_path, {"reason": "  "})
    assert no_reason.status_code == 422
    assert errors_beside(no_reason) == {"reason": "Dites pourquoi les données sont effacées."}
    done = browser.post(erase_path, {"reason": "Demande de la famille"})
    assert done.status_code == 303
    after = text_of(browser.get(done.headers["location"]))
    assert "sont effacées" in after
    candidates = text_of(browser.get(f"/sessions/{session}/candidats"))
    assert candidates.count("[effacé]") >= 2  # last and first name of one candidate
