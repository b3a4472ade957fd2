"""Browser tests: Playwright drives the system's Chromium against the real
service, served on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from tests.browser.server import LiveServer, serving
from tests.conftest import FakeClock, settings_for

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NewPage = Callable[[tuple[int, int]], Page]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium: Playwright may not download a browser here. Missing, it
    fails the tests: it is part of the test tools, as PostgreSQL is."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(f"Chromium is missing at {executable}: run scripts/ensure-chromium")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
    except PlaywrightError as exc:
        playwright.stop()
        pytest.fail(f"Chromium at {executable} did not start ({exc}): run scripts/ensure-chromium")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """The stores a deployed service runs on; the in-memory one serves no browser."""
    backend: str = request.param
    return settings_for(backend, tmp_path, request)


@pytest.fixture
def live_server(settings: Settings, clock: FakeClock, hasher: Argon2Hasher) -> Iterator[LiveServer]:
    """The service on a free loopback port, on the test clock (pages show its times)."""

    def build(chosen: Settings) -> CertificationApp:
        return build_application(chosen, hasher=hasher, clock=clock)

    quick = settings.model_copy(update={"read_wait_seconds": 1.0})
    with serving(create_app(quick, build), clock, settings.backend) as server:
        yield server


@pytest.fixture
def new_page(chromium: Browser) -> Iterator[NewPage]:
    """A page in a fresh context (no cookies, no storage), as a French user sees it."""
    contexts: list[BrowserContext] = []

    def opened(viewport: tuple[int, int]) -> Page:
        width, height = viewport
        context = chromium.new_context(
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": width, "height": height},
        )
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()
