"""The session number over HTTP: shown in every session view, accepted in every
path that names a session, and in the invigilator's sign-in."""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from adapters.http import routes
from adapters.http.deps import session_in_path
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import SESSION, new_session

SIGN_IN = "/api/v1/invigilation/sign-in"


def test_every_path_naming_a_session_resolves_it_by_id_or_number() -> None:
    """One place resolves ``{session_id}``: a route taking a bare UUID would refuse numbers."""
    modules = [import_module(f"{routes.__name__}.{m.name}") for m in iter_modules(routes.__path__)]
    naming = [
        route
        for module in modules
        for route in module.router.routes
        if isinstance(route, APIRoute) and "{session_id}" in route.path
    ]
    assert len(naming) >= 30
    for route in naming:
        assert session_in_path in [d.call for d in route.dependant.dependencies], route.path


def test_a_session_is_read_and_changed_by_its_number(admin: ApiClient) -> None:
    first, second = new_session(admin), new_session(admin, room="CDI")
    assert (first["number"], second["number"]) == (1, 2)
    by_number = admin.get("/sessions/2")
    assert by_number.status_code == 200
    assert by_number.json() == admin.get(f"/sessions/{second['id']}").json()
    pupil = {"last_name": "Ménard", "first_name": "Zoé", "birthdate": "2011-05-01"}
    added = admin.post("/sessions/2/candidates", pupil)
    assert added.status_code == 201, added.text
    assert added.headers["Location"].startswith(f"/api/v1/sessions/{second['id']}/")
    assert [c["last_name"] for c in admin.get(f"/sessions/{second['id']}/candidates").json()] == [
        "Ménard"
    ]
    sheet = admin.get(f"/sessions/2/attendance-sheet?after={added.headers['Certif-Position']}")
    assert sheet.json()["session"]["number"] == 2
    assert admin.get("/sessions/2/convocations.pdf").status_code == 200


def test_a_number_never_given_is_not_found_as_an_unknown_id_is(admin: ApiClient) -> None:
    new_session(admin)
    assert problem_of(admin.get("/sessions/99"), 404)["title"]
    problem_of(admin.get("/sessions/0/candidates"), 404)
    problem_of(admin.delete("/sessions/99"), 404)
    problem_of(admin.get("/sessions/not-a-number"), 422)


def test_a_deleted_sessions_number_leads_nowhere_and_is_not_given_again(
    admin: ApiClient,
) -> None:
    new_session(admin)
    assert admin.delete("/sessions/1").status_code == 204
    problem_of(admin.get("/sessions/1"), 404)
    assert new_session(admin)["number"] == 2


def test_the_invigilator_signs_in_with_the_session_number(
    http: TestClient, admin: ApiClient
) -> None:
    centre_id = admin.get("/me").json()["centre_ids"][0]
    created = admin.post(f"/centres/{centre_id}/sessions", SESSION)
    session, position = created.json(), created.headers["Certif-Position"]
    password = session["invigilator_password"]
    opened = http.post(SIGN_IN, json={"session_number": session["number"], "password": password})
    assert opened.status_code == 200, opened.text
    assert opened.json()["session_id"] == session["id"]
    assert opened.json()["session_number"] == session["number"]
    room = ApiClient(http, opened.json()["access_token"])
    assert room.get(f"/invigilation/session?after={position}").json()["number"] == session["number"]
    by_id = http.post(SIGN_IN, json={"session_id": session["id"], "password": password})
    assert by_id.status_code == 200
    wrong = {"session_number": session["number"], "password": "not-it"}
    unknown = {"session_number": 99, "password": password}
    assert (
        problem_of(http.post(SIGN_IN, json=wrong), 401)["detail"]
        == (problem_of(http.post(SIGN_IN, json=unknown), 401)["detail"])
    )
    both = {"session_number": 1, "session_id": session["id"], "password": password}
    problem_of(http.post(SIGN_IN, json=both), 422)
    problem_of(http.post(SIGN_IN, json={"password": password}), 422)
