"""Sessions taken through their day over the JSON API, for the pages after it."""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain import errors
from domain.competences import COMPETENCES
from domain.values import Role
from tests.conftest import FakeClock
from tests.e2e.client import ApiClient
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session
from tests.pages.client import PageClient

PUPILS = [
    ("Durand", "Léa", "2011-05-01"),
    ("Martin", "Hugo", "2011-06-02"),
    ("Petit", "Zoé", "2011-07-03"),
]
STAFF = {
    "reviewer": ("relecture@certif.fr", "Rémi Relecture", Role.REVIEWER),
    "operator": ("ops@certif.fr", "Olga Opératrice", Role.OPERATOR),
    "auditor": ("audit@certif.fr", "Aude Auditrice", Role.AUDITOR),
}
PASSWORD = "sable-quartz-17"
ANY_ERROR = re.compile(r'<p class="error" id="e-([a-z0-9_-]+)">([^<]+)</p>')


@dataclass
class Day:
    """A session of three pupils: Durand and Martin completed their test, Petit did not."""

    admin: ApiClient
    session: dict[str, Any]
    ids: dict[str, str]

    @property
    def id(self) -> str:
        return str(self.session["id"])

    @property
    def number(self) -> int:
        return int(self.session["number"])


def application(http: TestClient) -> CertificationApp:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    return app


def staff(http: TestClient, role: str) -> PageClient:
    """A browser signed in as one of the platform's roles (opened on first use)."""
    email, name, chosen = STAFF[role]
    app = application(http)
    with contextlib.suppress(errors.EmailTaken):  # opened by an earlier call
        app.open_account(SYSTEM_ACTOR, email, name, PASSWORD, chosen)
    return PageClient(http).sign_in(email, PASSWORD)


def profiles() -> str:
    header = "last_name;first_name;birthdate;campaign;captured_at;" + ";".join(COMPETENCES)
    rows = [
        ";".join([last, first, born, "Collecte 3e", "2026-10-01", *["9"] * 6, *["0"] * 10])
        for last, first, born in PUPILS
    ]
    return "\n".join([header, *rows])


def ok(answer: Response, status: int = 200) -> Response:
    assert answer.status_code == status, answer.text
    return answer


def a_day(
    http: TestClient, clock: FakeClock, code: str = "0691234S", email: str = "admin@college.fr"
) -> Day:
    """The session through its day: created, three pupils enrolled and certifiable,
    started, all three in the test; Durand and Martin complete it. An hour passes
    between the stages."""
    centre_with_admin(http, code, email)
    admin = ApiClient(http).sign_in(email, PASSWORD)
    session = new_session(admin)
    sid = session["id"]
    ids = {}
    clock.advance(hours=1)
    for n, (last, first, born) in enumerate(PUPILS):
        body = {
            "last_name": last,
            "first_name": first,
            "birthdate": born,
            "results_email": f"eleve{n}@famille.fr",
        }
        ids[last] = ok(admin.post(f"/sessions/{sid}/candidates", body), 201).json()["id"]
    headers = admin.headers(None) | {"Content-Type": "text/csv"}
    ok(
        http.post(
            f"/api/v1/centres/{session['centre_id']}/profiles/bulk",
            content=profiles().encode(),
            headers=headers,
        ),
        201,
    )
    ok(admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali"]}))
    clock.advance(hours=1)
    signed = ok(
        http.post(
            "/api/v1/invigilation/sign-in",
            json={"session_id": sid, "password": session["invigilator_password"]},
        )
    )
    room = ApiClient(http, signed.json()["access_token"])
    ok(room.post("/invigilation/start"))
    for last, first, born in PUPILS:
        body = {
            "access_code": session["access_code"],
            "last_name": last,
            "first_name": first,
            "birthdate": born,
            "pupil_account": f"ent-{last}",
        }
        pupil = ApiClient(http, ok(http.post("/api/v1/join", json=body)).json()["access_token"])
        ok(room.post(f"/invigilation/candidates/{ids[last]}/presence"))
        ok(pupil.post("/test/start"))
        if last != "Petit":
            ok(pupil.post("/test/complete"))
    clock.advance(hours=1)
    return Day(admin, session, ids)


def finalised(http: TestClient, day: Day, comment: str = "") -> None:
    """Finalised over the API: Petit stopped for a technical problem."""
    body = {
        "comment": comment,
        "had_incident": False,
        "joining_issues": False,
        "candidates": [{"candidate_id": day.ids["Petit"], "abort_reason": "technical"}],
    }
    ok(day.admin.post(f"/sessions/{day.id}/finalisation", body))


def errors_of(answer: Response) -> dict[str, str]:
    """The errors beside fields, whatever their names (ids and hyphens too)."""
    return {name: html.unescape(text) for name, text in ANY_ERROR.findall(answer.text)}


def browser_of(http: TestClient, email: str = "admin@college.fr") -> PageClient:
    return PageClient(http).sign_in(email, PASSWORD)


def position(http: TestClient) -> int:
    return application(http).position()
