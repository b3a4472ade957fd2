"""A school's roster over HTTP: every file form imported, a class enrolled, refusals in French."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session
from tests.imports.files import (
    FORMS,
    SCHOOL_CODE,
    a_pupil,
    eleve_fields,
    sample_pupils,
    siecle_xml_of,
    zipped,
)

NAMES = {"siecle-xml": "ElevesSansAdresses.xml", "siecle-zip": "export.zip"}


def school(http: TestClient) -> tuple[ApiClient, str]:
    centre = centre_with_admin(http, SCHOOL_CODE, "admin@college.fr")
    return ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17"), centre


def upload(admin: ApiClient, path: str, content: bytes, name: str) -> Any:
    return admin.http.post(
        f"/api/v1{path}", files={"file": (name, content)}, headers=admin.headers(None)
    )


def file_name(form: str) -> str:
    return NAMES.get(form) or ("eleves." + (form if form in ("ods", "xlsx") else "csv"))


def test_every_form_of_roster_imports_the_same_school(http: TestClient) -> None:
    admin, centre = school(http)
    pupils = [replace(p, left_on=None) for p in sample_pupils(60)]  # tables have no leaving date
    first = None
    for form, make in FORMS.items():
        answer = upload(admin, f"/centres/{centre}/roster", make(pupils), file_name(form))
        assert answer.status_code == 200, (form, answer.text)
        report = answer.json()
        if first is None:
            first = report
            assert report["listed"] + report["skipped_without_class"] == 60
            assert report["skipped_without_class"] == 1
        else:  # the same pupils in another form change nothing
            assert (report["recorded"], report["listed"], report["gone"]) == (False, 0, 0), form
    listed = admin.get(f"/centres/{centre}/pupils").json()
    assert len(listed) == first["listed"]
    assert admin.get(f"/centres/{centre}/divisions").json()[:2] == ["3A", "3B"]
    assert {p["division"] for p in admin.get(f"/centres/{centre}/pupils?division=3B").json()} == {
        "3B"
    }


def test_a_class_is_enrolled_into_a_session_and_twice_skips_who_is_in(http: TestClient) -> None:
    admin, centre = school(http)
    pupils = [a_pupil(n, first_name=name) for n, name in enumerate(("Léa", "Noé", "Inès"), 1)]
    content = FORMS["siecle-xml"](pupils)
    assert upload(admin, f"/centres/{centre}/roster", content, "e.xml").status_code == 200
    session = new_session(admin)["id"]
    enrolled = admin.post(f"/sessions/{session}/enrolments", {"division": "3A"})
    assert enrolled.status_code == 200, enrolled.text
    assert len(enrolled.json()["enrolled"]) == 3
    again = admin.post(f"/sessions/{session}/enrolments", {"division": "3A"}).json()
    assert (len(again["enrolled"]), len(again["already_enrolled"])) == (0, 3)
    candidates = admin.get(f"/sessions/{session}/candidates").json()
    assert sorted(c["first_name"] for c in candidates) == ["Inès", "Léa", "Noé"]
    assert {c["division"] for c in candidates} == {"3A"}
    pupil = admin.get(f"/centres/{centre}/pupils?search=lea").json()[0]
    assert pupil["sessions"] == [session]
    erased = admin.post(f"/centres/{centre}/pupils/{pupil['id']}/erasure", {"reason": "Famille"})
    assert erased.status_code == 204, erased.text
    after = {c["first_name"] for c in admin.get(f"/sessions/{session}/candidates").json()}
    assert after == {"[effacé]", "Noé", "Inès"}


def test_a_roster_of_another_school_is_refused_and_nothing_stored(http: TestClient) -> None:
    admin, centre = school(http)
    other = siecle_xml_of([eleve_fields(a_pupil(1))], school="0691234S")
    refused = upload(admin, f"/centres/{centre}/roster", other, "e.xml")
    assert problem_of(refused, 409)["rule"] == "roster-of-another-centre"
    assert admin.get(f"/centres/{centre}/pupils").json() == []


def test_faulty_rows_are_listed_in_french_and_nothing_is_stored(http: TestClient) -> None:
    admin, centre = school(http)
    rows = [a_pupil(1), a_pupil(2, first_name=" "), a_pupil(1, first_name="Noé")]
    refused = upload(admin, f"/centres/{centre}/roster", FORMS["csv cp1252 ;"](rows), "e.csv")
    body = problem_of(refused, 422)
    messages = [row["message_fr"] for row in body["errors"]]
    assert any(m.startswith("Ligne 3 : le prénom est obligatoire") for m in messages), messages
    assert any(m.startswith("Ligne 4 : le même INE figure déjà ligne") for m in messages), messages
    assert admin.get(f"/centres/{centre}/pupils").json() == []


def test_a_zip_bomb_and_a_file_not_what_its_name_says_are_422(http: TestClient) -> None:
    admin, centre = school(http)
    bomb = zipped(b"<?xml version='1.0'?><BEE_ELEVES>" + b" " * 60_000_000 + b"</BEE_ELEVES>")
    assert problem_of(upload(admin, f"/centres/{centre}/roster", bomb, "e.zip"), 422)["rule"] == (
        "file-unreadable"
    )
    fake = upload(admin, f"/centres/{centre}/roster", b"not an ods at all", "eleves.ods")
    assert problem_of(fake, 422)["rule"] == "file-unreadable"
