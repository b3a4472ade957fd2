"""Centres, administrators and sessions for the administrator's page tests."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.values import CentreType, Role
from tests.pages.client import PageClient

PASSWORD = "sable-quartz-17"
INDEXED_ERROR = re.compile(r'<p class="error" id="e-([a-z_0-9]+)">([^<]+)</p>')
SESSION = {
    "site": "Bâtiment A",
    "room": "Salle 12",
    "examiner": "M. Durand",
    "date": "2026-12-10",
    "start_time": "09:00",
    "observations": "",
}


def app_of(http: TestClient) -> CertificationApp:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    return app


def centre(
    http: TestClient,
    code: str,
    email: str,
    zone: str = "Europe/Paris",
    kind: CentreType = CentreType.SCO,
    name: str = "Collège Jean Moulin",
) -> str:
    """A centre with its administrator, as `certif create-centre` makes them."""
    app = app_of(http)
    admin = app.open_account(SYSTEM_ACTOR, email, "Claire Rousseau", PASSWORD, Role.ADMINISTRATOR)
    made = app.register_centre(SYSTEM_ACTOR, name, kind, code, admin.id, timezone=zone)
    return str(made.id)


def account(http: TestClient, email: str, role: Role) -> PageClient:
    app_of(http).open_account(SYSTEM_ACTOR, email, "Paul Martin", PASSWORD, role)
    return PageClient(http).sign_in(email, PASSWORD)


def admin_browser(http: TestClient, email: str = "admin@college.fr") -> PageClient:
    return PageClient(http).sign_in(email, PASSWORD)


def new_session(browser: PageClient, centre_id: str, **changes: Any) -> tuple[str, str]:
    """Creates a session through its page: its number and the password shown once."""
    answer = browser.post(f"/centres/{centre_id}/sessions/nouvelle", SESSION | changes)
    assert answer.status_code == 200, answer.text
    number = re.search(r'href="/sessions/(\d+)"', answer.text)
    password = re.search(r'<p class="secret" id="secret">([A-Z0-9]+)</p>', answer.text)
    assert number
    assert password, answer.text
    return number.group(1), password.group(1)


def errors_beside(answer: Any) -> dict[str, str]:
    return {name: html.unescape(text) for name, text in INDEXED_ERROR.findall(answer.text)}
