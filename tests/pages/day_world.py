"""A session ready for its day, set up through the API: a centre (on the clock
of its choice), candidates with their profiles, an invigilator named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.competences import COMPETENCES
from domain.values import CentreType, Role
from tests.e2e.client import ApiClient
from tests.e2e.test_http_tour import new_session
from tests.pages.client import PageClient

PUPILS = [
    ("Martin", "José", "2011-05-01", True),
    ("Dupont", "Léa", "2011-06-02", True),
    ("Zola", "Émile", "2011-07-03", True),
    ("Ménard", "Zoé", "2011-08-04", False),
]


@dataclass
class Day:
    http: TestClient
    admin: ApiClient
    session: dict[str, Any]
    ids: dict[str, str]

    @property
    def number(self) -> int:
        return int(self.session["number"])

    @property
    def code(self) -> str:
        return str(self.session["access_code"])

    def position(self) -> int:
        """The store's position now: a read after it sees everything done so far."""
        app: CertificationApp = self.http.app.state.certification  # type: ignore[attr-defined]
        return app.position()

    def room_view(self) -> dict[str, Any]:
        """The workspace's view, as the JSON API answers it."""
        answer = self.api_room().get(f"/invigilation/session?after={self.position()}")
        assert answer.status_code == 200, answer.text
        view: dict[str, Any] = answer.json()
        return view

    def room(self) -> PageClient:
        """An invigilator's tablet with the workspace open."""
        browser = PageClient(self.http)
        answer = browser.post(
            "/surveillance",
            {"session_number": self.number, "password": self.session["invigilator_password"]},
        )
        assert answer.status_code == 303, answer.text
        return browser

    def api_room(self) -> ApiClient:
        body = {"session_id": self.session["id"], "password": self.session["invigilator_password"]}
        answer = self.http.post("/api/v1/invigilation/sign-in", json=body)
        assert answer.status_code == 200, answer.text
        return ApiClient(self.http, answer.json()["access_token"])

    def pupil(self, last: str) -> PageClient:
        """A pupil's computer, joined as this candidate."""
        first, born = next((f, b) for n, f, b, _ in PUPILS if n == last)
        browser = PageClient(self.http)
        answer = browser.post("/epreuve", join_form(self.code, last, first, born))
        assert answer.status_code == 303, answer.text
        return browser


def join_form(code: str, last: str, first: str, born: str, account: str = "") -> dict[str, str]:
    year, month, day = born.split("-")
    return {
        "access_code": code,
        "last_name": last,
        "first_name": first,
        "birth_day": day,
        "birth_month": month,
        "birth_year": year,
        "pupil_account": account or f"ent-{last.lower()}",
    }


def csv_profiles(centre_id: str, admin: ApiClient) -> None:
    header = "last_name;first_name;birthdate;campaign;captured_at;" + ";".join(COMPETENCES)
    rows = [
        ";".join(
            [last, first, born, "Collecte 3e", "2026-10-01", *[("9" if ok else "0")] * 6]
            + ["0"] * 10
        )
        for last, first, born, ok in PUPILS
    ]
    headers = admin.headers(None) | {"Content-Type": "text/csv"}
    stored = admin.http.post(
        f"/api/v1/centres/{centre_id}/profiles/bulk",
        content="\n".join([header, *rows]).encode(),
        headers=headers,
    )
    assert stored.status_code == 201, stored.text


def prepared_day(http: TestClient, timezone: str = "Europe/Paris", started: bool = True) -> Day:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    account = app.open_account(
        SYSTEM_ACTOR, "admin@college.fr", "Claire Rousseau", "sable-quartz-17", Role.ADMINISTRATOR
    )
    app.register_centre(
        SYSTEM_ACTOR,
        "Collège Jean Moulin",
        CentreType.SCO,
        "0691234S",
        account.id,
        timezone=timezone,
    )
    admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    session = new_session(admin)
    ids = {}
    for last, first, born, _ in PUPILS:
        body = {"last_name": last, "first_name": first, "birthdate": born}
        ids[last] = admin.post(f"/sessions/{session['id']}/candidates", body).json()["id"]
    csv_profiles(session["centre_id"], admin)
    named = admin.put(f"/sessions/{session['id']}/invigilators", {"names": ["M. Benali"]})
    assert named.status_code == 200, named.text
    day = Day(http, admin, session, ids)
    if started:
        assert day.api_room().post("/invigilation/start").status_code == 200
    return day
