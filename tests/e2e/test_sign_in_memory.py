"""A flood of parallel wrong passwords against a real server process: argon2
holds its memory cost per hash, so the hashes run a few at a time and the
rest are refused (503) instead of growing the process (as 120 parallel wrong
sign-ins once grew it to 2.4 GB)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.e2e.live import server_env, serving_process

FLOOD = 120
MEMORY_KIB = 65536
SLOTS = 2


def peak_resident_kib(pid: int) -> int:
    """The process's high-water mark of resident memory (VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def sign_in(base: str, n: int) -> int:
    body = json.dumps({"email": f"nobody-{n}@x.fr", "password": f"wrong-guess-{n:05d}"})
    request = urllib.request.Request(  # noqa: S310 - loopback URL
        f"{base}/api/v1/auth/token",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60):  # noqa: S310
            return 200
    except urllib.error.HTTPError as answer:
        return answer.code


def test_a_flood_of_wrong_passwords_keeps_the_server_within_its_hashing_slots(
    tmp_path: Path,
) -> None:
    env = server_env(tmp_path) | {
        "CERTIF_ARGON2_MEMORY_KIB": str(MEMORY_KIB),
        "CERTIF_HASHING_SLOTS": str(SLOTS),
        "CERTIF_HASHING_WAIT_SECONDS": "1",
        "CERTIF_SIGN_IN_LIMITS_PER_SUBJECT": "100000/minute",
        "CERTIF_SIGN_IN_LIMITS_PER_ADDRESS": "100000/minute",
    }
    with serving_process(env) as (base, server):
        assert sign_in(base, 0) == 401
        before = peak_resident_kib(server.pid)
        with ThreadPoolExecutor(max_workers=FLOOD) as pool:
            answers = Counter(pool.map(lambda n: sign_in(base, n), range(1, FLOOD + 1)))
        grown = peak_resident_kib(server.pid) - before
    assert set(answers) <= {401, 503}, answers
    assert sum(answers.values()) == FLOOD
    # one hash's worth is already in `before`; the others may add one each
    assert grown < (SLOTS + 1) * MEMORY_KIB, f"grew {grown} KiB; answers {answers}"
