"""schemathesis against the service's own OpenAPI document: every operation, with
real ids and the tokens of each role, answers no 5xx and nothing undocumented
(status, content type or body against its schema).

The number of examples per operation is bounded so that the run stays short;
the figures are printed (``pytest -s``) for the record.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.e2e.client import ApiClient
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_eligibility_http import operator
from tests.e2e.test_session_day_http import PUPILS, invigilator, join, prepared

EXAMPLES_PER_OPERATION = 10
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


class World:
    """A centre with a started session, and a token for each kind of caller."""

    def __init__(self, http: TestClient) -> None:
        centre_with_admin(http, "0691234S", "admin@college.fr")
        admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
        session, ids = prepared(admin)
        sid = session["id"]
        admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali", "Mme Lemoine"]})
        room = invigilator(http, session)
        assert room.post("/invigilation/start").status_code == 200
        pupil = join(http, session["access_code"], *PUPILS[0])
        self.tokens = {
            "admin": admin.token,
            "operator": operator(http).token,
            "invigilator": room.token,
            "candidate": pupil.token,
        }
        self.ids = {
            "centre_id": session["centre_id"],
            "session_id": sid,
            "candidate_id": ids["Élève01"],
            "file_format": "csv",
        }

    def token_for(self, path: str, choice: int) -> str | None:
        if path.startswith("/api/v1/invigilation/"):
            return self.tokens["invigilator"]
        if path.startswith("/api/v1/test/"):
            return self.tokens["candidate"]
        return self.tokens["operator" if choice % 3 == 0 else "admin"]


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
def test_every_operation_answers_only_what_it_documents(http: TestClient) -> None:
    world = World(http)
    schema = schemathesis.openapi.from_dict(http.get("/openapi.json").json())
    tally: dict[str, int] = {"requests": 0, "5xx": 0}
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    # deleting, then signing out (which revokes the tokens sent) come last, so
    # that the other operations meet a live session and valid tokens
    operations.sort(
        key=lambda op: (op.path == "/api/v1/auth/logout", op.method.upper() == "DELETE")
    )
    for operation in operations:
        fuzz_one(http, world, operation, tally, failures)
    print(f"schemathesis: {len(operations)} operations, {tally}")
    assert len(operations) > 50
    assert tally["5xx"] == 0
    assert failures == []


def fuzz_one(
    http: TestClient,
    world: World,
    operation: Any,
    tally: dict[str, int],
    failures: list[str],
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def one(case: Any) -> None:
        for name in list(case.path_parameters or {}):
            if name in world.ids:
                case.path_parameters[name] = world.ids[name]
        token = world.token_for(case.operation.path, tally["requests"])
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
        kwargs.pop("follow_redirects", None)
        if kwargs.get("files"):  # extra form fields come as numbers the client cannot send
            kwargs["files"] = [
                (k, (n, v if isinstance(v, str | bytes) else str(v)))
                for k, (n, v) in kwargs["files"]
            ]
        if not kwargs.get("cookies"):
            kwargs.pop("cookies", None)
        answer = http.request(**kwargs)
        tally["requests"] += 1
        tally[str(answer.status_code)] = tally.get(str(answer.status_code), 0) + 1
        if answer.status_code >= 500:
            tally["5xx"] += 1
        try:
            case.validate_response(answer, checks=CHECKS)
        except Exception as failure:  # a failed check: keep it, go on with the others
            failures.append(f"{case.method} {case.formatted_path}: {failure}"[:500])

    one()
