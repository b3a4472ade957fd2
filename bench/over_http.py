"""The day's commands over HTTP, on 1, 2 and 4 server processes, and the lag.

The service is ``certif serve`` on 127.0.0.1 against PostgreSQL, its
administrator, centre and sessions made beforehand on the same store. 16
client threads, each with its own kept-alive connection, add candidates
(``POST /sessions/{id}/candidates``, the administrator's bearer token), note
their extra time (``PUT …/candidates/{id}/extra-time``) and, once the session
is started and the pupils have joined, confirm their presence
(``POST /invigilation/candidates/{id}/presence``, the invigilator's token from
``/invigilation/sign-in``). Two shapes of load: the 16 clients on one session
(its stream contended: a concurrent change is retried by the service, then
answered 409), and each client on its own session of the same centre, which
is what a busy region looks like.

The baseline is ``bench.minimal_route`` started the same way: a FastAPI route
doing one read, one insert and a commit. Throughput, p50 and p99 per request.

Scale-out: the same per-session load against 1, 2 and 4 ``certif serve``
processes on one database (``CERTIF_PROJECTIONS=workers``, one ``certif
project`` process keeping the read models), client k on server k mod N.

Lag: while the per-session load runs on one server (projections embedded),
and while candidates are added on one server beside a projection worker,
``GET /projections`` is sampled every 100 ms; see ``bench.lag``.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from bench.add_candidates import POSTGRES_URL, require_postgres
from bench.http_load import CLIENTS, Call, Load, dealt, free_port, hammer, one, serving
from bench.lag import Sample, Sampler, lags
from bench.table import Row, percentile_ms, render
from domain.actors import invigilator_actor
from domain.values import CentreType, Role

API = "/api/v1"
LOGIN = {"email": "bench@example.org", "password": "bench-password"}
COMMANDS = ("add a candidate", "note extra time", "confirm presence")
LAG_TARGET_S = 1.0


def store(settings: Settings) -> CertificationApp:
    return build_application(settings, hasher=Argon2Hasher(time_cost=1, memory_cost=64))


@dataclass(frozen=True)
class Room:
    """A session made for the bench: what its invigilator and pupils need."""

    id: str
    password: str
    code: str


def sessions_made(app: CertificationApp, count: int, per_session: int) -> list[Room]:
    """`count` sessions of one centre, each with enough invigilators."""
    admin = app.open_account(
        SYSTEM_ACTOR, LOGIN["email"], "Bench Admin", LOGIN["password"], Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège du banc", CentreType.SCO, "0000000A", admin.id
    )
    day = datetime.now(UTC).date() + timedelta(days=30)
    names = [f"Surveillant {n}" for n in range(math.ceil(per_session / 20) + 1)]
    made = []
    for n in range(count):
        session = app.create_session(
            admin.id, centre.id, "Bâtiment A", f"Salle {n}", "M. Examinateur", day, clock_time(9)
        )
        app.name_invigilators(admin.id, session.id, names)
        made.append(Room(str(session.id), session.invigilator_password, session.access_code))
    return made


def env_of(schema: str, folder: Path, projections: str) -> dict[str, str]:
    return os.environ | {
        "CERTIF_DATABASE_URL": POSTGRES_URL,
        "CERTIF_POSTGRES_SCHEMA": schema,
        "CERTIF_DATA_DIR": str(folder),
        "CERTIF_PROJECTIONS": projections,
    }


@contextmanager
def servers(schema: str, folder: Path, processes: int, workers: bool) -> Iterator[list[int]]:
    """`processes` servers; with `workers`, one `certif project` keeps the read models."""
    certif = str(Path(sys.executable).with_name("certif"))
    env = env_of(schema, folder, "workers" if workers else "embedded")
    ports = [free_port() for _ in range(processes)]
    with ExitStack() as stack:
        if workers:
            stack.enter_context(serving([certif, "project", "--interval", "0.1"], env, None))
        for port in ports:
            stack.enter_context(serving([certif, "serve", "--port", str(port)], env, port))
        yield ports


def signed_in(port: int) -> str:
    """The administrator's bearer token."""
    token: str = one(port, Call("POST", f"{API}/auth/token", LOGIN))["access_token"]
    return token


def candidate_calls(sessions: list[Room], count: int, token: str) -> list[list[Call]]:
    """Client k adds its share of `count` candidates to session k mod len(sessions)."""
    auth = {"Authorization": f"Bearer {token}"}
    plans: list[list[Call]] = [[] for _ in range(CLIENTS)]
    for index in range(count):
        client = index % CLIENTS
        body = {
            "last_name": f"Nom{index:05d}",
            "first_name": f"Prénom{index:05d}",
            "birthdate": f"2011-{1 + index % 12:02d}-{1 + index // 12 % 28:02d}",
            "external_id": f"INE{index:08d}",
        }
        path = f"{API}/sessions/{sessions[client % len(sessions)].id}/candidates"
        plans[client].append(Call("POST", path, body, auth))
    return plans


def the_day(
    app: CertificationApp, ports: list[int], sessions: list[Room], count: int
) -> dict[str, Load]:
    """The three commands, one load each; pupils join in between, in-process."""
    token = signed_in(ports[0])
    added = hammer(ports, candidate_calls(sessions, count, token))
    auth = {"Authorization": f"Bearer {token}"}
    extra: list[list[Call]] = [[] for _ in range(CLIENTS)]
    for client, c in added.answers:
        path = f"{API}/sessions/{c['session_id']}/candidates/{c['id']}/extra-time"
        extra[client].append(Call("PUT", path, {"extra_time": "0.33"}, auth))
    noted = hammer(ports, extra)
    tokens, codes = {}, {}
    for room in sessions:
        app.start_session(invigilator_actor(uuid.UUID(room.id)), uuid.UUID(room.id))
        body = {"session_id": room.id, "password": room.password}
        signed = one(ports[0], Call("POST", f"{API}/invigilation/sign-in", body))
        tokens[room.id], codes[room.id] = signed["access_token"], room.code
    presence: list[list[Call]] = [[] for _ in range(CLIENTS)]
    for client, c in added.answers:
        born = date.fromisoformat(c["birthdate"])
        app.join(codes[c["session_id"]], c["last_name"], c["first_name"], born, f"ent-{c['id']}")
        invigilating = {"Authorization": f"Bearer {tokens[c['session_id']]}"}
        path = f"{API}/invigilation/candidates/{c['id']}/presence"
        presence[client].append(Call("POST", path, None, invigilating))
    confirmed = hammer(ports, presence)
    return dict(zip(COMMANDS, (added, noted, confirmed), strict=True))


def cell(load: Load) -> str:
    p50, p99 = percentile_ms(load.latencies, 0.5), percentile_ms(load.latencies, 0.99)
    return f"{load.rate:.0f}/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms"


def command_rows(shape: str, loads: dict[str, Load], base: Load) -> list[Row]:
    return [
        Row(
            what=f"{what} over HTTP, 16 clients {shape}, 1 server process, PostgreSQL",
            service=cell(load),
            baseline=cell(base),
            ratio=load.rate / base.rate,
            target="≥ 0.8 ×",
            met=load.rate / base.rate >= 0.8,
            notes=f"{len(load.latencies)} requests, {load.refused} refused as a concurrent "
            "change after the service's retries (409, not counted in the throughput); "
            "projections embedded; baseline: a FastAPI route doing one read, one insert, "
            "a commit, each request on a stream of its own",
        )
        for what, load in loads.items()
    ]


def lag_row(samples: list[Sample], during: str, where: str) -> Row:
    found = lags(samples)
    seconds = found.seconds
    worst = max(seconds, default=float("nan"))
    p99 = percentile_ms(seconds, 0.99) / 1000
    spacing = (samples[-1].at - samples[0].at) / max(len(samples) - 1, 1)
    return Row(
        what=f"projection lag during the HTTP row, {during}",
        service=f"max {worst:.2f} s, p99 {p99:.2f} s; max {max(found.events, default=0)} "
        f"events, p99 {percentile_ms(found.events, 0.99) / 1000:.0f} events",
        target=f"< {LAG_TARGET_S:.0f} s",
        met=found.unreached == 0 and worst < LAG_TARGET_S,
        notes=f"{len(samples)} samples of GET /projections, one every {spacing * 1000:.0f} ms "
        f"(100 ms asked); five projections {where}; seconds: from a sample to the first "
        "sample whose position includes its head (so to within a sample's spacing); "
        f"{found.unreached} head(s) never reached",
    )


def baseline(schema: str, count: int) -> Load:
    port = free_port()
    env = os.environ | {"BENCH_SCHEMA": schema, "BENCH_POSTGRES_URL": POSTGRES_URL}
    argv = [sys.executable, "-m", "uvicorn", "bench.minimal_route:app", "--port", str(port)]
    with serving([*argv, "--host", "127.0.0.1", "--log-level", "warning"], env, port):
        calls = [
            Call("POST", f"/commands/{uuid.uuid4()}", {"name": "x" * 200}) for _ in range(count)
        ]
        return hammer([port], dealt(calls))


@contextmanager
def fresh_store(admin: psycopg.Connection) -> Iterator[tuple[str, Path]]:
    """A schema and a data folder of their own, dropped at the end."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            yield schema, Path(folder)
    finally:
        admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def one_server(
    admin: psycopg.Connection, count: int, spread: int, sampled: bool
) -> tuple[dict[str, Load], list[Sample]]:
    with fresh_store(admin) as (schema, folder):
        app = store(Settings(database_url=POSTGRES_URL, postgres_schema=schema, data_dir=folder))
        try:
            sessions = sessions_made(app, spread, math.ceil(count / spread))
            with servers(schema, folder, 1, workers=False) as ports:
                sampler = Sampler(ports[0], signed_in(ports[0])) if sampled else None
                loads = the_day(app, ports, sessions, count)
                return loads, sampler.stop() if sampler else []
        finally:
            app.close()


def scaled(admin: psycopg.Connection, count: int, processes: int) -> tuple[Load, list[Sample]]:
    with fresh_store(admin) as (schema, folder):
        app = store(Settings(database_url=POSTGRES_URL, postgres_schema=schema, data_dir=folder))
        try:
            sessions = sessions_made(app, CLIENTS, math.ceil(count / CLIENTS))
        finally:
            app.close()
        with servers(schema, folder, processes, workers=True) as ports:
            token = signed_in(ports[0])
            sampler = Sampler(ports[0], token)
            load = hammer(ports, candidate_calls(sessions, count, token))
            return load, sampler.stop()


def rows(quick: bool = False) -> list[Row]:
    count = 2 * CLIENTS if quick else 400
    with require_postgres() as admin:
        with fresh_store(admin) as (schema, _):
            base = baseline(schema, count)
        shared, _ = one_server(admin, count, 1, sampled=False)
        spread, samples = one_server(admin, count, CLIENTS, sampled=True)
        found = command_rows("on one session", shared, base)
        found += command_rows("each on its own session", spread, base)
        found.append(lag_row(samples, "the three commands, 1 server", "embedded in the one server"))
        runs = {n: scaled(admin, count, n) for n in (1, 2, 4)}
        found += scale_rows({n: load for n, (load, _) in runs.items()})
        worker = "in one `certif project --interval 0.1` worker beside the server"
        found.append(lag_row(runs[1][1], "adding candidates, 1 server + 1 worker", worker))
    return found


def scale_rows(loads: dict[int, Load]) -> list[Row]:
    first = loads[min(loads)].rate
    return [
        Row(
            what=f"add a candidate over HTTP, 16 clients each on its own session, {n} server "
            f"process{'es' if n > 1 else ''} + 1 projection worker, PostgreSQL",
            service=cell(load),
            baseline=f"{first:.0f}/s on 1 process",
            ratio=load.rate / first,
            target="scaling reported",
            notes=f"{len(load.latencies)} requests, {load.refused} refused (409); "
            f"on a machine of {os.cpu_count()} cores shared by the servers, the worker, "
            "PostgreSQL and the clients",
        )
        for n, load in loads.items()
    ]


if __name__ == "__main__":
    print(render(rows("--quick" in sys.argv)))
