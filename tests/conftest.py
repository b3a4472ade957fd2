"""Shared fixtures: a controllable clock, a cheap real hasher, and the three
event stores (in memory, SQLite, PostgreSQL) that the contract suite runs on."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp

POSTGRES_URL = os.environ.get(
    "CERTIF_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["memory", "sqlite", "postgres"]


class FakeClock:
    """A clock the test moves by hand; the application reads it as its only time."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def hasher() -> Argon2Hasher:
    return Argon2Hasher(time_cost=1, memory_cost=64)


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh schema, dropped afterwards. An unreachable server fails the test."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    try:
        connection = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required by the test suite and is unreachable: {exc}")
    with connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
        try:
            yield name
        finally:
            connection.execute(f'DROP SCHEMA "{name}" CASCADE')


def settings_for(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "memory":
        return Settings(database_url="memory://", data_dir=tmp_path)
    if backend == "sqlite":
        return Settings(database_url=f"sqlite:///{tmp_path / 'events.sqlite3'}", data_dir=tmp_path)
    schema = request.getfixturevalue("postgres_schema")
    return Settings(database_url=POSTGRES_URL, postgres_schema=schema, data_dir=tmp_path)


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    backend: str = request.param
    return settings_for(backend, tmp_path, request)


@pytest.fixture
def make_app(
    settings: Settings, clock: FakeClock, hasher: Argon2Hasher
) -> Iterator[Callable[[], CertificationApp]]:
    """Opens applications on the backend under test (each one a separate 'process')."""
    opened: list[CertificationApp] = []

    def factory() -> CertificationApp:
        app = build_application(settings, hasher=hasher, clock=clock)
        opened.append(app)
        return app

    yield factory
    for app in opened:
        app.close()


@pytest.fixture
def app(make_app: Callable[[], CertificationApp]) -> CertificationApp:
    return make_app()
