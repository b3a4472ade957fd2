"""The API page renders in a browser that reaches no other host, and the
accessibility check fails on a page that has faults."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import DESKTOP, TABLET, check_accessibility, local_only, screenshot
from tests.browser.server import LiveServer

BAD_PAGE = '<html lang="fr"><title>Faute</title><img src="x.png"><button></button></html>'
GOOD_PAGE = (
    '<html lang="fr"><head><title>Sessions</title></head><body><main>'
    '<h1>Sessions</h1><button type="button">Créer une session</button></main></body></html>'
)


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("tablet", TABLET)])
def test_the_api_page_renders_its_operations_offline(
    live_server: LiveServer, new_page: NewPage, size: str, viewport: tuple[int, int]
) -> None:
    page = new_page(viewport)
    refused = local_only(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.base_url}/docs")
    token = page.locator(".opblock-post", has_text="/api/v1/auth/token")
    expect(token).to_be_visible()
    expect(token.locator(".opblock-summary-method")).to_have_text("POST")
    assert page.locator(".opblock").count() > 50
    screenshot(page, f"docs-{size}-{live_server.backend}")
    assert refused == []
    assert errors == []


def test_the_accessibility_check_fails_on_a_page_with_faults(new_page: NewPage) -> None:
    page = new_page(DESKTOP)
    page.set_content(BAD_PAGE)
    with pytest.raises(pytest.fail.Exception) as failed:
        check_accessibility(page)
    assert "image-alt" in str(failed.value)
    assert "button-name" in str(failed.value)
    assert "'img'" in str(failed.value)


def test_the_accessibility_check_runs_under_a_policy_that_forbids_inline_scripts(
    new_page: NewPage,
) -> None:
    """The service's pages forbid inline scripts; the check must still run there."""
    page = new_page(DESKTOP)
    strict = "http://127.0.0.1:9/strict"
    page.route(
        strict,
        lambda route: route.fulfill(
            body=GOOD_PAGE,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "default-src 'none'"},
        ),
    )
    page.goto(strict)
    check_accessibility(page)
    page.set_content(BAD_PAGE)
    with pytest.raises(pytest.fail.Exception):
        check_accessibility(page)
