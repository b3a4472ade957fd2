"""Idempotency-Key: a retried POST answers as the first did and records nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx2 import Response

from application.app import CertificationApp
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session

PUPIL = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}


def keyed(admin: ApiClient, path: str, body: object, key: str) -> Response:
    headers = admin.headers(None) | {"Idempotency-Key": key}
    return admin.http.post(f"/api/v1{path}", json=body, headers=headers)


def log_head(http: TestClient) -> int:
    app: CertificationApp = http.app.state.certification
    return app.position()


def test_a_retried_enrolment_answers_the_first_answer_and_records_nothing(
    http: TestClient, admin: ApiClient
) -> None:
    path = f"/sessions/{new_session(admin)['id']}/candidates"
    first = keyed(admin, path, PUPIL, "enrol-durand-1")
    assert first.status_code == 201, first.text
    head = log_head(http)
    again = keyed(admin, path, PUPIL, "enrol-durand-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    for name in ("etag", "certif-position", "location"):
        assert again.headers[name] == first.headers[name]
    assert again.headers["idempotent-replayed"] == "true"
    assert log_head(http) == head
    assert len(admin.get(path).json()) == 1
    without_key = admin.post(path, PUPIL)
    assert problem_of(without_key, 409)["rule"] == "duplicate-candidate"


def test_the_same_key_with_another_body_is_refused(admin: ApiClient) -> None:
    path = f"/sessions/{new_session(admin)['id']}/candidates"
    assert keyed(admin, path, PUPIL, "k-1").status_code == 201
    other = keyed(admin, path, PUPIL | {"first_name": "Zoé"}, "k-1")
    assert problem_of(other, 422)["rule"] == "idempotency-key-reused"
    assert len(admin.get(path).json()) == 1


def test_keys_of_two_callers_never_meet(http: TestClient, admin: ApiClient) -> None:
    centre_with_admin(http, "0750002V", "other@lycee.fr")
    other = ApiClient(http).sign_in("other@lycee.fr", "sable-quartz-17")
    mine = f"/sessions/{new_session(admin)['id']}/candidates"
    theirs = f"/sessions/{new_session(other)['id']}/candidates"
    assert keyed(admin, mine, PUPIL, "shared").status_code == 201
    answer = keyed(other, theirs, PUPIL, "shared")
    assert answer.status_code == 201
    assert "idempotent-replayed" not in answer.headers


def test_a_refused_request_is_not_kept_and_a_bad_key_is_refused(admin: ApiClient) -> None:
    path = f"/sessions/{new_session(admin)['id']}/candidates"
    refused = keyed(admin, path, PUPIL | {"birthdate": "1800-01-01"}, "k-2")
    assert refused.status_code == 422
    assert keyed(admin, path, PUPIL, "k-2").status_code == 201
    bad = keyed(admin, path, PUPIL, "has space")
    assert problem_of(bad, 422)["rule"] == "invalid-idempotency-key"
