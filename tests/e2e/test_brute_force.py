"""Brute force on the three doors: account sign-in, the invigilator's
workspace and joining. Wrong attempts meet 429s with growing Retry-After;
the right secret still works from another address; bad attempts never move
the session's version."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import new_session

ATTEMPTS = 40
GUESSER, HOLDER = ("203.0.113.66", 41000), ("198.51.100.20", 42000)
Door = tuple[str, dict[str, Any], dict[str, Any]]


def from_address(http: TestClient, address: tuple[str, int]) -> TestClient:
    """Another client of the same running service, as seen from that address."""
    return TestClient(http.app, client=address, raise_server_exceptions=False)


def account_door(http: TestClient, admin: ApiClient) -> Door:
    right = {"email": "admin@college.fr", "password": "sable-quartz-17"}
    return "/api/v1/auth/token", right | {"password": "wrong-guess-0000"}, right


def workspace_door(http: TestClient, admin: ApiClient) -> Door:
    session = new_session(admin)
    right = {"session_id": session["id"], "password": session["invigilator_password"]}
    return "/api/v1/invigilation/sign-in", right | {"password": "BCDFGHJKMPQR"}, right


def join_door(http: TestClient, admin: ApiClient) -> Door:
    session = new_session(admin)
    sid = session["id"]
    pupil = {"last_name": "Lefèvre", "first_name": "Anaïs", "birthdate": "2011-05-01"}
    assert admin.post(f"/sessions/{sid}/candidates", pupil).status_code == 201
    admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali"]})
    body = {"session_id": sid, "password": session["invigilator_password"]}
    token = http.post("/api/v1/invigilation/sign-in", json=body).json()["access_token"]
    assert ApiClient(http, token).post("/invigilation/start").status_code == 200
    right = pupil | {"access_code": session["access_code"], "pupil_account": "ent-lefevre"}
    return "/api/v1/join", right | {"first_name": "Hugo"}, right


DOORS: dict[str, Callable[[TestClient, ApiClient], Door]] = {
    "account": account_door,
    "workspace": workspace_door,
    "join": join_door,
}


@pytest.mark.parametrize("door", list(DOORS))
def test_wrong_attempts_meet_growing_delays_and_the_holder_still_gets_in(
    http: TestClient, admin: ApiClient, door: str
) -> None:
    path, wrong, right = DOORS[door](http, admin)
    guesser = from_address(http, GUESSER)
    answers = [guesser.post(path, json=wrong) for _ in range(ATTEMPTS)]
    assert {a.status_code for a in answers[:5]} <= {401, 404}
    waits = [int(problem_of(a, 429)["retry_after"]) for a in answers[5:]]
    assert waits == [int(a.headers["Retry-After"]) for a in answers[5:]]
    # Growing, but a wait counts down while the attempts go on: a second may pass.
    assert all(later >= earlier - 2 for earlier, later in itertools.pairwise(waits)), waits
    assert len(set(waits)) >= 3, waits
    assert waits[0] <= 60 < 3000 <= waits[-1]
    assert guesser.post(path, json=right).status_code == 429
    assert from_address(http, HOLDER).post(path, json=right).status_code == 200


def test_bad_sign_ins_and_downloads_leave_the_sessions_version_alone(
    http: TestClient, admin: ApiClient
) -> None:
    session = new_session(admin)
    sid = session["id"]
    version = admin.get(f"/sessions/{sid}").headers["ETag"]
    wrong = {"session_id": sid, "password": "BCDFGHJKMPQR"}
    for _ in range(8):
        from_address(http, GUESSER).post("/api/v1/invigilation/sign-in", json=wrong)
    for paper in ("attendance-sheet.pdf", "attendance-sheet.csv", "invigilator-kit.pdf"):
        assert admin.get(f"/sessions/{sid}/{paper}").status_code == 200
    assert admin.get(f"/sessions/{sid}/convocations.pdf").status_code == 200
    assert admin.get(f"/sessions/{sid}").headers["ETag"] == version
    changed = admin.patch(f"/sessions/{sid}", {"room": "CDI"}, if_match=version)
    assert changed.status_code == 200, changed.text


def test_a_renewed_password_lets_the_invigilator_in_from_the_guessers_own_address(
    http: TestClient, admin: ApiClient
) -> None:
    """A pupil guessing from the school's address holds that address up; the
    administrator renews the password and the invigilator signs in there."""
    path, wrong, _ = workspace_door(http, admin)
    school = from_address(http, GUESSER)
    for _ in range(12):
        school.post(path, json=wrong)
    renewed = admin.post(f"/sessions/{wrong['session_id']}/invigilator-password").json()
    right = wrong | {"password": renewed["invigilator_password"]}
    assert school.post(path, json=right).status_code == 200
