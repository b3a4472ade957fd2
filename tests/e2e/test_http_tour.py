"""The README's tour over HTTP, and the API's error and version rules."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin

SESSION = {
    "site": "Bâtiment B",
    "room": "Salle 101",
    "examiner": "M. Benali",
    "date": "2027-03-15",
    "start_time": "09:00",
}


def new_session(admin: ApiClient, **changes: Any) -> dict[str, Any]:
    centre_id = admin.get("/me").json()["centre_ids"][0]
    answer = admin.post(f"/centres/{centre_id}/sessions", SESSION | changes)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_the_readme_tour(admin: ApiClient) -> None:
    centre_id = admin.get("/me").json()["centre_ids"][0]
    session = new_session(admin)
    assert len(session["invigilator_password"]) == 12
    assert session["end_time"] == "10:45"
    path = f"/sessions/{session['id']}/candidates"
    for last, first, extra in [("Ménard", "Zoé", None), ("Durand", "Hugo", "33%")]:
        body = {"last_name": last, "first_name": first, "birthdate": "2011-05-01"}
        answer = admin.post(path, body | ({"extra_time": extra} if extra else {}))
        assert answer.status_code == 201, answer.text
    candidates = admin.get(path).json()
    assert [c["last_name"] for c in candidates] == ["Durand", "Ménard"]
    assert candidates[0]["extra_time_percent"] == "33 %"
    read = admin.get(f"/sessions/{session['id']}")
    assert read.json()["access_code"] == session["access_code"]
    assert read.json()["candidate_count"] == 2
    assert "invigilator_password" not in read.json()
    listing = admin.get(f"/centres/{centre_id}/sessions?page=1&page_size=10").json()
    assert listing["total"] == 1


def test_an_administrator_sees_nothing_of_another_centre(
    http: TestClient, admin: ApiClient
) -> None:
    theirs_centre = centre_with_admin(http, "0750002V", "other@lycee.fr")
    theirs = ApiClient(http).sign_in("other@lycee.fr", "sable-quartz-17")
    session = new_session(theirs)
    for answer in [
        admin.get(f"/centres/{theirs_centre}"),
        admin.get(f"/centres/{theirs_centre}/sessions"),
        admin.get(f"/sessions/{session['id']}"),
        admin.get(f"/sessions/{session['id']}/candidates"),
        admin.patch(f"/sessions/{session['id']}", {"room": "CDI"}),
        admin.delete(f"/sessions/{session['id']}"),
        admin.post(
            f"/sessions/{session['id']}/candidates",
            {"last_name": "X", "first_name": "Y", "birthdate": "2011-01-01"},
        ),
    ]:
        problem_of(answer, 404)
    assert theirs.get(f"/sessions/{session['id']}").json()["room"] == "Salle 101"


def test_a_duplicate_candidate_is_a_conflict_naming_the_rule(admin: ApiClient) -> None:
    path = f"/sessions/{new_session(admin)['id']}/candidates"
    body = {"last_name": "Lefèvre", "first_name": "Élodie", "birthdate": "2011-05-01"}
    assert admin.post(path, body).status_code == 201
    problem = problem_of(admin.post(path, body | {"last_name": "LEFEVRE"}), 409)
    assert problem["rule"] == "duplicate-candidate"


def test_invalid_input_names_the_field(admin: ApiClient) -> None:
    path = f"/sessions/{new_session(admin)['id']}/candidates"
    base = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}
    for body, field in [
        (base | {"birthdate": "1899-12-31"}, "birthdate"),
        (base | {"last_name": "   "}, "last_name"),
        (base | {"extra_time": "1000%"}, "extra_time"),
        (base | {"extra_time": "a third"}, "extra_time"),
        (base | {"billing_mode": "FREE"}, "billing_mode"),
        ({"first_name": "Léa", "birthdate": "2011-05-01"}, "last_name"),
        (base | {"birthdate": "01/05/2011"}, "birthdate"),
        (base | {"results_email": "not an email"}, "results_email"),
    ]:
        assert problem_of(admin.post(path, body), 422)["field"] == field, body


def test_a_stale_if_match_is_a_conflict_and_changes_nothing(admin: ApiClient) -> None:
    session = new_session(admin)
    path = f"/sessions/{session['id']}"
    first = admin.patch(path, {"room": "CDI"}, if_match='"1"')
    assert first.status_code == 200
    assert first.headers["ETag"] == '"2"'
    assert first.json()["version"] == 2
    problem_of(admin.patch(path, {"room": "Salle 3"}, if_match='"1"'), 409)
    problem_of(admin.patch(path, {"room": "Salle 3"}, if_match="yesterday"), 422)
    assert admin.get(path).json()["room"] == "CDI"


def test_signing_in_and_tokens(http: TestClient, admin: ApiClient) -> None:
    anonymous = ApiClient(http)
    problem_of(anonymous.get("/me"), 401)
    problem_of(ApiClient(http, "not-a-token").get("/me"), 401)
    wrong = http.post("/api/v1/auth/token", json={"email": "admin@college.fr", "password": "x"})
    problem_of(wrong, 401)
    assert admin.get("/me").json()["email"] == "admin@college.fr"


def test_malformed_requests_are_problems_not_crashes(http: TestClient, admin: ApiClient) -> None:
    headers = {"Authorization": f"Bearer {admin.token}", "Content-Type": "application/json"}
    problem_of(http.post("/api/v1/auth/token", content=b"{not json"), 422)
    problem_of(http.get("/api/v1/sessions/not-a-uuid", headers=headers), 422)
    problem_of(http.get("/api/v1/nowhere"), 404)
    problem_of(http.put("/api/v1/me", headers=headers), 405)
    session = new_session(admin)
    problem_of(admin.patch(f"/sessions/{session['id']}", {"site": None}), 422)
    problem_of(admin.patch(f"/sessions/{session['id']}", {"date": "2020-01-01"}), 409)
    far = admin.patch(f"/sessions/{session['id']}", {"date": "9999-12-31", "start_time": "23:00"})
    assert problem_of(far, 422)["field"] == "date"


def test_the_openapi_page_documents_every_route(http: TestClient) -> None:
    spec = http.get("/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert len(operations) >= 18
    assert all(op.get("description") or op.get("summary") for op in operations)
    assert http.get("/docs").status_code == 200
