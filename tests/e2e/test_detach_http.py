"""A pupil who joined as someone else is detached by the invigilator; the
right pupil then joins, and the audit trail keeps all of it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from application.app import CertificationApp
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_brute_force import join_door


def test_the_invigilator_detaches_a_wrongly_joined_account_and_the_audit_shows_it(
    http: TestClient, admin: ApiClient
) -> None:
    _, _, right = join_door(http, admin)
    impostor = http.post("/api/v1/join", json=right | {"pupil_account": "ent-intrus"})
    assert impostor.status_code == 200, impostor.text
    candidate, session = impostor.json()["candidate_id"], impostor.json()["session_id"]
    problem_of(http.post("/api/v1/join", json=right), 409)

    room = ApiClient(http, sign_in_workspace(http, admin, session))
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    seen = room.get(f"/invigilation/session?after={app.position()}").json()["candidates"]
    assert "another_account_tried_to_join" in seen[0]["alerts"]
    assert room.post(f"/invigilation/candidates/{candidate}/detach").status_code == 200
    problem_of(ApiClient(http, impostor.json()["access_token"]).post("/test/help"), 404)
    rejoined = http.post("/api/v1/join", json=right)
    assert rejoined.status_code == 200, rejoined.text
    assert rejoined.json()["candidate_id"] == candidate

    trail = admin.get(f"/sessions/{session}/audit?after={app.position()}").json()
    about = [e["description"] for e in trail if e["candidate_id"] == candidate]
    joins = [d for d in about if d.startswith("Connexion à la session ;")]
    assert len(joins) == 2
    assert "Compte élève détaché par le surveillant : le candidat se connecte à nouveau" in about
    assert any(d.endswith(": déjà connecté(e) depuis un autre compte élève") for d in about)
    seen = room.get(f"/invigilation/session?after={app.position()}").json()["candidates"]
    assert "another_account_tried_to_join" not in seen[0]["alerts"]


def sign_in_workspace(http: TestClient, admin: ApiClient, session: str) -> str:
    renewed = admin.post(f"/sessions/{session}/invigilator-password").json()
    body = {"session_id": session, "password": renewed["invigilator_password"]}
    answer = http.post("/api/v1/invigilation/sign-in", json=body)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token
