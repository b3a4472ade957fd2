"""A collège session from the first arrival to published results, over HTTP."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.aggregates.session import Session
from domain.competences import COMPETENCES
from domain.values import Role
from tests.conftest import FakeClock
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import new_session

PUPILS = [
    (f"Élève{n:02d}", "Zoé" if n % 2 else "Hugo", f"2011-{1 + n % 12:02d}-{1 + n:02d}")
    for n in range(23)
]


def csv_profiles() -> str:
    header = "last_name;first_name;birthdate;campaign;captured_at;" + ";".join(COMPETENCES)
    rows = [
        ";".join([last, first, born, "Collecte 3e", "2026-10-01", *["9"] * 6, *["0"] * 10])
        for last, first, born in PUPILS
    ]
    return "\n".join([header, *rows])


def prepared(admin: ApiClient) -> tuple[dict[str, Any], dict[str, str]]:
    """A session with 23 pupils, all certifiable, results emails given."""
    session = new_session(admin)
    ids = {}
    for n, (last, first, born) in enumerate(PUPILS):
        body = {
            "last_name": last,
            "first_name": first,
            "birthdate": born,
            "results_email": f"eleve{n}@famille.fr",
        }
        ids[last] = admin.post(f"/sessions/{session['id']}/candidates", body).json()["id"]
    centre = session["centre_id"]
    headers = admin.headers(None) | {"Content-Type": "text/csv"}
    stored = admin.http.post(
        f"/api/v1/centres/{centre}/profiles/bulk", content=csv_profiles().encode(), headers=headers
    )
    assert stored.status_code == 201, stored.text
    return session, ids


def invigilator(http: TestClient, session: dict[str, Any]) -> ApiClient:
    body = {"session_id": session["id"], "password": "not-it"}
    problem_of(http.post("/api/v1/invigilation/sign-in", json=body), 401)
    body["password"] = session["invigilator_password"]
    answer = http.post("/api/v1/invigilation/sign-in", json=body)
    assert answer.status_code == 200, answer.text
    return ApiClient(http, answer.json()["access_token"])


def join(http: TestClient, code: str, last: str, first: str, born: str) -> ApiClient:
    body = {
        "access_code": code.lower(),
        "last_name": f"  {last.upper()} ",
        "first_name": first,
        "birthdate": born,
        "pupil_account": f"ent-{last}",
    }
    answer = http.post("/api/v1/join", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["certifiable"] is True
    return ApiClient(http, answer.json()["access_token"])


def staff(http: TestClient) -> ApiClient:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    app.open_account(
        SYSTEM_ACTOR, "relecture@certif.fr", "Relecture", "sable-quartz-47", Role.REVIEWER
    )
    app.open_account(SYSTEM_ACTOR, "ops@certif.fr", "Ops", "sable-quartz-37", Role.OPERATOR)
    return ApiClient(http).sign_in("relecture@certif.fr", "sable-quartz-47")


def test_a_college_session_from_arrival_to_published_results(
    http: TestClient, admin: ApiClient, clock: FakeClock
) -> None:
    session, ids = prepared(admin)
    sid, code = session["id"], session["access_code"]
    for paper in ("attendance-sheet.pdf", "invigilator-kit.pdf", "convocations.pdf"):
        assert admin.get(f"/sessions/{sid}/{paper}").status_code == 200
    room = invigilator(http, session)
    assert admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali"]}).status_code == 200
    refused = problem_of(room.post("/invigilation/start"), 409)
    assert "2 invigilator(s) are needed for 23 candidate(s)" in refused["detail"]
    admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali", "Mme Lemoine"]})
    assert room.post("/invigilation/start").status_code == 200

    absent, fraudster, unlucky, slow = "Élève22", "Élève03", "Élève07", "Élève05"
    pupils = {
        last: join(http, code, last, first, born) for last, first, born in PUPILS if last != absent
    }
    room.put(f"/invigilation/candidates/{ids[slow]}/extra-time", {"extra_time": "33%"})
    for last, pupil in pupils.items():
        problem_of(pupil.post("/test/start"), 409)
        room.post(f"/invigilation/candidates/{ids[last]}/presence")
        assert pupil.post("/test/start").status_code == 200

    problem_of(pupils[unlucky].post("/test/start"), 409)  # a resume needs a new confirmation
    room.post(f"/invigilation/candidates/{ids[unlucky]}/presence")
    assert pupils[unlucky].post("/test/start").status_code == 200
    pupils[slow].post("/test/help")
    incident = {"category": "C7", "candidate_id": ids[unlucky], "description": "Écran figé"}
    assert room.post("/invigilation/incidents", incident).status_code == 201
    fraud = {
        "candidate_id": ids[fraudster],
        "observed": "Téléphone consulté",
        "witnesses": "M. Benali",
        "measures": "Test arrêté",
    }
    assert room.post("/invigilation/fraud-reports", fraud).status_code == 201
    room.post(f"/invigilation/candidates/{ids[fraudster]}/end")

    clock.advance(minutes=120)
    view = room.get(f"/invigilation/session?after={admin_position(admin, sid)}").json()
    by_name = {c["last_name"]: c for c in view["candidates"]}
    assert by_name[slow]["theoretical_end"] > by_name["Élève00"]["theoretical_end"]
    assert set(by_name[slow]["alerts"]) == {"asked_for_help"}
    assert "past_theoretical_end" in by_name["Élève00"]["alerts"]
    for last, pupil in pupils.items():
        if last not in (fraudster, unlucky):
            assert pupil.post("/test/complete").status_code == 200

    form = admin.get(f"/sessions/{sid}/finalisation-form?after={admin_position(admin, sid)}").json()
    assert sorted(c["last_name"] for c in form["needs_abort_reason"]) == [fraudster, unlucky]
    assert [c["last_name"] for c in form["absent"]] == [absent]
    finalisation = {
        "had_incident": True,
        "joining_issues": False,
        "candidates": [{"candidate_id": ids[unlucky], "abort_reason": "technical"}],
    }
    problem_of(admin.post(f"/sessions/{sid}/finalisation", finalisation), 409)
    finalisation["candidates"].append({"candidate_id": ids[fraudster], "abort_reason": "candidate"})
    assert admin.post(f"/sessions/{sid}/finalisation", finalisation).status_code == 200
    assert admin.get(f"/sessions/{sid}").json()["status"] == "in_review"

    overview = admin.get(
        f"/centres/{session['centre_id']}/overview?after={admin_position(admin, sid)}"
    )
    assert {o["id"]: o["status"] for o in overview.json()}[sid] == "in_review"
    reviewer = staff(http)
    assert reviewer.get(f"/sessions/{sid}").json()["status"] == "in_review"
    assert len(reviewer.get(f"/sessions/{sid}/finalisation-form").json()["absent"]) == 1
    problem_of(reviewer.delete(f"/sessions/{sid}"), 403)
    problem_of(reviewer.post(f"/sessions/{sid}/publication"), 409)
    operator = ApiClient(http).sign_in("ops@certif.fr", "sable-quartz-37")
    for last in pupils:
        result = {"certified": last != unlucky, "score": 300, "levels": {"1.1": 2}}
        assert (
            operator.put(f"/sessions/{sid}/candidates/{ids[last]}/result", result).status_code
            == 200
        )
    cancel = {"candidate_id": ids[fraudster], "reason": "Fraude constatée"}
    assert reviewer.post(f"/sessions/{sid}/review/cancellations", cancel).status_code == 201
    assert reviewer.post(f"/sessions/{sid}/review/completion").status_code == 200
    published = reviewer.post(f"/sessions/{sid}/publication").json()
    notices = {n["email"]: n["certified"] for n in published["notices"]}
    assert len(notices) == 22
    assert notices["eleve3@famille.fr"] is False
    assert notices["eleve7@famille.fr"] is False
    assert notices["eleve0@famille.fr"] is True
    assert admin.get(f"/sessions/{sid}").json()["status"] == "published"
    overview = admin.get(
        f"/centres/{session['centre_id']}/overview?after={admin_position(admin, sid)}"
    )
    assert {o["id"]: o["status"] for o in overview.json()}[sid] == "published"
    problem_of(pupils["Élève00"].post("/test/help"), 409)
    result = {"certified": True, "score": 1, "levels": {}}
    problem_of(operator.put(f"/sessions/{sid}/candidates/{ids['Élève00']}/result", result), 409)
    late = {"last_name": "Retard", "first_name": "Léo", "birthdate": "2011-01-01"}
    assert (
        problem_of(admin.post(f"/sessions/{sid}/candidates", late), 409)["rule"]
        == "session-published"
    )
    assert_decisions_only(http, sid)


NOT_DECISIONS = {
    Session.AttendanceSheetDownloaded.TOPIC,
    Session.ConvocationSent.TOPIC,
    Session.InvigilatorSignInAttempted.TOPIC,
}


def assert_decisions_only(http: TestClient, session_id: str) -> None:
    """The session's stream holds its decisions: after a whole day with papers
    downloaded and a wrong password tried, no download, letter or sign-in
    attempt is on it (they are on the session's activity log)."""
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    topics = {e.topic for e in app.recorder.select_events(UUID(session_id))}
    assert Session.SessionFinalised.TOPIC in topics
    assert not topics & NOT_DECISIONS, topics & NOT_DECISIONS


def admin_position(admin: ApiClient, session_id: str) -> int:
    """The store's position now: reads after it see everything done so far."""
    app: CertificationApp = admin.http.app.state.certification  # type: ignore[attr-defined]
    return app.position()


def test_wrong_invigilator_passwords_are_limited_per_address_and_audited_off_the_session(
    http: TestClient, admin: ApiClient
) -> None:
    session = new_session(admin)
    version = admin.get(f"/sessions/{session['id']}").headers["ETag"]
    body = {"session_id": session["id"], "password": "guess"}
    for _ in range(5):
        problem_of(http.post("/api/v1/invigilation/sign-in", json=body), 401)
    body["password"] = session["invigilator_password"]
    refused = http.post("/api/v1/invigilation/sign-in", json=body)
    assert problem_of(refused, 429)["rule"] == "too-many-attempts"
    assert int(refused.headers["Retry-After"]) > 0
    elsewhere = TestClient(http.app, client=("198.51.100.20", 40000))
    assert elsewhere.post("/api/v1/invigilation/sign-in", json=body).status_code == 200
    trail = admin.get(
        f"/sessions/{session['id']}/audit?after={admin_position(admin, session['id'])}"
    )
    descriptions = [e["description"] for e in trail.json()]
    assert descriptions.count("Espace du surveillant : mot de passe erroné") == 5
    assert descriptions[-1] == "Espace du surveillant ouvert"
    assert admin.get(f"/sessions/{session['id']}").headers["ETag"] == version


def test_an_invigilator_token_opens_only_its_own_session(
    http: TestClient, admin: ApiClient
) -> None:
    mine, other = new_session(admin), new_session(admin, room="CDI")
    body = {"session_id": mine["id"], "password": mine["invigilator_password"]}
    room = ApiClient(
        http, http.post("/api/v1/invigilation/sign-in", json=body).json()["access_token"]
    )
    problem_of(room.get("/me"), 403)
    problem_of(room.delete(f"/sessions/{mine['id']}"), 403)
    other_candidate = admin.post(
        f"/sessions/{other['id']}/candidates",
        {"last_name": "Roux", "first_name": "Noé", "birthdate": "2011-01-01"},
    ).json()["id"]
    problem_of(room.post(f"/invigilation/candidates/{other_candidate}/presence"), 404)
