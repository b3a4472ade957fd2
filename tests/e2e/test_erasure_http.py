"""Erasure over HTTP: the administrator of the centre or an operator erases,
with a reason; everyone else is told nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin


def enrolled(admin: ApiClient) -> tuple[str, str]:
    centre = admin.get("/me").json()["centre_ids"][0]
    session = admin.post(
        f"/centres/{centre}/sessions",
        {
            "site": "B",
            "room": "101",
            "examiner": "M. Benali",
            "date": "2027-03-15",
            "start_time": "09:00",
        },
    ).json()["id"]
    body = {
        "last_name": "Quatrebarbes",
        "first_name": "Zéphyrine",
        "birthdate": "2010-02-17",
        "division": "3e Q",
        "results_email": "parent@example.org",
        "extra_time": "33%",
    }
    candidate = admin.post(f"/sessions/{session}/candidates", body).json()["id"]
    return session, candidate


def test_the_administrator_erases_a_candidate_and_every_answer_then_reads_erased(
    admin: ApiClient,
) -> None:
    session, candidate = enrolled(admin)
    answer = admin.post(
        f"/sessions/{session}/candidates/{candidate}/erasure", {"reason": "Demande des parents"}
    )
    assert answer.status_code == 200, answer.text
    erased = answer.json()
    assert erased["erased"] is True
    assert (erased["last_name"], erased["birthdate"], erased["results_email"]) == (
        "[effacé]",
        None,
        None,
    )
    assert erased["extra_time"] == 0
    position = answer.headers["Certif-Position"]
    listed = admin.get(f"/sessions/{session}/candidates").json()
    assert [c["last_name"] for c in listed] == ["[effacé]"]
    sheet = admin.get(f"/sessions/{session}/attendance-sheet.csv?after={position}")
    assert sheet.status_code == 200
    assert "Quatrebarbes" not in sheet.text
    assert "[effacé]" in sheet.text
    trail = admin.get(f"/sessions/{session}/audit.jsonl?after={position}").text
    assert "Zéphyrine" not in trail
    assert "Données personnelles effacées : Demande des parents" in trail
    changed = admin.patch(f"/sessions/{session}/candidates/{candidate}", {"division": "3e B"})
    assert problem_of(changed, 409)["type"].endswith("personal-data-erased")


def test_erasure_needs_a_reason_and_is_hidden_from_another_centre(
    admin: ApiClient, http: TestClient
) -> None:
    session, candidate = enrolled(admin)
    path = f"/sessions/{session}/candidates/{candidate}/erasure"
    problem_of(admin.post(path, {"reason": ""}), 422)
    centre_with_admin(http, "0693456G", "admin@autre-college.fr")
    stranger = ApiClient(http).sign_in("admin@autre-college.fr", "sable-quartz-17")
    refused = problem_of(stranger.post(path, {"reason": "Demande"}), 404)
    assert "Quatrebarbes" not in str(refused)
    assert admin.get(f"/sessions/{session}/candidates/{candidate}").json()["erased"] is False
