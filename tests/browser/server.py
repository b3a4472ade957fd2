"""The real ASGI application served by uvicorn on a free loopback port, in a
thread of the test process, so that a test can reach its application too."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from application.app import CertificationApp
from tests.conftest import FakeClock


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    app: CertificationApp
    clock: FakeClock
    backend: str
    api: FastAPI


@contextmanager
def serving(api: FastAPI, clock: FakeClock, backend: str) -> Iterator[LiveServer]:
    """Serves `api` until the block ends; its lifespan runs as in production."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(api, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{base_url}/api/v1/health", thread)
        state: Any = api.state
        yield LiveServer(base_url, state.certification, clock, backend, api)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


def wait_until_healthy(url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not thread.is_alive():
            pytest.fail("the server stopped during start-up")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310 - loopback URL
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    pytest.fail("the server did not answer /api/v1/health within 15 seconds")
