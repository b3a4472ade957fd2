"""Auditors over HTTP: replays of a session and its audit trail."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from adapters.http.app import API_PREFIX
from adapters.http.routes import audit
from projections.audit import AuditProjection
from tests.conftest import FakeClock
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session

LEA = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}


@pytest.fixture
def auditor(http: TestClient, admin: ApiClient) -> ApiClient:
    """The administrator, on an API that serves the audit routes and keeps the
    audit trail, whether or not the wiring lists them yet."""
    api: Any = http.app
    paths = {getattr(route, "path", "") for route in api.routes}
    if f"{API_PREFIX}/sessions/{{session_id}}/audit" not in paths:
        api.include_router(audit.router, prefix=API_PREFIX)
    projections = api.state.service.runner.projections
    if AuditProjection not in projections:
        projections.append(AuditProjection)
    return admin


def a_morning(auditor: ApiClient, clock: FakeClock) -> tuple[str, str, int]:
    """A session, Léa added with extra time, the session moved, Léa removed;
    ten minutes between commands. Answers the ids and the last position."""
    session = new_session(auditor)["id"]
    clock.advance(minutes=10)
    answer = auditor.post(f"/sessions/{session}/candidates", LEA | {"extra_time": "33%"})
    candidate = answer.json()["id"]
    clock.advance(minutes=10)
    auditor.patch(f"/sessions/{session}", {"date": "2027-03-16", "start_time": "14:00"})
    clock.advance(minutes=10)
    removed = auditor.delete(f"/sessions/{session}/candidates/{candidate}")
    assert removed.status_code == 204, removed.text
    return session, candidate, int(removed.headers["Certif-Position"])


def test_a_sessions_trail_says_who_did_what_and_when_in_order(
    auditor: ApiClient, clock: FakeClock
) -> None:
    session, _, position = a_morning(auditor, clock)
    answer = auditor.get(f"/sessions/{session}/audit?after={position}")
    assert answer.status_code == 200, answer.text
    trail = answer.json()
    assert [e["description"] for e in trail if e["aggregate_id"] != session][1:] == [
        "Inscription à la session : Léa Durand, avec 33 % de temps majoré",
        "Créneau déplacé au 16/03/2027 à 14:00 dans le calendrier du centre",
        "Retrait de la session",
    ]
    assert "Session déplacée au 16/03/2027 à 14:00, Salle 101" in [e["description"] for e in trail]
    assert [e["position"] for e in trail] == sorted(e["position"] for e in trail)
    assert {e["by_name"] for e in trail} == {"Claire Rousseau"}
    assert trail[-1]["at"] == "2026-11-26T09:30:00Z"


def test_the_trail_exports_as_a_json_lines_file(auditor: ApiClient, clock: FakeClock) -> None:
    session, _, position = a_morning(auditor, clock)
    answer = auditor.get(f"/sessions/{session}/audit.jsonl?after={position}")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    assert f'filename="session-{session}-audit.jsonl"' in answer.headers["content-disposition"]
    lines = answer.text.splitlines()
    listed = auditor.get(f"/sessions/{session}/audit").json()
    assert [json.loads(line)["position"] for line in lines] == [e["position"] for e in listed]


def test_a_candidates_trail_holds_only_what_concerns_them(
    auditor: ApiClient, clock: FakeClock
) -> None:
    session, candidate, position = a_morning(auditor, clock)
    path = f"/sessions/{session}/candidates/{candidate}/audit?after={position}"
    trail = auditor.get(path).json()
    assert [e["event"] for e in trail] == [
        "CandidateAdded",
        "CandidateEnrolled",
        "CandidateRemoved",
        "CandidateWithdrawn",
    ]
    assert {e["candidate_name"] for e in trail} == {"Léa Durand"}


def test_history_replays_the_session_at_a_moment_or_a_version(
    auditor: ApiClient, clock: FakeClock
) -> None:
    session, _, _ = a_morning(auditor, clock)
    query = urlencode({"at": "2026-11-26T09:25:00+00:00"})
    then = auditor.get(f"/sessions/{session}/history?{query}").json()
    assert (then["session"]["date"], then["session"]["start_time"]) == ("2027-03-16", "14:00")
    assert [c["extra_time_percent"] for c in then["candidates"]] == ["33 %"]
    first = auditor.get(f"/sessions/{session}/history?version=1").json()
    assert (first["session"]["date"], first["candidates"]) == ("2027-03-15", [])
    assert first["last_event"] == "SessionCreated"
    now = auditor.get(f"/sessions/{session}/history?at=2030-01-01T00:00:00Z").json()
    assert now["candidates"] == []


def test_a_moment_without_a_time_zone_is_read_on_the_centres_clock(
    auditor: ApiClient, clock: FakeClock
) -> None:
    """The centre is in Europe/Paris: 10:25 there is 09:25 UTC in November."""
    session, _, _ = a_morning(auditor, clock)
    local = auditor.get(f"/sessions/{session}/history?at=2026-11-26T10:25:00").json()
    utc = auditor.get(f"/sessions/{session}/history?at=2026-11-26T09:25:00Z").json()
    assert local.pop("moment") == "2026-11-26T10:25:00+01:00"
    assert utc.pop("moment") == "2026-11-26T09:25:00Z"
    assert local == utc
    assert local["session"]["start_time"] == "14:00"
    early = problem_of(auditor.get(f"/sessions/{session}/history?at=2026-11-26T09:59:00"), 404)
    assert "did not exist yet" in early["detail"]


def test_history_refuses_what_cannot_be_replayed(auditor: ApiClient, clock: FakeClock) -> None:
    session = new_session(auditor)["id"]
    before = problem_of(auditor.get(f"/sessions/{session}/history?at=2026-11-26T08:00:00Z"), 404)
    assert "did not exist yet" in before["detail"]
    problem_of(auditor.get(f"/sessions/{session}/history"), 422)
    problem_of(auditor.get(f"/sessions/{session}/history?at=26/11/2026"), 422)
    problem_of(auditor.get(f"/sessions/{session}/history?version=0"), 422)
    problem_of(auditor.get(f"/sessions/{session}/history?version=7"), 404)


def test_another_centre_sees_neither_the_history_nor_the_trail(
    http: TestClient, auditor: ApiClient
) -> None:
    centre_with_admin(http, "0750002V", "other@lycee.fr")
    theirs = new_session(ApiClient(http).sign_in("other@lycee.fr", "sable-quartz-17"))["id"]
    for path in ["history?version=1", "audit", "audit.jsonl"]:
        problem_of(auditor.get(f"/sessions/{theirs}/{path}"), 404)


def test_a_deleted_sessions_trail_and_history_stay_visible_to_its_centre(
    auditor: ApiClient, clock: FakeClock
) -> None:
    session = new_session(auditor)["id"]
    clock.advance(minutes=5)
    deleted = auditor.delete(f"/sessions/{session}")
    assert deleted.status_code == 204, deleted.text
    problem_of(auditor.get(f"/sessions/{session}"), 404)
    position = deleted.headers["Certif-Position"]
    trail = auditor.get(f"/sessions/{session}/audit?after={position}").json()
    assert [e["description"] for e in trail][-2:] == [
        "Session supprimée",
        "Créneau libéré dans le calendrier du centre",
    ]
    replay = auditor.get(f"/sessions/{session}/history?version=1").json()
    assert replay["session"]["status"] == "created"
