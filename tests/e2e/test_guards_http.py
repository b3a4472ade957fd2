"""Guards of every request: bounded bodies, security headers, owner-only files."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi.testclient import TestClient

from adapters.persistence.settings import Settings
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import new_session


def test_a_body_over_the_limit_is_refused_before_it_is_read(admin: ApiClient) -> None:
    path = f"/api/v1/sessions/{new_session(admin)['id']}/candidates"
    headers = admin.headers(None) | {"Content-Type": "application/json"}
    huge = b'{"last_name": "' + b"a" * 1_200_000 + b'"}'
    body = problem_of(admin.http.post(path, content=huge, headers=headers), 413)
    assert body["rule"] == "request-too-large"

    def chunks() -> object:
        for _ in range(30):
            yield b" " * 50_000

    streamed = admin.http.post(path, content=chunks(), headers=headers)  # no Content-Length
    assert problem_of(streamed, 413)["limit"] == 1_000_000


def test_every_answer_carries_the_security_headers(http: TestClient, admin: ApiClient) -> None:
    for answer in [
        admin.get("/me"),
        http.get("/api/v1/me"),
        http.get("/openapi.json"),
        http.get("/api/v1/nowhere"),
    ]:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-store"


def test_the_store_and_the_secret_key_are_created_owner_only(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}", data_dir=tmp_path)
    settings.event_store_env()
    secret = settings.token_secret()
    assert secret == settings.token_secret()
    for name in ("new.sqlite3", "secret.key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_an_unexpected_error_carries_the_security_headers_too(http: TestClient) -> None:
    def broken() -> None:
        raise RuntimeError("a defect")

    http.app.add_api_route("/api/v1/broken", broken)  # type: ignore[attr-defined]
    answer = http.get("/api/v1/broken")
    assert answer.status_code == 500
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers.get_list("content-security-policy") == [
        answer.headers["content-security-policy"]
    ]
