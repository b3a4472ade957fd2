"""docs/access.md, walked: every route of the API called as every role.

A ✓ must succeed (2xx); any other cell must answer 403 or 404 (401 without a
token) as a problem document that carries none of the centre's data, and
record nothing. A route
of the application that the table does not list fails the walk, and so does a
row that names no route.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from tests.conftest import POSTGRES_URL, FakeClock
from tests.e2e.access_scenarios import target_for
from tests.e2e.access_world import Target, World, populate

TABLE = Path(__file__).parents[2] / "docs" / "access.md"
ROLES = (
    "administrator",
    "administrator elsewhere",
    "invitee",
    "invigilator",
    "invigilator elsewhere",
    "candidate",
    "reviewer",
    "auditor",
    "operator",
    "anonymous",
)
COLUMN = {"administrator elsewhere": "administrator", "invigilator elsewhere": "invigilator"}
COLUMN["anonymous"] = "anyone"
NAMED = ("{centre_id}", "{session_id}", "{candidate_id}")


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    allowed: frozenset[str]

    def allows(self, role: str, target: Target) -> bool:
        """Callers tied to another centre or session may act only where the
        request names nothing of this one."""
        if "anyone" in self.allowed:
            return True
        named = target.names_in_body or any(part in self.path for part in NAMED)
        if role.endswith("elsewhere") and named:
            return False
        return COLUMN.get(role, role) in self.allowed


def table_rows() -> list[Row]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Method | Path |"))
    columns = [c.strip() for c in lines[header].strip("|").split("|")][2:]
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        method, path, *cells = (c.strip() for c in line.strip("|").split("|"))
        allowed = frozenset(col for col, cell in zip(columns, cells, strict=True) if cell == "✓")
        rows.append(Row(method, path.strip("`"), allowed))
    return rows


ROWS = table_rows()


def route_of_pages(route: Any) -> bool:
    endpoint = getattr(route, "endpoint", None)
    return str(getattr(endpoint, "__module__", "")).startswith("adapters.web")


def app_routes(api: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the API serves, through included routers: the pages
    (adapters/web) and their static files are walked by tests/pages instead."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None:
                walk(included.routes, prefix + route.include_context.prefix)
            elif isinstance(route, Mount) or route_of_pages(route):
                continue
            elif isinstance(route, Route):
                found.update((m, prefix + route.path) for m in route.methods or () if m != "HEAD")
            else:
                raise AssertionError(f"a route of an unknown kind: {route!r}")

    walk(list(api.routes), "")
    return found


def test_the_table_lists_every_route_of_the_application_and_no_other() -> None:
    listed = {(row.method, row.path) for row in ROWS}
    served = app_routes(create_app(Settings(database_url="memory://")))
    assert sorted(served - listed) == [], "routes missing from docs/access.md"
    assert sorted(listed - served) == [], "rows of docs/access.md that name no route"
    assert len(listed) == len(ROWS), "a route listed twice"


# The world, one per store -----------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, hasher: Argon2Hasher
) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("access")
    with store(request.param, folder) as settings:
        clock = FakeClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))

        def build(chosen: Settings) -> CertificationApp:
            return build_application(chosen, hasher=hasher, clock=clock)

        api = create_app(settings.model_copy(update={"read_wait_seconds": 5.0}), build)
        with TestClient(api, raise_server_exceptions=False) as client:
            state: Any = client.app
            made = World(state.state.certification, state.state.tokens, client)
            populate(made)
            yield made


@contextmanager
def store(backend: str, folder: Path) -> Iterator[Settings]:
    """The settings of a fresh SQLite file or PostgreSQL schema, dropped afterwards."""
    if backend == "sqlite":
        yield Settings(database_url=f"sqlite:///{folder / 'events.sqlite3'}", data_dir=folder)
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield Settings(database_url=POSTGRES_URL, postgres_schema=schema, data_dir=folder)
        finally:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


# The walk ------------------------------------------------------------------------


def call(world: World, row: Row, role: str, target: Target) -> Any:
    token = world.token(role, target)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = f"{row.path.format(**target.ids)}?after={world.app.position()}{target.query}"
    if target.files is not None:
        return world.client.request(
            row.method, url, files=target.files, data=target.form, headers=headers
        )
    if target.content is not None:
        headers["Content-Type"] = "text/csv"
        return world.client.request(row.method, url, content=target.content, headers=headers)
    return world.client.request(row.method, url, json=target.body, headers=headers)


def verdict(world: World, row: Row, role: str, target: Target, answer: Any) -> str | None:
    """What is wrong with the answer, if anything."""
    status, allowed = answer.status_code, row.allows(role, target)
    if allowed:
        return None if 200 <= status < 300 else f"{role}: {status} {answer.text[:300]}"
    expected = {401} if role == "anonymous" else {403, 404}
    if status not in expected:
        return f"{role}: {status} where {sorted(expected)} was due: {answer.text[:300]}"
    if answer.headers.get("content-type") != "application/problem+json":
        return f"{role}: a refusal that is no problem document"
    leaked = [secret for secret in world.secrets if secret in answer.text]
    return f"{role}: the refusal shows {leaked}" if leaked else None


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method} {r.path}" for r in ROWS])
def test_every_role_gets_what_the_table_says(world: World, row: Row) -> None:
    refused_target = target_for(world, row.method, row.path)
    faults = []
    for role in ROLES:
        target = (
            target_for(world, row.method, row.path)
            if row.allows(role, refused_target)
            else refused_target
        )
        before = world.app.position()
        fault = verdict(world, row, role, target, call(world, row, role, target))
        if fault is None and not row.allows(role, target) and world.app.position() != before:
            fault = f"{role}: refused, yet something was recorded"
        faults.append(fault)
    assert [f for f in faults if f] == []
