"""What a browser test does to a page: keep it on this host, check it with
axe-core, and keep a picture of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DESKTOP = (1280, 800)
TABLET = (768, 1024)
BLOCKING = ("serious", "critical")
LOCAL_HOSTS = ("127.0.0.1",)


def local_only(page: Page) -> list[str]:
    """Aborts every request to another host; returns the list of those refused,
    which the test can require to stay empty."""
    refused: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", guard)
    return refused


def check_accessibility(page: Page) -> None:
    """Runs axe-core on the page; fails on every serious or critical violation.

    The engine is evaluated through the browser's debugging protocol rather than
    added as a script element, so that the page's own Content-Security-Policy
    stays in force for the test and still does not block the check."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results: dict[str, Any] = page.evaluate("() => axe.run()")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail("accessibility violations:\n" + "\n".join(map(described, blocking)))


def described(violation: dict[str, Any]) -> str:
    targets = [node["target"] for node in violation["nodes"]]
    return f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """A PNG under build/screenshots/, for a person to look at: the whole page,
    or (full_page=False) what the window shows, as the documentation keeps it."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path
