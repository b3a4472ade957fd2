"""A full disk and a read-only store: writes answer 503, reads go on, nothing breaks.

The SQLite file lives on a small tmpfs of its own, which the test fills up
(mounting needs root, as on the project's machines and CI; elsewhere the test
fails, saying why). 16 MB leave room for the write-ahead log, which grows by
tens of kilobytes a save until SQLite's checkpoint at 4 MB. A store in WAL
mode cannot even be opened on read-only media, nor can a busy tmpfs be
remounted read-only, so the read-only case makes the files immutable while
the service runs.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.http.app import create_app
from adapters.persistence.faults import store_fault
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from tests.conftest import FakeClock
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.fail(
            f"the disk-full test needs a small tmpfs (root): {made.stderr.decode().strip()}"
        )
    (mount / "filler").touch()  # made while the disk is empty: filling it needs no new file
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Writes zeros until the disk refuses, unbuffered: nothing is left to flush on close."""
    filler = disk / "filler"
    try:
        out = os.open(filler, os.O_WRONLY | os.O_APPEND)
    except OSError as failure:  # the disk full before the test filled it: say what holds it
        held = {f.name: f.stat().st_size for f in disk.iterdir()}
        pytest.fail(f"the small disk was full before it was filled: {failure}; {held}")
    block = b"\0" * 65536
    try:
        while True:
            os.write(out, block)
    except OSError as full:
        if full.errno != errno.ENOSPC:
            raise
    finally:
        os.close(out)
    return filler


def test_a_full_disk_refuses_writes_keeps_serving_reads_and_recovers(
    disk: Path, clock: FakeClock, hasher: Argon2Hasher
) -> None:
    settings = Settings(database_url=f"sqlite:///{disk / 'events.sqlite3'}", data_dir=disk)

    def build(chosen: Settings) -> CertificationApp:
        return build_application(chosen, hasher=hasher, clock=clock)

    with TestClient(create_app(settings, build), raise_server_exceptions=False) as http:
        centre_with_admin(http, "0691234S", "admin@college.fr")
        admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
        session = new_session(admin)["id"]
        path = f"/sessions/{session}/candidates"
        pupil = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}
        assert admin.post(path, pupil).status_code == 201

        service = http.app.state.service  # type: ignore[attr-defined]
        service.projector.stop()  # the read models then meet the full disk themselves
        assert admin.post(path, pupil | {"first_name": "Inès"}).status_code == 201
        filler = fill(disk)
        service.runner.catch_up()
        health = http.get("/api/v1/health").json()
        assert health["status"] == "degraded"
        reasons = {p["stopped_because"] for p in health["projections"]}
        assert "The store is full" in reasons, health
        refused = [admin.post(path, pupil | {"first_name": f"N{n}"}) for n in range(5)]
        for answer in refused:
            body = problem_of(answer, 503)
            assert body["rule"] == "store-full", body
            assert answer.headers["Retry-After"]
        assert admin.get(path).status_code == 200
        assert admin.get(f"/sessions/{session}").status_code == 200
        filler.unlink()
        service.runner.catch_up()
        assert http.get("/api/v1/health").json()["status"] == "ok"
        assert admin.post(path, pupil | {"first_name": "Zoé"}).status_code == 201

    with TestClient(create_app(settings, build), raise_server_exceptions=False) as http:
        admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
        assert admin.post(path, pupil | {"first_name": "Hugo"}).status_code == 201
        assert len(admin.get(path).json()) == 4
        assert http.get("/api/v1/health").json()["status"] == "ok"
    with sqlite3.connect(disk / "events.sqlite3") as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_store_turned_read_only_refuses_writes_keeps_serving_reads_and_recovers(
    tmp_path: Path, clock: FakeClock, hasher: Argon2Hasher
) -> None:
    """The files are made immutable while the service runs (root, on ext4)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'e.sqlite3'}", data_dir=tmp_path)

    def build(chosen: Settings) -> CertificationApp:
        return build_application(chosen, hasher=hasher, clock=clock)

    with TestClient(create_app(settings, build), raise_server_exceptions=False) as http:
        centre_with_admin(http, "0691234S", "admin@college.fr")
        admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
        path = f"/sessions/{new_session(admin)['id']}/candidates"
        pupil = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}
        service = http.app.state.service  # type: ignore[attr-defined]
        service.projector.stop()  # first, so that the read models have Léa still to write
        assert admin.post(path, pupil).status_code == 201
        files = [str(p) for p in tmp_path.glob("e.sqlite3*") if not p.name.endswith("-shm")]
        frozen = subprocess.run(["chattr", "+i", *files], capture_output=True, check=False)
        if frozen.returncode != 0:
            pytest.fail(f"the read-only test needs chattr (root): {frozen.stderr.decode().strip()}")
        try:
            refused = admin.post(path, pupil | {"first_name": "Zoé"})
            assert problem_of(refused, 503)["rule"] in ("store-read-only", "store-write-failed")
            assert [c["first_name"] for c in admin.get(path).json()] == ["Léa"]
            service.runner.catch_up()
            health = http.get("/api/v1/health").json()
            assert health["status"] == "degraded"
            reasons = {p["stopped_because"] for p in health["projections"]}
            assert "The store is read-only" in reasons, health
        finally:
            subprocess.run(["chattr", "-i", *files], check=True)
        assert admin.post(path, pupil | {"first_name": "Zoé"}).status_code == 201
        service.runner.catch_up()
        assert http.get("/api/v1/health").json()["status"] == "ok"
    with sqlite3.connect(tmp_path / "e.sqlite3") as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_read_only_store_is_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as refused:
        read_only.execute("INSERT INTO t VALUES (1)")
    fault = store_fault(refused.value)
    assert fault is not None
    assert fault.rule == "store-read-only"
    assert store_fault(ValueError("readonly database")) is None
