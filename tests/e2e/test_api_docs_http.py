"""The interactive API page loads nothing from another host: Swagger UI comes
with the service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.http.app import create_app
from adapters.persistence.settings import Settings

REFERENCE = re.compile(r"""(?:src|href)="([^"]+)"|url: '([^']+)'""")
EXPECTED_TYPES = {
    ".js": ("text/javascript", "application/javascript"),
    ".css": ("text/css",),
    ".png": ("image/png",),
    ".json": ("application/json",),
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url="memory://", data_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        yield client


def references(html: str) -> list[str]:
    return [src or url for src, url in REFERENCE.findall(html)]


def test_the_docs_page_references_only_files_of_the_service(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    found = references(page.text)
    assert len(found) == 4, found
    assert [url for url in found if not url.startswith("/")] == []
    assert "http" not in page.text.replace("http-equiv", "")


def test_every_file_the_docs_page_loads_answers_with_its_type(client: TestClient) -> None:
    for url in references(client.get("/docs").text):
        answer = client.get(url)
        assert answer.status_code == 200, url
        content_type = answer.headers["content-type"].split(";")[0]
        assert content_type in EXPECTED_TYPES[Path(url).suffix], (url, content_type)
        assert len(answer.content) > 500, url


def test_the_docs_policy_allows_this_host_only(client: TestClient) -> None:
    policy = client.get("/docs").headers["content-security-policy"]
    assert "http" not in policy
    assert "default-src 'none'" in policy


def test_the_static_files_are_no_way_out_of_their_folder(client: TestClient) -> None:
    assert client.get("/static/api/../app.py").status_code == 404
    assert client.get("/static/api/%2e%2e/app.py").status_code == 404
