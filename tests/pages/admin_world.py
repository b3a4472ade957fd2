"""Centres, administrators and sessions for the administrator's page tests."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.values import CentreType, Role
from tests.e2e.client import ApiClient
from tests.e2e.test_session_day_http import PUPILS, csv_profiles, join
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


def a_candidate_starts(http: TestClient, number: str, password: str) -> str:
    """A certifiable pupil joins the session and starts the test, as on the day
    (through the API): the session can no longer be deleted, nor the pupil removed."""
    admin = ApiClient(http).sign_in("admin@college.fr", PASSWORD)
    last, first, born = PUPILS[0]
    body = {"last_name": last, "first_name": first, "birthdate": born}
    added = admin.post(f"/sessions/{number}/candidates", body)
    assert added.status_code == 201, added.text
    session = admin.get(f"/sessions/{number}").json()
    headers = admin.headers(None) | {"Content-Type": "text/csv"}
    stored = http.post(
        f"/api/v1/centres/{session['centre_id']}/profiles/bulk",
        content=csv_profiles().encode(),
        headers=headers,
    )
    assert stored.status_code == 201, stored.text
    admin.put(f"/sessions/{number}/invigilators", {"names": ["Mme Leroy"]})
    sign_in = {"session_number": int(number), "password": password}
    token = http.post("/api/v1/invigilation/sign-in", json=sign_in).json()["access_token"]
    room = ApiClient(http, token)
    assert room.post("/invigilation/start").status_code == 200
    pupil = join(http, session["access_code"], last, first, born)
    room.post(f"/invigilation/candidates/{added.json()['id']}/presence")
    assert pupil.post("/test/start").status_code == 200
    return str(added.json()["id"])
