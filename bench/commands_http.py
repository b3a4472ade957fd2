"""Adding candidates over HTTP: 16 clients against one server process.

The service is started as ``certif serve`` on 127.0.0.1 (one uvicorn process,
PostgreSQL, projections embedded: the server keeps its read models itself),
its administrator, centre and session made beforehand on the same store. 16
client threads, each with its own kept-alive connection, post candidates to
``/api/v1/sessions/{id}/candidates`` with a bearer token. The baseline is
``bench.minimal_route`` started the same way: a FastAPI route doing one read,
one insert and a commit. Throughput, p50 and p99 per request are reported.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from bench.add_candidates import POSTGRES_URL
from bench.commands import Clock, prepared
from bench.table import Row, percentile_ms

CLIENTS = 16


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def started(argv: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.terminate()
    raise RuntimeError(f"the server on port {port} did not start")


def hammer(
    port: int, count: int, request: Callable[[int], tuple[str, bytes, dict[str, str]]]
) -> tuple[float, list[float], int]:
    """`count` requests shared by the clients; the wall time and each latency."""
    latencies: list[float] = []
    failures: list[str] = []
    refused: list[int] = []
    lock, turn = threading.Lock(), iter(range(count))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                index = next(turn, None)
            if index is None:
                break
            path, body, headers = request(index)
            start = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            answer = conn.getresponse()
            text = answer.read()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if answer.status == 409:
                    refused.append(index)
                elif answer.status >= 300:
                    failures.append(f"{answer.status} {text[:200]!r}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{len(failures)} request(s) failed, e.g. {failures[0]}")
    return wall, latencies, len(refused)


def service_run(schema: str, folder: Path, count: int) -> tuple[float, list[float], int]:
    env = {
        **os.environ,
        "CERTIF_DATABASE_URL": POSTGRES_URL,
        "CERTIF_POSTGRES_SCHEMA": schema,
        "CERTIF_DATA_DIR": str(folder),
    }
    settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema, data_dir=folder)
    clock = Clock()
    app = build_application(settings, hasher=Argon2Hasher(), clock=clock)
    try:
        _, session_id = prepared(app, clock, 0)
    finally:
        app.close()
    port = free_port()
    certif = str(Path(sys.executable).with_name("certif"))
    server = started([certif, "serve", "--port", str(port)], env, port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        login = {"email": "bench@example.org", "password": "bench-password"}
        conn.request(
            "POST", "/api/v1/auth/token", json.dumps(login), {"Content-Type": "application/json"}
        )
        token = json.loads(conn.getresponse().read())["access_token"]
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        path = f"/api/v1/sessions/{session_id}/candidates"

        def request(index: int) -> tuple[str, bytes, dict[str, str]]:
            body = {
                "last_name": f"Nom{index:05d}",
                "first_name": f"Prénom{index:05d}",
                "birthdate": f"2011-{1 + index % 12:02d}-{1 + index // 12 % 28:02d}",
                "external_id": f"INE{index:08d}",
            }
            return path, json.dumps(body).encode(), headers

        return hammer(port, count, request)
    finally:
        server.terminate()
        server.wait(10)


def baseline_run(schema: str, count: int) -> tuple[float, list[float], int]:
    port = free_port()
    env = {**os.environ, "BENCH_SCHEMA": schema, "BENCH_POSTGRES_URL": POSTGRES_URL}
    uvicorn = [sys.executable, "-m", "uvicorn", "bench.minimal_route:app", "--port", str(port)]
    server = started([*uvicorn, "--host", "127.0.0.1", "--log-level", "warning"], env, port)
    body = json.dumps({"name": "x" * 200}).encode()
    headers = {"Content-Type": "application/json"}
    try:
        return hammer(port, count, lambda _: (f"/commands/{uuid.uuid4()}", body, headers))
    finally:
        server.terminate()
        server.wait(10)


def http_rows(admin: psycopg.Connection, count: int) -> list[Row]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            wall, latencies, refused = service_run(schema, Path(folder), count)
        base_wall, base, _ = baseline_run(schema, count)
    finally:
        admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    rate, base_rate = (count - refused) / wall, count / base_wall
    return [
        Row(
            what="add a candidate over HTTP, 16 clients, 1 server process, PostgreSQL",
            service=f"{rate:.0f}/s, p50 {percentile_ms(latencies, 0.5):.1f} ms, "
            f"p99 {percentile_ms(latencies, 0.99):.1f} ms",
            baseline=f"{base_rate:.0f}/s, p50 {percentile_ms(base, 0.5):.1f} ms, "
            f"p99 {percentile_ms(base, 0.99):.1f} ms",
            ratio=rate / base_rate,
            notes=f"{count} requests, all to one session: its stream contended, {refused} "
            "refused as a concurrent change after the service's retries (409, not counted in "
            "the throughput); projections embedded in the server; baseline: a FastAPI route doing "
            "one read, one insert, a commit, each request on a stream of its own",
        )
    ]
