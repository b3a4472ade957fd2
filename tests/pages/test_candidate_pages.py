"""A session's candidates: the table, adding, editing, extra time, removing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from domain.values import CentreType, Role
from tests.pages.admin_world import (
    a_candidate_starts,
    account,
    admin_browser,
    centre,
    errors_beside,
    new_session,
)
from tests.pages.client import PageClient

PUPIL = {
    "last_name": "Ménard",
    "first_name": "Zoé",
    "birthdate": "2011-05-01",
    "division": "3e B",
    "extra_time": "33",
}


def prepared(http: TestClient) -> tuple[PageClient, str, str]:
    centre_id = centre(http, "0691234S", "admin@college.fr")
    browser = admin_browser(http)
    number, password = new_session(browser, centre_id)
    return browser, number, password


def added(browser: PageClient, number: str, **changes: str) -> str:
    answer = browser.post(f"/sessions/{number}/candidats/nouveau", PUPIL | changes)
    assert answer.status_code == 303, answer.text
    listed = browser.get(answer.headers["location"])
    assert "Le candidat est inscrit." in listed.text
    last = changes.get("last_name", PUPIL["last_name"])
    found = re.search(
        rf'href="/sessions/{number}/candidats/([0-9a-f-]{{36}})">{last}<', listed.text
    )
    assert found, listed.text
    return found.group(1)


def version_in(text: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', text)
    assert found, text
    return found.group(1)


def test_candidates_are_listed_as_on_the_sheet_with_eligibility(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    form = browser.get(f"/sessions/{number}/candidats/nouveau")
    assert form.status_code == 200
    assert 'type="date"' in form.text
    assert "Tarification" not in form.text  # schools do not bill their pupils
    for last in ("Zola", "Ménard", "Çelik", "Durand"):
        added(browser, number, last_name=last, extra_time="" if last != "Ménard" else "33")
    table = browser.get(f"/sessions/{number}/candidats")
    assert table.status_code == 200
    names = re.findall(r'/candidats/[0-9a-f-]{36}">([^<]+)</a>', table.text)
    assert names == ["Çelik", "Durand", "Ménard", "Zola"]
    assert "33 %" in table.text
    assert table.text.count("Pas encore certifiable</span>") == 4
    assert "Aucun profil de compétences n&#39;a été enregistré pour cet élève." in table.text
    page = browser.get(f"/sessions/{number}")
    assert "Candidats inscrits</strong> : 4 candidats inscrits" in page.text
    assert "4 candidats pas encore certifiables" in page.text


def test_a_refused_candidate_says_why_beside_the_field_and_is_not_enrolled(
    http: TestClient,
) -> None:
    browser, number, _ = prepared(http)
    path = f"/sessions/{number}/candidats/nouveau"
    for changes, field, text, status in (
        ({"birthdate": ""}, "birthdate", "Ce champ est obligatoire.", 422),
        (
            {"birthdate": "2030-01-01"},
            "birthdate",
            "La date de naissance doit être passée et postérieure au 1er janvier 1900.",
            422,
        ),
        (
            {"birth_country": "FRANCE", "birth_insee_code": "9"},
            "birth_insee_code",
            "Le code INSEE de la commune de naissance est invalide (5 caractères) ou ne "
            "correspond pas au pays.",
            422,
        ),
        (
            {"convocation_email": "pas-une-adresse"},
            "convocation_email",
            "L'adresse de convocation n'est pas valide.",
            422,
        ),
        (
            {"extra_time": "beaucoup"},
            "extra_time",
            "Le temps majoré est un pourcentage de 0 à 999,99 (33 pour un tiers de temps en plus).",
            422,
        ),
    ):
        answer = browser.post(path, PUPIL | changes)
        assert answer.status_code == status, changes
        assert errors_beside(answer) == {field: text}
        assert 'value="Ménard"' in answer.text
    assert "Aucun candidat inscrit" in browser.get(f"/sessions/{number}/candidats").text
    added(browser, number)
    twice = browser.post(path, PUPIL)
    assert twice.status_code == 409
    assert "Ce candidat est déjà inscrit à cette session" in twice.text
    assert browser.get(f"/sessions/{number}/candidats").text.count(">Ménard</a>") == 1


def test_outside_schools_the_billing_mode_and_birth_place_are_asked(http: TestClient) -> None:
    centre_id = centre(http, "0750009C", "admin@cfa.fr", kind=CentreType.PRO, name="CFA Paris")
    browser = admin_browser(http, "admin@cfa.fr")
    number, _ = new_session(browser, centre_id)
    path = f"/sessions/{number}/candidats/nouveau"
    assert "Tarification" in browser.get(path).text
    no_billing = browser.post(path, PUPIL)
    assert no_billing.status_code == 422
    assert errors_beside(no_billing) == {
        "billing_mode": "Le mode de facturation n'est pas valide pour ce centre."
    }
    complete = PUPIL | {
        "billing_mode": "PAID",
        "sex": "F",
        "birth_country": "FRANCE",
        "birth_postal_code": "69001",
        "birth_city": "Lyon",
    }
    assert browser.post(path, complete).status_code == 303


def test_a_candidate_is_edited_given_extra_time_and_removed(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    candidate = added(browser, number)
    path = f"/sessions/{number}/candidats/{candidate}"
    form = browser.get(path)
    assert form.status_code == 200
    assert 'value="3e B"' in form.text
    assert "temps majoré : 33 %" in form.text
    version = version_in(form.text)
    wrong = browser.post(path, PUPIL | {"version": version, "results_email": "x@"})
    assert wrong.status_code == 422
    assert errors_beside(wrong) == {"results_email": "Cette adresse électronique n'est pas valide."}
    changed = browser.post(path, PUPIL | {"version": version, "division": "3e C"})
    assert changed.status_code == 303
    page = browser.get(changed.headers["location"])
    assert "Les informations du candidat sont enregistrées." in page.text
    assert 'value="3e C"' in page.text
    stale = browser.post(path, PUPIL | {"version": version})
    assert stale.status_code == 409
    assert "modifié ces informations entre-temps" in stale.text
    too_much = browser.post(f"{path}/temps-majore", {"extra_time": "2000"})
    assert too_much.status_code == 422
    assert errors_beside(too_much) == {
        "extra_time": "Le temps majoré est un pourcentage de 0 à 999,99 "
        "(33 pour un tiers de temps en plus)."
    }
    noted = browser.post(f"{path}/temps-majore", {"extra_time": "50"})
    assert noted.status_code == 303
    assert "50 %" in browser.get(f"/sessions/{number}/candidats").text
    confirm = browser.get(f"{path}/suppression")
    assert confirm.status_code == 200
    assert "Retirer Zoé Ménard ?" in confirm.text
    removed = browser.post(f"{path}/suppression", {"version": version_in(confirm.text)})
    assert removed.status_code == 303
    listed = browser.get(removed.headers["location"])
    assert "Le candidat est retiré de la session." in listed.text
    assert "Aucun candidat inscrit" in listed.text


def test_a_candidate_who_joined_stays(http: TestClient) -> None:
    browser, number, password = prepared(http)
    candidate = a_candidate_starts(http, number, password)
    table = browser.get(f"/sessions/{number}/candidats")
    assert '<span class="tag ok">Certifiable</span>' in table.text
    refused = browser.post(f"/sessions/{number}/candidats/{candidate}/suppression", {})
    assert refused.status_code == 409
    assert "Ce candidat a déjà rejoint la session." in refused.text
    assert browser.get(f"/sessions/{number}/candidats").text.count("Certifiable</span>") == 1


def test_candidate_forms_refuse_a_missing_csrf_token(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    candidate = added(browser, number)
    base = f"/sessions/{number}/candidats"
    for path in (
        f"{base}/nouveau",
        f"{base}/{candidate}",
        f"{base}/{candidate}/temps-majore",
        f"{base}/{candidate}/suppression",
    ):
        forged = browser.http.post(path, data=PUPIL | {"last_name": "Autre"})
        assert forged.status_code == 403, path
    assert browser.get(base).text.count(">Ménard</a>") == 1
    assert ">Autre</a>" not in browser.get(base).text


def test_others_find_no_candidate(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    candidate = added(browser, number)
    centre(http, "0693456G", "autre@college.fr", name="Collège Victor Hugo")
    other = admin_browser(http, "autre@college.fr")
    for path in ("", "/nouveau", f"/{candidate}", f"/{candidate}/convocation.pdf"):
        answer = other.get(f"/sessions/{number}/candidats{path}")
        assert answer.status_code == 404, path
        assert "Page introuvable" in answer.text
    assert other.post(f"/sessions/{number}/candidats/nouveau", PUPIL).status_code == 404
    auditor = account(http, "audit@pix.fr", Role.AUDITOR)
    table = auditor.get(f"/sessions/{number}/candidats")
    assert table.status_code == 200
    assert "Ménard" in table.text
    assert "Ajouter un candidat" not in table.text
    assert auditor.get(f"/sessions/{number}/candidats/nouveau").status_code == 403
    assert 'name="last_name"' not in auditor.get(f"/sessions/{number}/candidats/{candidate}").text
    base = f"/sessions/{number}/candidats"
    for path in (
        "/nouveau",
        f"/{candidate}",
        f"/{candidate}/temps-majore",
        f"/{candidate}/suppression",
    ):
        refused = auditor.post(f"{base}{path}", {"birthdate": "hier", "extra_time": "x"})
        assert refused.status_code == 403, path
        assert "Votre rôle ne permet pas cette action." in refused.text


def test_a_candidates_convocation_downloads_and_counts(http: TestClient) -> None:
    browser, number, _ = prepared(http)
    candidate = added(browser, number)
    letter = browser.get(f"/sessions/{number}/candidats/{candidate}/convocation.pdf")
    assert letter.status_code == 200
    assert letter.headers["content-type"] == "application/pdf"
    assert "Convocations envoyées</strong> : 1 sur 1" in browser.get(f"/sessions/{number}").text
