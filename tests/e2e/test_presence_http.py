"""The invigilator confirms the wrong pupil's presence and cancels it before
that pupil starts, over HTTP; once a start has spent it, it is refused."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import new_session
from tests.e2e.test_session_day_http import PUPILS, invigilator, join, prepared


def state_of(room: ApiClient, candidate: str, after: int) -> Any:
    view = room.get(f"/invigilation/session?after={after}").json()
    return next(c["state"] for c in view["candidates"] if c["candidate_id"] == candidate)


def test_a_presence_confirmed_by_mistake_is_cancelled_until_the_pupil_starts(
    http: TestClient, admin: ApiClient
) -> None:
    session, ids = prepared(admin)
    sid = session["id"]
    admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali", "Mme Lemoine"]})
    room = invigilator(http, session)
    assert room.post("/invigilation/start").status_code == 200
    last, first, born = PUPILS[0]
    pupil, candidate = join(http, session["access_code"], last, first, born), ids[last]
    presence = f"/invigilation/candidates/{candidate}/presence"

    refused = problem_of(room.delete(presence), 409)
    assert refused["rule"] == "presence-not-cancellable"
    assert "not confirmed" in refused["detail"]
    confirmed = room.post(presence).json()
    assert state_of(room, candidate, confirmed["position"]) == "authorised"
    cancelled = room.delete(presence)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["id"] == candidate
    assert cancelled.json()["version"] == confirmed["version"] + 1
    assert cancelled.headers["ETag"] == f'"{confirmed["version"] + 1}"'
    assert state_of(room, candidate, cancelled.json()["position"]) == "joined"
    assert problem_of(pupil.post("/test/start"), 409)["rule"] == "start-not-authorised"

    room.post(presence)
    assert pupil.post("/test/start").status_code == 200
    spent = problem_of(room.delete(presence), 409)
    assert spent["rule"] == "presence-not-cancellable"
    assert "has started since" in spent["detail"]

    trail = admin.get(f"/sessions/{sid}/audit?after={cancelled.json()['position']}").json()
    about = [e["description"] for e in trail if e["candidate_id"] == candidate]
    assert f"Présence annulée par le surveillant : {first} {last}" in about


def test_another_sessions_invigilator_cannot_cancel_a_presence(
    http: TestClient, admin: ApiClient
) -> None:
    session, ids = prepared(admin)
    admin.put(f"/sessions/{session['id']}/invigilators", {"names": ["M. Benali", "Mme Lemoine"]})
    room = invigilator(http, session)
    room.post("/invigilation/start")
    last, first, born = PUPILS[1]
    join(http, session["access_code"], last, first, born)
    room.post(f"/invigilation/candidates/{ids[last]}/presence")
    elsewhere = invigilator(http, new_session(admin, room="Salle 102"))
    problem_of(elsewhere.delete(f"/invigilation/candidates/{ids[last]}/presence"), 404)
    problem_of(ApiClient(http).delete(f"/invigilation/candidates/{ids[last]}/presence"), 401)
