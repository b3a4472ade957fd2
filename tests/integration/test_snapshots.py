"""Snapshots of a session's stream, on the three stores: loading and replaying
from them gives exactly what the events alone give, they hold no pupil's
personal data readable, and a store made before them still opens."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from application.replay import SessionReplay
from application.service import mutated
from domain.actors import invigilator_actor
from domain.aggregates.session import Session
from domain.identifiers import uai_check_letter
from domain.values import ERASED
from tests.builders import SESSION_DAY, School, pupil, school
from tests.conftest import POSTGRES_URL, FakeClock, settings_for
from tests.integration.test_erasure import BORN, FIVE, IDENTIFYING, found_in_database, the_pupil

EVERY = 3
STEPS = ("add", "add", "extra time", "change", "remove", "room")
SCHOOLS = itertools.count(6910000)


def with_interval(given: Settings, every: int) -> Settings:
    return given.model_copy(update={"snapshot_interval": every})


@pytest.fixture
def snapshotting(
    settings: Settings, clock: FakeClock, hasher: Argon2Hasher
) -> Iterator[CertificationApp]:
    """An application taking a snapshot of each session every three events."""
    app = build_application(with_interval(settings, EVERY), hasher=hasher, clock=clock)
    yield app
    app.close()


def from_events(app: CertificationApp, session_id: UUID, version: int | None = None) -> Session:
    found = mutated(None, app.events.get(session_id, lte=version))
    assert isinstance(found, Session)
    return found


def from_snapshot(app: CertificationApp, session_id: UUID, version: int | None = None) -> Session:
    assert app.snapshots is not None
    assert list(app.snapshots.get(session_id, lte=version, desc=True, limit=1))  # one is used
    found = app.repository.get(session_id, version=version, projector_func=mutated)
    assert isinstance(found, Session)
    return found


def replayed_without_snapshots(app: CertificationApp, ask: Callable[[], SessionReplay]) -> Any:
    """The same replay with the repository blind to snapshots and its cache empty."""
    kept = app.repository.snapshot_store
    app.repository.snapshot_store = None
    assert app.repository.cache is not None
    app.repository.cache.cache.clear()
    try:
        return ask()
    finally:
        app.repository.snapshot_store = kept


def a_session_of_steps(
    app: CertificationApp, clock: FakeClock, steps: list[tuple[str, int]]
) -> School:
    """Preparation commands drawn by the test, some at one same instant, then
    the day: the session starts, everyone left joins, an incident about the first."""
    clock.current = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    digits = f"{next(SCHOOLS):07d}"
    s = school(app, digits + uai_check_letter(digits), f"admin-{digits}@college.fr")
    enrolled: list[UUID] = []
    for number, (step, minutes) in enumerate(steps):
        clock.advance(minutes=minutes)
        if step == "add" or not enrolled:
            given = pupil(f"Nom{number:03d}", f"Prénom{number:03d}", BORN + timedelta(days=number))
            enrolled.append(app.add_candidate(s.admin, s.session, given).id)
        elif step == "extra time":
            app.note_extra_time(s.admin, s.session, enrolled[-1], Decimal("0.33"))
        elif step == "change":
            app.change_candidate(s.admin, s.session, enrolled[0], {"division": f"3e {number}"})
        elif step == "remove":
            app.remove_candidate(s.admin, s.session, enrolled.pop())
        else:
            app.change_session(s.admin, s.session, {"room": f"Salle {number}"})
    clock.current = datetime.combine(SESSION_DAY, datetime.min.time(), UTC) + timedelta(hours=8)
    room = invigilator_actor(s.session)
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    app.start_session(room, s.session)
    code = app.get_session(s.admin, s.session).access_code
    for candidate in app.list_candidates(s.admin, s.session):
        assert candidate.birthdate is not None
        clock.advance(seconds=30)
        app.join(code, candidate.last_name, candidate.first_name, candidate.birthdate, "ent")
    if enrolled:
        app.report_incident(room, s.session, "C8", enrolled[0], "Nom000 a eu un malaise")
    return s


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 2)), max_size=10))
def test_a_session_loads_and_replays_from_its_snapshots_as_from_its_events(
    snapshotting: CertificationApp, clock: FakeClock, steps: list[tuple[str, int]]
) -> None:
    """Each example builds a session of its own in the same store."""
    app = snapshotting
    s = a_session_of_steps(app, clock, steps)
    latest = app.get_session(s.admin, s.session).version
    assert vars(from_snapshot(app, s.session)) == vars(from_events(app, s.session))
    for version in range(EVERY, latest + 1):
        assert vars(from_snapshot(app, s.session, version)) == vars(
            from_events(app, s.session, version)
        )
        by_version = app.session_as_of(SYSTEM_ACTOR, s.session, version=version)
        assert by_version == replayed_without_snapshots(
            app, lambda v=version: app.session_as_of(SYSTEM_ACTOR, s.session, version=v)
        )
        moment = by_version.last_event_at
        assert app.session_as_of(SYSTEM_ACTOR, s.session, moment=moment) == (
            replayed_without_snapshots(
                app, lambda m=moment: app.session_as_of(SYSTEM_ACTOR, s.session, moment=m)
            )
        )


# Personal data ---------------------------------------------------------------

SAID_OF_HER = "Zéphyrine a regardé le voisin"


def a_day_in_review(app: CertificationApp, clock: FakeClock) -> tuple[School, UUID]:
    """The pupil sits the test; an incident, a fraud report, a finalisation
    comment and a cancelled certification all name her."""
    s = school(app)
    her = app.add_candidate(s.admin, s.session, the_pupil()).id
    pix = {"1.1": 24} | FIVE
    app.record_profile(
        s.admin, s.centre, ProfileInput("Quatrebarbes", "Zéphyrine", BORN, "Collecte", clock(), pix)
    )
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    clock.current = datetime.combine(SESSION_DAY, datetime.min.time(), UTC) + timedelta(hours=8)
    room = invigilator_actor(s.session)
    app.start_session(room, s.session)
    code = app.get_session(s.admin, s.session).access_code
    app.join(code, "Quatrebarbes", "Zéphyrine", BORN, "pupil-account-7731")
    app.confirm_presence(room, s.session, her)
    app.note_extra_time(room, s.session, her, Decimal("0.33"))
    app.start_test(her, "pupil-account-7731")
    app.report_incident(room, s.session, "C2", her, "tiers-temps accordé à Zéphyrine")
    app.report_fraud(room, s.session, her, SAID_OF_HER, "Quatrebarbes l'a reconnu", SAID_OF_HER)
    app.complete_test(her, "pupil-account-7731")
    app.finalise(s.admin, s.session, "", True, False, {}, {her: SAID_OF_HER})
    app.cancel_certification(SYSTEM_ACTOR, s.session, her, SAID_OF_HER)
    return s, her


def snapshot_rows(app: CertificationApp, settings: Settings) -> list[bytes]:
    """Every snapshot row's stored state, as the database returns it."""
    assert app.snapshots is not None
    table: str = app.snapshots.recorder.events_table_name  # type: ignore[attr-defined]
    if settings.backend == "sqlite":
        with sqlite3.connect(settings.sqlite_path()) as conn:
            return [row[0] for row in conn.execute(f"SELECT state FROM {table}")]  # noqa: S608
    with psycopg.connect(POSTGRES_URL) as conn:
        query = sql.SQL("SELECT state FROM {}").format(
            sql.Identifier(settings.postgres_schema, table)
        )
        return [bytes(row[0]) for row in conn.execute(query)]


def named(rows: list[bytes], needles: list[str]) -> set[str]:
    return {needle for needle in needles if any(needle.encode() in row for row in rows)}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_no_snapshot_holds_a_pupils_data_readable_before_or_after_her_erasure(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    settings = with_interval(settings_for(backend, tmp_path, request), 1)
    app = build_application(settings, hasher=hasher, clock=clock)
    try:
        s, her = a_day_in_review(app, clock)
        rows = snapshot_rows(app, settings)
        assert len(rows) == app.get_session(s.admin, s.session).version  # one a version
        assert named(rows, ["Salle 101", "M. Benali"]) == {"Salle 101", "M. Benali"}
        needles = [*IDENTIFYING, "Quatrebarbes l'a reconnu"]
        assert named(rows, needles) == set()
        assert from_snapshot(app, s.session).cancelled == {her.hex: SAID_OF_HER}

        app.erase_candidate(s.admin, s.session, her, "Demande des parents")
        app.repository.cache.cache.clear()  # type: ignore[union-attr]
        loaded = from_snapshot(app, s.session)
        assert loaded.cancelled == {her.hex: ERASED}
        assert [r.description for r in loaded.incidents] == [ERASED]
        assert {r.observed for r in loaded.frauds} == {ERASED}
        assert loaded.finalisation is not None
        assert loaded.finalisation.candidate_comments == {her.hex: ERASED}
        assert vars(loaded) == vars(from_events(app, s.session))
        assert named(snapshot_rows(app, settings), needles) == set()
        assert found_in_database(settings, IDENTIFYING) == {}
    finally:
        app.close()


# Stores and failures ---------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_store_made_before_snapshots_opens_and_replays_with_them(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    before = settings_for(backend, tmp_path, request)
    old = build_application(with_interval(before, 0), hasher=hasher, clock=clock)
    s = school(old)
    for number in range(4):
        old.add_candidate(s.admin, s.session, pupil(f"Nom{number}", "Léa"))
    assert old.snapshots is None
    seen = old.session_as_of(s.admin, s.session, version=4)
    old.close()

    app = build_application(with_interval(before, EVERY), hasher=hasher, clock=clock)
    try:
        assert app.session_as_of(s.admin, s.session, version=4) == seen
        app.add_candidate(s.admin, s.session, pupil("Nom9", "Léa"))  # version 6: a snapshot
        assert app.snapshots is not None
        assert [v.originator_version for v in app.snapshots.get(s.session)] == [6]
        assert app.session_as_of(s.admin, s.session, version=4) == seen
    finally:
        app.close()


def test_a_snapshot_that_cannot_be_saved_fails_no_command(
    snapshotting: CertificationApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = snapshotting
    assert app.snapshots is not None

    def refused(*_: Any, **__: Any) -> None:
        raise psycopg.OperationalError("the snapshot table is unreachable")

    monkeypatch.setattr(app.snapshots, "put", refused)
    s = school(app)
    for number in range(3):
        app.add_candidate(s.admin, s.session, pupil(f"Nom{number}", "Léa"))
    assert app.get_session(s.admin, s.session).version == 4  # each command saved once
    assert list(app.snapshots.get(s.session)) == []


def test_an_encrypted_store_keeps_its_snapshots_encrypted_and_replays_from_them(
    tmp_path: Path, clock: FakeClock, hasher: Argon2Hasher
) -> None:
    """At-rest encryption covers snapshots; the moment is then found by
    opening each event, since the database cannot read into them."""
    from eventsourcing.cryptography import AESCipher

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'events.sqlite3'}",
        data_dir=tmp_path,
        store_encryption_key=AESCipher.create_key(32),
        snapshot_interval=2,
    )
    app = build_application(settings, hasher=hasher, clock=clock)
    try:
        assert app.read_fields is None
        s = school(app)
        for number in range(5):
            clock.advance(minutes=1)
            app.add_candidate(s.admin, s.session, pupil(f"Nom{number}", "Léa"))
        rows = snapshot_rows(app, settings)
        assert len(rows) == 3
        assert named(rows, ["Salle 101", "M. Benali"]) == set()
        moment = clock() - timedelta(seconds=90)
        replay = app.session_as_of(s.admin, s.session, moment=moment)
        assert [c.last_name for c in replay.candidates] == ["Nom0", "Nom1", "Nom2"]
        assert replay == replayed_without_snapshots(
            app, lambda: app.session_as_of(s.admin, s.session, moment=moment)
        )
    finally:
        app.close()
