"""A real server process on a free loopback port, on a fresh data folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CERTIF = str(Path(sys.executable).parent / "certif")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_env(data: Path) -> dict[str, str]:
    """Settings of a throw-away service: its own SQLite file, cheap hashing."""
    return os.environ | {
        "CERTIF_DATABASE_URL": f"sqlite:///{data / 'service.sqlite3'}",
        "CERTIF_DATA_DIR": str(data),
        "CERTIF_ARGON2_TIME_COST": "1",
        "CERTIF_ARGON2_MEMORY_KIB": "1024",
    }


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """`certif serve` until the block ends; yields its base URL."""
    with serving_process(env) as (base, _):
        yield base


@contextmanager
def serving_process(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`certif serve` until the block ends; yields its base URL and its process."""
    port = free_port()
    server = subprocess.Popen(
        [CERTIF, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/openapi.json", server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if server.poll() is not None:
            pytest.fail("the server stopped during start-up")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback URL
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not start within 10 seconds")


def run_readme_script(
    script: str, base: str, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Runs README commands as written, against this server; they must succeed."""
    script = script.replace("API=http://127.0.0.1:8000/api/v1", f"API={base}/api/v1")
    script = script.replace(".venv/bin/certif", CERTIF)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done
