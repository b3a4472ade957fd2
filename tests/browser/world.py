"""One world with data in every state, for walking every page in a browser:
set up through the application and its JSON API (the helpers of the pages'
own tests), on the served application itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.browser.server import LiveServer
from tests.e2e.client import ApiClient
from tests.e2e.test_http_tour import new_session
from tests.imports.files import a_pupil, eleve_fields, siecle_xml_of
from tests.pages import after_world
from tests.pages.after_world import a_day, finalised, ok, staff
from tests.pages.day_world import Day, prepared_day

PASSWORD = "sable-quartz-17"
ROSTER = [
    a_pupil(1, last_name="DURAND", first_name="Léa"),
    a_pupil(2, last_name="ÇELIK", first_name="Ayşe", usage_name="BERNARD"),
    a_pupil(3, last_name="MARTIN", first_name="Hugo", division="3B"),
    a_pupil(4, last_name="PETIT", first_name="Noé", division="3B"),
    a_pupil(5, last_name="ROUX", first_name="Inès", division="3B"),
]


@dataclass
class World:
    """Collège Jean Moulin (admin@college.fr): a started session with alerts and a
    session still being prepared, into which a pupil of its roster is enrolled
    (a pupil of that roster has left); three other centres' sessions after
    their day: finalised, in review, published with a candidate's data erased."""

    http: TestClient
    day: Day
    prepared: dict[str, Any]
    prepared_candidate: str
    finalised: after_world.Day
    in_review: after_world.Day
    published: after_world.Day
    published_at: datetime
    pupil: str  # Durand, of the roster, enrolled into the prepared session

    @property
    def centre_id(self) -> str:
        return str(self.day.session["centre_id"])

    @property
    def number(self) -> int:
        return self.day.number


def built(live: LiveServer) -> World:
    """Through a client of the very application the browser reaches (no second
    lifespan: the same stores, read models and clock)."""
    http = TestClient(live.api, follow_redirects=False)
    day = prepared_day(http)  # started; Ménard is not certifiable
    prepared = new_session(day.admin, room="Salle 14", start_time="14:00")
    added = day.admin.post(
        f"/sessions/{prepared['id']}/candidates",
        {"last_name": "Petit", "first_name": "Zoé", "birthdate": "2011-07-03"},
    )
    candidate = str(ok(added, 201).json()["id"])
    pupil = with_a_roster(http, day.admin, str(day.session["centre_id"]), str(prepared["id"]))

    ready = a_day(http, live.clock, "0693456G", "admin@lycee.fr")
    finalised(http, ready)
    reviewed = a_day(http, live.clock, "0750009C", "admin@paris.fr")
    finalised(http, reviewed, comment="Coupure de courant à 10 h")
    done = a_day(http, live.clock, "0750002V", "admin@lyon.fr")
    finalised(http, done)
    ok(staff(http, "operator").post(f"/examen/sessions/{done.id}/publication"), 303)
    published_at = live.clock.current
    erasure = {"reason": "Demande de la famille"}
    ok(done.admin.post(f"/sessions/{done.id}/candidates/{done.ids['Durand']}/erasure", erasure))
    staff(http, "reviewer")
    staff(http, "auditor")
    return World(http, day, prepared, candidate, ready, reviewed, done, published_at, pupil)


def with_a_roster(http: TestClient, admin: ApiClient, centre_id: str, session_id: str) -> str:
    """The collège's roster imported twice (Roux has left since the first); Durand
    enrolled from it into the prepared session. Durand's id."""
    for pupils in (ROSTER, ROSTER[:-1]):
        content = siecle_xml_of([eleve_fields(p) for p in pupils], school="0691234S")
        files = {"file": ("ElevesSansAdresses.xml", content)}
        path = f"/api/v1/centres/{centre_id}/roster"
        ok(http.post(path, files=files, headers=admin.headers(None)))
    listed = ok(admin.get(f"/centres/{centre_id}/pupils")).json()
    durand = next(p["id"] for p in listed if p["last_name"] == "DURAND")
    ok(admin.post(f"/sessions/{session_id}/enrolments", {"pupil_ids": [durand]}))
    return str(durand)


def not_certifiable_joins(world: World) -> None:
    """Ménard joins (through the API, as from her own computer): her alert, that she
    is not certifiable, stands in the invigilator's list."""
    body = {
        "access_code": world.day.code,
        "last_name": "Ménard",
        "first_name": "Zoé",
        "birthdate": "2011-08-04",
        "pupil_account": "ent-menard",
    }
    joined = ok(world.http.post("/api/v1/join", json=body)).json()
    assert joined["certifiable"] is False
