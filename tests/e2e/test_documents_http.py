"""The papers of a session over HTTP: downloads, their names, what they hold,
and what downloading them records."""

from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response
from python_calamine import CalamineWorkbook

from tests.documents.pdf import pages_text
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session

PUPILS = [
    ("Østergaard", "Søren", "2011-02-03"),
    ("Çelik", "Zoé", "2011-04-05"),
    ("Lefèvre", "Anaïs", "2011-05-01"),
    ("李", "小龙", "2011-06-07"),
]


def enrol(admin: ApiClient, session_id: str, last: str, first: str, born: str) -> Response:
    body = {
        "last_name": last,
        "first_name": first,
        "birthdate": born,
        "division": "3e B",
        "results_email": f"famille.{born}@example.fr",
        "convocation_email": f"eleve.{born}@example.fr",
    }
    answer = admin.post(f"/sessions/{session_id}/candidates", body)
    assert answer.status_code == 201, answer.text
    return answer


def class_of_four(admin: ApiClient) -> tuple[dict[str, Any], list[str], int]:
    session = new_session(admin)
    answers = [enrol(admin, session["id"], *pupil) for pupil in PUPILS]
    ids = [answer.json()["id"] for answer in answers]
    return session, ids, int(answers[-1].headers["Certif-Position"])


def steps(admin: ApiClient, session_id: str, position: str) -> dict[str, Any]:
    view = admin.get(f"/sessions/{session_id}/readiness?after={position}").json()
    return {s["step"]: (s["done"], s["detail"]) for s in view["steps"]}


def test_each_paper_downloads_with_its_type_and_file_name(admin: ApiClient) -> None:
    session, ids, position = class_of_four(admin)
    base = f"/sessions/{session['id']}"
    expected = {
        "attendance-sheet.pdf": ("application/pdf", "feuille-emargement-2027-03-15-salle-101.pdf"),
        "attendance-sheet.csv": (
            "text/csv; charset=utf-8",
            "feuille-emargement-2027-03-15-salle-101.csv",
        ),
        "attendance-sheet.ods": (
            "application/vnd.oasis.opendocument.spreadsheet",
            "feuille-emargement-2027-03-15-salle-101.ods",
        ),
        "invigilator-kit.pdf": ("application/pdf", "kit-surveillant-2027-03-15-salle-101.pdf"),
        "convocations.pdf": ("application/pdf", "convocations-2027-03-15-salle-101.pdf"),
        f"candidates/{ids[2]}/convocation.pdf": (
            "application/pdf",
            "convocation-lefevre-anais-2027-03-15-salle-101.pdf",
        ),
    }
    for path, (media_type, name) in expected.items():
        answer = admin.get(f"{base}/{path}?after={position}")
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == media_type
        disposition = answer.headers["content-disposition"]
        assert disposition.startswith(f"attachment; filename=\"{name}\"; filename*=UTF-8''")
    accented = admin.get(f"{base}/attendance-sheet.pdf").headers["content-disposition"]
    assert "filename*=UTF-8''feuille-%C3%A9margement-2027-03-15-salle-101.pdf" in accented


def test_the_printed_sheet_holds_every_candidate_once_in_order_and_no_email(
    admin: ApiClient,
) -> None:
    session, _, position = class_of_four(admin)
    base = f"/sessions/{session['id']}"
    [sheet] = pages_text(admin.get(f"{base}/attendance-sheet.pdf?after={position}").content)
    rows = [line for line in sheet.splitlines() if "3e B" in line]
    assert [row.split()[1] for row in rows] == ["Çelik", "Lefèvre", "Østergaard", "李"]
    number = f"Session n° {session['number']} – "
    for field in (number, "lundi 15 mars 2027", "09:00", "Bâtiment B", "Salle 101"):
        assert field in sheet
    assert session["id"] not in sheet  # the number is what a school reads
    papers = [
        *pages_text(admin.get(f"{base}/invigilator-kit.pdf").content),
        *pages_text(admin.get(f"{base}/convocations.pdf").content),
        admin.get(f"{base}/attendance-sheet.csv").content.decode("utf-8-sig"),
    ]
    assert all("@" not in paper and "famille" not in paper for paper in papers)


def test_the_ods_holds_the_same_rows_as_the_csv(admin: ApiClient) -> None:
    session, _, position = class_of_four(admin)
    base = f"/sessions/{session['id']}/attendance-sheet"
    text = admin.get(f"{base}.csv?after={position}").content.decode("utf-8-sig")
    book = CalamineWorkbook.from_filelike(io.BytesIO(admin.get(f"{base}.ods").content))
    ods = [
        [str(int(v)) if isinstance(v, float) else str(v) for v in row]
        for row in book.get_sheet_by_index(0).to_python()
    ]
    assert ods == [line.split(";") for line in text.splitlines()]
    assert len(ods) == 1 + len(PUPILS)


def test_downloads_and_convocations_sent_complete_the_readiness_checklist(
    admin: ApiClient,
) -> None:
    session, ids, position = class_of_four(admin)
    base = f"/sessions/{session['id']}"
    before = steps(admin, session["id"], str(position))
    assert before["attendance_sheet_downloaded"][0] is False
    assert before["convocations_sent"] == (False, "0 of 4 sent")
    answer = admin.get(f"{base}/attendance-sheet.pdf")
    after = steps(admin, session["id"], answer.headers["Certif-Position"])
    assert after["attendance_sheet_downloaded"] == (True, "downloaded 1 time(s)")
    admin.get(f"{base}/candidates/{ids[0]}/convocation.pdf")
    answer = admin.get(f"{base}/convocations.pdf")
    sent = steps(admin, session["id"], answer.headers["Certif-Position"])["convocations_sent"]
    assert sent == (True, "4 of 4 sent")


def test_a_removed_candidate_no_longer_counts_as_convoked(admin: ApiClient) -> None:
    session, ids, position = class_of_four(admin)
    base = f"/sessions/{session['id']}"
    admin.get(f"{base}/convocations.pdf?after={position}")
    assert admin.delete(f"{base}/candidates/{ids[0]}").status_code == 204
    newcomer = enrol(admin, session["id"], "Durand", "Hugo", "2011-09-12")
    sent = steps(admin, session["id"], newcomer.headers["Certif-Position"])["convocations_sent"]
    assert sent == (False, "3 of 4 sent")
    path = f"{base}/candidates/{newcomer.json()['id']}/convocation.pdf"
    answer = admin.get(f"{path}?after={newcomer.headers['Certif-Position']}")
    sent = steps(admin, session["id"], answer.headers["Certif-Position"])["convocations_sent"]
    assert sent == (True, "4 of 4 sent")


def test_a_centre_export_prints_each_session_sheet_numbered_on_its_own(
    admin: ApiClient,
) -> None:
    first, _, _ = class_of_four(admin)
    second = new_session(admin, room="CDI", start_time="14:00")
    position = enrol(admin, second["id"], "Durand", "Hugo", "2011-09-12").headers["Certif-Position"]
    centre = first["centre_id"]
    answer = admin.get(f"/centres/{centre}/attendance-sheets.pdf?after={position}")
    assert answer.headers["content-type"] == "application/pdf"
    pages = pages_text(answer.content)
    assert len(pages) == 2
    assert ("Salle 101" in pages[0], "CDI" in pages[1]) == (True, True)
    assert all("Page 1 / 1" in page for page in pages)
    readiness = steps(admin, second["id"], answer.headers["Certif-Position"])
    assert readiness["attendance_sheet_downloaded"][0] is True


def test_another_centre_cannot_download_the_papers(http: TestClient, admin: ApiClient) -> None:
    session, ids, _ = class_of_four(admin)
    centre_with_admin(http, "0750001U", "other@college.fr")
    other = ApiClient(http).sign_in("other@college.fr", "sable-quartz-17")
    base = f"/sessions/{session['id']}"
    for path in (
        "attendance-sheet.pdf",
        "invigilator-kit.pdf",
        f"candidates/{ids[0]}/convocation.pdf",
    ):
        problem_of(other.get(f"{base}/{path}"), 404)
    problem_of(other.get(f"/centres/{session['centre_id']}/attendance-sheets.pdf"), 404)
