"""Tokens expire, can be signed out, and die with the password or the session
that issued them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from adapters.security import TOKEN_ALGORITHM, TokenIssuer
from application.app import CertificationApp
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_brute_force import join_door
from tests.e2e.test_http_tour import new_session


def forged(http: TestClient, **claims: Any) -> ApiClient:
    """A token signed with the service's own key, with the claims given."""
    issuer: TokenIssuer = http.app.state.tokens  # type: ignore[attr-defined]
    return ApiClient(http, jwt.encode(claims, issuer._secret, algorithm=TOKEN_ALGORITHM))


def view(room: ApiClient) -> int:
    """The workspace's status code, once the read models have seen everything."""
    app: CertificationApp = room.http.app.state.certification  # type: ignore[attr-defined]
    return room.get(f"/invigilation/session?after={app.position()}").status_code


def workspace(http: TestClient, session: dict[str, Any], password: str) -> ApiClient:
    body = {"session_id": session["id"], "password": password}
    answer = http.post("/api/v1/invigilation/sign-in", json=body)
    assert answer.status_code == 200, answer.text
    return ApiClient(http, answer.json()["access_token"])


@pytest.mark.parametrize("missing", ["exp", "jti", "iat"])
def test_a_token_without_expiry_or_id_is_refused(
    http: TestClient, admin: ApiClient, missing: str
) -> None:
    me = admin.get("/me").json()["id"]
    now = datetime.now(UTC)
    claims = {"sub": me, "scope": "account", "jti": "x1", "iat": now, "exp": now + timedelta(1)}
    assert forged(http, **claims).get("/me").status_code == 200
    del claims[missing]
    problem_of(forged(http, **claims).get("/me"), 401)


def test_an_expired_token_is_refused(http: TestClient, admin: ApiClient) -> None:
    me = admin.get("/me").json()["id"]
    then = datetime.now(UTC) - timedelta(hours=9)
    claims = {"sub": me, "scope": "account", "jti": "x2", "iat": then, "exp": then}
    problem_of(forged(http, **claims).get("/me"), 401)


def test_signing_out_revokes_the_token_used_and_only_that_one(
    http: TestClient, admin: ApiClient
) -> None:
    other = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    assert admin.post("/auth/logout").status_code == 204
    assert "signed out" in problem_of(admin.get("/me"), 401)["detail"]
    problem_of(admin.post("/auth/logout"), 401)
    assert other.get("/me").status_code == 200


def test_renewing_the_invigilator_password_voids_the_workspace_tokens(
    http: TestClient, admin: ApiClient
) -> None:
    session = new_session(admin)
    room = workspace(http, session, session["invigilator_password"])
    assert view(room) == 200
    renewed = admin.post(f"/sessions/{session['id']}/invigilator-password").json()
    assert "revoked" in problem_of(room.get("/invigilation/session"), 401)["detail"]
    again = workspace(http, session, renewed["invigilator_password"])
    assert view(again) == 200


def test_deleting_a_session_voids_its_workspace_tokens(http: TestClient, admin: ApiClient) -> None:
    session = new_session(admin)
    room = workspace(http, session, session["invigilator_password"])
    assert admin.delete(f"/sessions/{session['id']}").status_code == 204
    problem_of(room.get("/invigilation/session"), 401)
    problem_of(room.post("/invigilation/start"), 401)


def test_the_invigilator_signs_out_of_the_workspace(http: TestClient, admin: ApiClient) -> None:
    session = new_session(admin)
    room = workspace(http, session, session["invigilator_password"])
    assert room.post("/auth/logout").status_code == 204
    problem_of(room.get("/invigilation/session"), 401)


def test_deleting_a_session_voids_its_candidates_tokens(http: TestClient, admin: ApiClient) -> None:
    _, _, right = join_door(http, admin)
    joined = http.post("/api/v1/join", json=right)
    assert joined.status_code == 200, joined.text
    pupil = ApiClient(http, joined.json()["access_token"])
    assert admin.delete(f"/sessions/{joined.json()['session_id']}").status_code == 204
    problem_of(pupil.post("/test/help"), 401)
