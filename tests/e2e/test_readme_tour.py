"""The README's tour, run verbatim against a live server on a free port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOUR = re.compile(r"<!-- (tour(?:-[23])?) -->\n```bash\n(.*?)```\n<!-- /\1 -->", re.DOTALL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = free_port()
    env = os.environ | {
        "CERTIF_DATABASE_URL": f"sqlite:///{tmp_path / 'tour.sqlite3'}",
        "CERTIF_DATA_DIR": str(tmp_path),
        "CERTIF_ARGON2_TIME_COST": "1",
        "CERTIF_ARGON2_MEMORY_KIB": "1024",
    }
    certif = str(Path(sys.executable).parent / "certif")
    server = subprocess.Popen(
        [certif, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/openapi.json", server)
        yield base, env | {"CERTIF_TOUR_CERTIF": certif}
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


def test_the_readme_tour_works_as_written(live_server: tuple[str, dict[str, str]]) -> None:
    base, env = live_server
    blocks = dict(TOUR.findall((ROOT / "README.md").read_text()))
    assert set(blocks) == {"tour", "tour-2", "tour-3"}, "the README's tour blocks are missing"
    script = blocks["tour"] + blocks["tour-2"] + blocks["tour-3"]
    script = script.replace("API=http://127.0.0.1:8000/api/v1", f"API={base}/api/v1")
    script = script.replace(".venv/bin/certif", env["CERTIF_TOUR_CERTIF"])
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"access code: [BCDFGHJKMPQRTVWXY]{4}[2346789]{2} - 2 candidates", done.stdout)
    assert '"extra_time_percent":"33 %"' in done.stdout
    assert "invigilator password:" in done.stderr
    second = done.stdout[done.stdout.index("access code:") :]
    assert "1 of 2 certifiable under rule version 1" in second
    assert "not yet: Hugo Durand - 3 competence(s) at level 1 or more; 5 needed." in second
    assert "a rule of 3 would change 1 candidate(s)" in second
    assert "2 of 2 certifiable under rule version 2" in second
    assert "eligibility generation 2 lag 0 rule 2" in second
    assert "at version 2: ['Lefèvre']" in second
    assert '"event":"SessionCreated"' in second.replace(" ", "")
    assert "chain intact" in second
    third = second[second.index("chain intact") :]
    assert "invigilators: M. Karim Benali, Mme Sophie Lemoine" in third
    assert re.search(r"\n\S+ \S+ completed theoretical end 20\d\d-", third)
    assert "status: finalised" in third
    assert "status: published - " in third
