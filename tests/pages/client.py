"""A browser-like client of the pages: its own cookies, the CSRF token sent back."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response

from adapters.web.cookies import CSRF_COOKIE, CSRF_FIELD

ERROR_BESIDE = re.compile(r'<p class="error" id="e-([a-z_]+)">([^<]+)</p>')


class PageClient:
    """One browser: cookies of its own on the application under test."""

    def __init__(self, http: TestClient) -> None:
        self.http = TestClient(http.app, follow_redirects=False)

    def get(self, path: str, **params: Any) -> Response:
        return self.http.get(path, params=params or None)

    def csrf(self) -> str:
        if CSRF_COOKIE not in self.http.cookies:
            self.http.get("/connexion")
        return str(self.http.cookies[CSRF_COOKIE])

    def post(self, path: str, data: dict[str, Any] | None = None) -> Response:
        return self.http.post(path, data={CSRF_FIELD: self.csrf(), **(data or {})})

    def sign_in(self, email: str, password: str) -> PageClient:
        answer = self.post("/connexion", {"email": email, "password": password})
        assert answer.status_code == 303, answer.text
        return self


def errors_beside_fields(answer: Response) -> dict[str, str]:
    """The French messages a page shows beside its fields, by field name."""
    return {name: html.unescape(text) for name, text in ERROR_BESIDE.findall(answer.text)}
