"""Every page of the application, walked: none opens without its cookie, and
every one is French, guarded by the pages' policy and never cached."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from fastapi.routing import APIRoute

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from tests.pages.client import PageClient

OPEN_PAGES = {"/", "/connexion", "/surveillance", "/epreuve"}
SIGN_IN_PAGES = ("/connexion?suite=", "/surveillance?suite=", "/epreuve?suite=")


def page_routes() -> list[tuple[str, str]]:
    """Every (method, path) of the pages, through the included routers."""
    found: list[tuple[str, str]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None:
                walk(included.routes, prefix + route.include_context.prefix)
            elif isinstance(route, APIRoute) and route.endpoint.__module__.startswith(
                "adapters.web"
            ):
                found.extend((method, prefix + route.path) for method in sorted(route.methods))

    walk(list(create_app(Settings(database_url="memory://")).routes), "")
    return sorted(found)


def filled(path: str) -> str:
    """A path with every parameter given a value that names nothing."""
    return re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), path)


def test_the_pages_are_outside_the_api_document() -> None:
    api = create_app(Settings(database_url="memory://"))
    documented = api.openapi()["paths"]
    assert page_routes(), "no page is served"
    assert not [path for _, path in page_routes() if path in documented]


@pytest.mark.parametrize(("method", "path"), page_routes())
def test_no_page_opens_without_its_cookie(http: Any, method: str, path: str) -> None:
    browser = PageClient(http)
    if method == "GET":
        answer = browser.get(filled(path))
        if path in OPEN_PAGES:
            assert answer.status_code in {200, 303}
            return
        assert answer.status_code == 303, answer.text[:300]
        assert answer.headers["location"].startswith(SIGN_IN_PAGES)
    else:
        answer = browser.post(filled(path), {})
        if path in OPEN_PAGES or path.startswith(("/connexion", "/surveillance", "/epreuve")):
            # a sign-in form: refused as incomplete, never a page of someone's
            assert answer.status_code in {303, 401, 403, 404, 409, 422}
            return
        assert answer.status_code == 303, answer.text[:300]
        assert answer.headers["location"].startswith(SIGN_IN_PAGES)


@pytest.mark.parametrize("path", sorted(OPEN_PAGES - {"/"}))
def test_open_pages_are_french_guarded_and_not_cached(http: Any, path: str) -> None:
    answer = PageClient(http).get(path)
    assert answer.status_code == 200
    assert '<html lang="fr">' in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert "script-src 'self';" in answer.headers["content-security-policy"]
    assert "http://" not in answer.text
    assert "https://" not in answer.text
