"""A small client for the API, so that tests read like the README's tour."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response


class ApiClient:
    def __init__(self, http: TestClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def sign_in(self, email: str, password: str) -> ApiClient:
        answer = self.http.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        return ApiClient(self.http, answer.json()["access_token"])

    def headers(self, if_match: str | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if if_match is not None:
            headers["If-Match"] = if_match
        return headers

    def get(self, path: str) -> Response:
        return self.http.get(f"/api/v1{path}", headers=self.headers(None))

    def post(self, path: str, body: Any = None, if_match: str | None = None) -> Response:
        return self.http.post(f"/api/v1{path}", json=body, headers=self.headers(if_match))

    def patch(self, path: str, body: Any, if_match: str | None = None) -> Response:
        return self.http.patch(f"/api/v1{path}", json=body, headers=self.headers(if_match))

    def put(self, path: str, body: Any, if_match: str | None = None) -> Response:
        return self.http.put(f"/api/v1{path}", json=body, headers=self.headers(if_match))

    def delete(self, path: str, if_match: str | None = None) -> Response:
        return self.http.delete(f"/api/v1{path}", headers=self.headers(if_match))


def problem_of(answer: Response, status: int) -> dict[str, Any]:
    """The RFC 9457 body of an error answer, checked for its status and type."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:certif:problem:")
    return body
