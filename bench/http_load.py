"""Loopback servers and the clients that load them, for the HTTP rows.

A server is a subprocess on a free 127.0.0.1 port; the load is 16 client
threads, each with its own kept-alive connection and its own list of calls,
so that a client may keep to one session (its own stream) or share one.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

CLIENTS = 16


@dataclass(frozen=True)
class Call:
    """One request: method, path, JSON body, headers."""

    method: str
    path: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Load:
    """What a load measured: its wall time, each latency, the 409s, the answers."""

    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    refused: int = 0
    answers: list[tuple[int, Any]] = field(default_factory=list)
    """Each 2xx answer's JSON, after the number of the client that had it."""

    @property
    def done(self) -> int:
        return len(self.latencies) - self.refused

    @property
    def rate(self) -> float:
        return self.done / self.wall if self.wall else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(argv: list[str], env: dict[str, str], port: int | None) -> Iterator[None]:
    """The process until the block ends; waits for its port to answer, if any."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        if port is not None:
            wait_for(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(400):
        if process.poll() is not None:
            raise RuntimeError(f"the server for port {port} ended: {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server on port {port} did not start")


def send(conn: http.client.HTTPConnection, call: Call) -> tuple[int, bytes]:
    body = None if call.body is None else json.dumps(call.body).encode()
    headers = call.headers if body is None else {"Content-Type": "application/json"} | call.headers
    conn.request(call.method, call.path, body=body, headers=headers)
    answer = conn.getresponse()
    return answer.status, answer.read()


def one(port: int, call: Call) -> Any:
    """One call on a connection of its own; its JSON answer (a 2xx is required)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        status, text = send(conn, call)
    finally:
        conn.close()
    if status >= 300:
        raise RuntimeError(f"{call.method} {call.path}: {status} {text[:200]!r}")
    return json.loads(text) if text else None


def hammer(ports: Sequence[int], plans: Sequence[Sequence[Call]]) -> Load:
    """Each plan run by a client of its own, client k on ports[k % len(ports)]."""
    load, failures, lock = Load(), [], threading.Lock()

    def client(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", ports[number % len(ports)], timeout=30)
        for call in plans[number]:
            start = time.perf_counter()
            status, text = send(conn, call)
            elapsed = time.perf_counter() - start
            with lock:
                load.latencies.append(elapsed)
                if status == 409:
                    load.refused += 1
                elif status >= 300:
                    failures.append(f"{call.method} {call.path}: {status} {text[:200]!r}")
                else:
                    load.answers.append((number, json.loads(text) if text else None))
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(plans))]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.wall = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{len(failures)} request(s) failed, e.g. {failures[0]}")
    return load


def dealt(calls: Sequence[Call], clients: int = CLIENTS) -> list[list[Call]]:
    """Calls shared round-robin among the clients."""
    return [list(calls[n::clients]) for n in range(clients)]
