"""The real FastAPI application, on each backend, with the test clock and hasher."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.values import CentreType, Role
from tests.conftest import FakeClock
from tests.e2e.client import ApiClient


@pytest.fixture
def http(settings: Settings, clock: FakeClock, hasher: Argon2Hasher) -> Iterator[TestClient]:
    def build(chosen: Settings) -> CertificationApp:
        return build_application(chosen, hasher=hasher, clock=clock)

    quick = settings.model_copy(update={"read_wait_seconds": 1.0})
    with TestClient(create_app(quick, build), raise_server_exceptions=False) as client:
        yield client


def centre_with_admin(http: TestClient, code: str, email: str) -> str:
    """What `certif create-centre` does, straight on the application."""
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    admin = app.open_account(
        SYSTEM_ACTOR, email, "Claire Rousseau", "sable-quartz-17", Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège Jean Moulin", CentreType.SCO, code, admin.id
    )
    return str(centre.id)


@pytest.fixture
def admin(http: TestClient) -> ApiClient:
    centre_with_admin(http, "0691234S", "admin@college.fr")
    return ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
