"""The candidate-list template over HTTP: download, dry run, commit, and the files refused."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from adapters.persistence.settings import Settings
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import new_session

HEADER = (
    "N°;Nom de naissance;Prénom;Date de naissance (format : jj/mm/aaaa);Sexe (M ou F);"
    "Code Insee;Code postal;Nom de la commune;Pays;E-mail du destinataire des résultats;"
    "E-mail de convocation;Identifiant local;Temps majoré ?"
)


def upload(admin: ApiClient, path: str, content: bytes, name: str, **form: str) -> Any:
    return admin.http.post(
        f"/api/v1{path}",
        files={"file": (name, content)},
        data=form,
        headers=admin.headers(None),
    )


def csv_of(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode()


def test_a_filled_template_is_dry_run_then_committed(admin: ApiClient) -> None:
    session = new_session(admin)["id"]
    base = f"/sessions/{session}"
    pupil = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}
    assert admin.post(f"{base}/candidates", pupil).status_code == 201
    template = admin.get(f"{base}/candidate-list.csv")
    assert template.status_code == 200
    assert template.headers["content-type"].startswith("text/csv")
    assert "Durand;Léa;01/05/2011" in template.content.decode("utf-8-sig")
    ods = admin.get(f"{base}/candidate-list.ods")
    assert ods.content.startswith(b"PK")
    filled = csv_of(
        "1;DURAND;Léa;01/05/2011;F;;;;;;;;33 %",
        "2;  Petit ;Noé;12/09/2011;M;;;;;;;;",
    )
    plan = upload(admin, f"{base}/candidate-list/dry-run", filled, "liste.csv").json()
    assert [a["last_name"] for a in plan["additions"]] == ["Petit"]
    assert [c["extra_time_percent"] for c in plan["changes"]] == ["33 %"]
    assert plan["problems"] == []
    done = upload(admin, f"{base}/candidate-list", filled, "liste.csv", token=plan["token"])
    assert done.status_code == 200, done.text
    assert len(done.json()["added"]) == 1
    names = [c["last_name"] for c in admin.get(f"{base}/candidates").json()]
    assert names == ["Durand", "Petit"]
    again = upload(admin, f"{base}/candidate-list", filled, "liste.csv", token=plan["token"])
    assert problem_of(again, 409)["rule"] == "candidate-list-changed"


def test_every_fault_is_named_in_french_by_line_and_nothing_is_stored(admin: ApiClient) -> None:
    session = new_session(admin)["id"]
    base = f"/sessions/{session}"
    filled = csv_of(
        "1;Durand;Léa;1er mai 2011;F;;;;;;;;",
        "2;Petit;Noé;12/09/2011;X;;;;;;pas-une-adresse;;",
        "3;petit;NOÉ;12/09/2011;M;;;;;;;;",
    )
    plan = upload(admin, f"{base}/candidate-list/dry-run", filled, "liste.csv").json()
    messages = [p["message_fr"] for p in plan["problems"]]
    assert "Ligne 2 : la date de naissance doit être au format jj/mm/aaaa." in messages
    assert any(m.startswith("Ligne 3 : le sexe") for m in messages), messages
    assert any(m.startswith("Ligne 4 : ce candidat") for m in messages), messages
    refused = upload(admin, f"{base}/candidate-list", filled, "liste.csv", token=plan["token"])
    body = problem_of(refused, 422)
    assert body["rule"] == "rows-invalid"
    assert all("message_fr" in row for row in body["errors"])
    assert admin.get(f"{base}/candidates").json() == []


def test_an_xlsx_written_by_a_spreadsheet_library_is_read_with_its_date_cells(
    admin: ApiClient,
) -> None:
    import datetime as dt

    session = new_session(admin)["id"]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.split(";"))
    sheet.write_row(1, 0, [1, "Çelik", "Ayşe"])
    sheet.write_datetime(
        1, 3, dt.datetime(2011, 2, 3), book.add_format({"num_format": "dd/mm/yyyy"})
    )
    sheet.write_number(1, 12, 0.33)
    book.close()
    plan = upload(admin, f"/sessions/{session}/candidate-list/dry-run", out.getvalue(), "l.xlsx")
    body = plan.json()
    assert body["problems"] == [], body
    assert [
        (a["last_name"], a["birthdate"], a["extra_time_percent"]) for a in body["additions"]
    ] == [("Çelik", "2011-02-03", "33 %")]


def test_a_file_not_what_it_claims_is_422_and_one_too_large_is_413(admin: ApiClient) -> None:
    session = new_session(admin)["id"]
    path = f"/sessions/{session}/candidate-list/dry-run"
    fake = upload(admin, path, b"Nom;Prenom\nDurand;Lea\n", "liste.xlsx")
    assert problem_of(fake, 422)["rule"] == "file-unreadable"
    pdf = upload(admin, path, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "liste.csv")
    assert problem_of(pdf, 422)["rule"] == "file-unreadable"
    huge = b"x" * (Settings().max_upload_bytes + 1)
    assert problem_of(upload(admin, path, huge, "liste.csv"), 413)["rule"] == "request-too-large"
