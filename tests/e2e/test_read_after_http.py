"""?after=: the path and the rights are checked first; a position past the log's head
is refused at once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session

FAR = 10**9


def test_a_position_past_the_head_is_refused_after_the_path_and_the_rights(
    http: TestClient, admin: ApiClient
) -> None:
    session = new_session(admin)["id"]
    past = problem_of(admin.get(f"/sessions/{session}/eligibility?after={FAR}"), 422)
    assert past["field"] == "after"
    centre_with_admin(http, "0750002V", "other@lycee.fr")
    other = ApiClient(http).sign_in("other@lycee.fr", "sable-quartz-17")
    problem_of(other.get(f"/sessions/{session}/eligibility?after={FAR}"), 404)
    problem_of(admin.get(f"/sessions/not-an-id/eligibility?after={FAR}"), 422)
    nobody = ApiClient(http)
    problem_of(nobody.get(f"/sessions/{session}/eligibility?after={FAR}"), 401)


def test_a_position_reached_answers_at_once(admin: ApiClient) -> None:
    created = admin.post(
        f"/centres/{admin.get('/me').json()['centre_ids'][0]}/sessions",
        {
            "site": "B",
            "room": "1",
            "examiner": "X",
            "date": "2027-03-15",
            "start_time": "09:00",
        },
    )
    position = created.headers["Certif-Position"]
    answer = admin.get(f"/sessions/{created.json()['id']}/readiness?after={position}")
    assert answer.status_code == 200, answer.text
