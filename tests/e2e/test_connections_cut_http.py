"""PostgreSQL connections cut while commands run: 503s, then recovery, nothing lost.

Every connection of the service under test carries an application name of its
own, so that only they are terminated, never another test's or anyone else's.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from tests.conftest import POSTGRES_URL, FakeClock, settings_for
from tests.e2e.client import ApiClient
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session

COMMANDS = 40
CUTS = 3


def cut(application_name: str) -> int:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (application_name,),
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
@contextmanager
def live_admin(
    settings: Settings, clock: FakeClock, hasher: Argon2Hasher
) -> Iterator[tuple[TestClient, ApiClient]]:
    """The service on the test's store, and a signed-in administrator of a centre."""

    def build(chosen: object) -> CertificationApp:
        return build_application(settings, hasher=hasher, clock=clock)

    with TestClient(create_app(settings, build), raise_server_exceptions=False) as http:
        centre_with_admin(http, "0691234S", "admin@college.fr")
        yield http, ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")


def test_cut_connections_answer_503_and_lose_nothing_acknowledged(
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    settings = settings_for("postgres", tmp_path, request)  # its own connection first
    name = f"certif-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("PGAPPNAME", name)  # its connections carry the name: only they are cut
    with live_admin(settings, clock, hasher) as (http, admin):
        path = f"/sessions/{new_session(admin)['id']}/candidates"
        stop = threading.Event()
        cuts: list[int] = []

        def cutter() -> None:
            for _ in range(CUTS):
                if stop.wait(0.3):
                    return
                cuts.append(cut(name))

        thread = threading.Thread(target=cutter)
        thread.start()
        statuses: list[int] = []
        acknowledged: list[str] = []
        try:
            for number in range(COMMANDS):
                body = {"last_name": f"Nom{number}", "first_name": "A", "birthdate": "2011-05-01"}
                headers = admin.headers(None) | {"Idempotency-Key": f"add-{number}"}
                for _ in range(20):
                    answer = http.post(f"/api/v1{path}", json=body, headers=headers)
                    statuses.append(answer.status_code)
                    if answer.status_code != 503:
                        break
                if answer.status_code == 201:
                    acknowledged.append(body["last_name"])
        finally:
            stop.set()
            thread.join()
        assert sum(cuts) > 0
        assert set(statuses) <= {201, 409, 503}, statuses
        assert statuses[-1] == 201  # recovered without a restart
        stored = [c["last_name"] for c in admin.get(path).json()]
        assert len(stored) == len(set(stored))
        assert set(acknowledged) <= set(stored)
        print(
            f"connections cut: {sum(cuts)}; answers: {len(statuses)}, "
            f"503: {statuses.count(503)}; acknowledged {len(acknowledged)}, "
            f"lost {len(set(acknowledged) - set(stored))}"
        )


@pytest.mark.postgres
def test_a_command_whose_connection_is_cut_midway_answers_503_and_can_be_retried(
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    """The events table of the test's own schema is locked, so that the command
    waits inside its transaction; then its connections are terminated, again and
    again, until the store's own retries give up."""
    settings = settings_for("postgres", tmp_path, request).model_copy(
        update={"postgres_connect_timeout": 1}
    )
    name = f"certif-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("PGAPPNAME", name)  # its connections carry the name: only they are cut
    with live_admin(settings, clock, hasher) as (http, admin):
        path = f"/api/v1/sessions/{new_session(admin)['id']}/candidates"
        body = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}
        headers = admin.headers(None) | {"Idempotency-Key": "cut-midway"}
        answers: list[Response] = []
        with psycopg.connect(POSTGRES_URL, application_name="locker") as locker:
            locker.execute(
                f'LOCK TABLE "{settings.postgres_schema}".certif_events IN EXCLUSIVE MODE'
            )
            command = threading.Thread(
                target=lambda: answers.append(http.post(path, json=body, headers=headers))
            )
            command.start()
            wait_until_waiting_for_the_lock(name)
            deadline = time.monotonic() + 30
            while command.is_alive() and time.monotonic() < deadline:
                cut(name)  # the store's own retries reconnect: cut them all
                time.sleep(0.05)
            command.join(timeout=5)
            locker.rollback()
        cut_short = answers[0]
        assert cut_short.status_code == 503, cut_short.text
        assert cut_short.headers["Retry-After"] == "1"
        assert cut_short.json()["rule"] == "store-unavailable"
        for _ in range(40):  # as a client that honours Retry-After
            retried = http.post(path, json=body, headers=headers)
            if retried.status_code not in (409, 503) or retried.json()["rule"] not in (
                "store-unavailable",
                "idempotency-key-in-progress",
            ):
                break
            time.sleep(0.5)
        assert retried.status_code == 201, retried.text
        assert len(admin.get(path.removeprefix("/api/v1")).json()) == 1


def wait_until_waiting_for_the_lock(application_name: str) -> None:
    deadline = time.monotonic() + 20
    with psycopg.connect(POSTGRES_URL, autocommit=True, application_name="watcher") as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = %s AND wait_event_type = 'Lock'",
                (application_name,),
            ).fetchone()
            if waiting and waiting[0] > 0:
                return
            time.sleep(0.02)
    pytest.fail("the command never waited for the lock")
