"""No input, however malformed, makes the API answer 500."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from tests.e2e.client import ApiClient
from tests.e2e.conftest import centre_with_admin

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    [
        "site",
        "room",
        "examiner",
        "date",
        "start_time",
        "observations",
        "last_name",
        "first_name",
        "birthdate",
        "extra_time",
        "sex",
        "billing_mode",
        "birth_country",
        "birth_insee_code",
        "email",
        "password",
        "windows",
        "results_email",
        "name",
        "type",
        "national_code",
    ]
)
BODIES = JSON | st.dictionaries(FIELDS, JSON, max_size=8)
HEADERS = st.sampled_from([None, '"1"', 'W/"2"', "*", "x", '"99999999999"', "\u00e9"])


class World:
    """One application for all examples, with a centre, a session and a candidate."""

    def __init__(self, http: TestClient) -> None:
        self.http = http
        centre = centre_with_admin(http, "0691234S", "admin@college.fr")
        self.admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
        body = {
            "site": "B",
            "room": "101",
            "examiner": "X",
            "date": str(date.today() + timedelta(days=30)),
            "start_time": "09:00",
        }
        session = self.admin.post(f"/centres/{centre}/sessions", body).json()["id"]
        candidate = self.admin.post(
            f"/sessions/{session}/candidates",
            {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"},
        ).json()["id"]
        roster = (
            "Identifiant unique*;Premier prénom*;Nom de famille*;"
            "Date de naissance (jj/mm/aaaa)*;Division*\r\n0123456789A;Noé;Petit;02/03/2011;3A\r\n"
        ).encode()
        files = {"file": ("eleves.csv", roster)}
        path = f"/api/v1/centres/{centre}/roster"
        assert http.post(path, files=files, headers=self.admin.headers(None)).status_code == 200
        pupil = self.admin.get(f"/centres/{centre}/pupils").json()[0]["id"]
        self.ids = {
            "centre_id": centre,
            "session_id": session,
            "candidate_id": candidate,
            "pupil_id": pupil,
            "file_format": "ods",
        }
        spec = http.get("/openapi.json").json()
        self.operations = [
            (method.upper(), path) for path, item in spec["paths"].items() for method in item
        ]

    def url(self, path: str, garble: bool) -> str:
        def fill(match: re.Match[str]) -> str:
            return "not-an-id" if garble else self.ids[match.group(1)]

        return re.sub(r"\{(\w+)\}", fill, path)


def test_fuzzed_requests_never_crash_the_service(tmp_path: Path, hasher: Argon2Hasher) -> None:
    chosen = Settings(database_url="memory://", data_dir=tmp_path)

    def build(s: Settings) -> CertificationApp:
        return build_application(s, hasher=hasher)

    with TestClient(create_app(chosen, build), raise_server_exceptions=False) as http:
        world = World(http)
        run_fuzz(world)


def run_fuzz(world: World) -> None:
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        operation=st.sampled_from(world.operations),
        body=BODIES,
        if_match=HEADERS,
        garble=st.booleans(),
        query=st.dictionaries(st.sampled_from(["page", "page_size"]), st.text(max_size=6)),
    )
    def one_request(
        operation: tuple[str, str],
        body: Any,
        if_match: str | None,
        garble: bool,
        query: dict[str, str],
    ) -> None:
        method, path = operation
        headers = world.admin.headers(if_match if if_match is None or if_match.isascii() else None)
        headers["Content-Type"] = "application/json"
        answer = world.http.request(
            method, world.url(path, garble), content=json.dumps(body), headers=headers, params=query
        )
        assert answer.status_code < 500, (method, path, body, answer.text)

    one_request()
