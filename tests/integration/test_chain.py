"""The hash chain over the stored events: an event altered, removed, reordered or
slipped in by editing the database directly is named by the check."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
import typer
from eventsourcing.persistence import StoredEvent
from typer.testing import CliRunner

from adapters.cli_chain import register
from adapters.persistence.settings import SQLITE_PREFIX, Settings
from adapters.security import Argon2Hasher
from adapters.wiring import Service, build_application, build_service
from application.app import CertificationApp
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session_activity import SessionActivity
from projections.chain import (
    GENESIS,
    WHOLE_STORE,
    ChainProjection,
    Scope,
    Verdict,
    centre_scope,
    link_hash,
    session_scope,
    stored,
    verify,
)
from projections.runner import ProjectionRunner
from tests.builders import School, pupil, school
from tests.conftest import POSTGRES_URL, FakeClock, settings_for


@dataclass
class History:
    """A store with two schools' events, and the chain kept beside it."""

    settings: Settings
    app: CertificationApp
    service: Service
    ours: School
    other: School
    candidates: list[UUID]

    def catch_up(self) -> None:
        app = self.app
        ProjectionRunner(
            app.recorder, app.mapper, self.service.views, [ChainProjection], app
        ).catch_up()

    def verify(self, scope: Scope = WHOLE_STORE) -> Verdict:
        return verify(self.app.recorder, self.service.views, scope)

    def session(self, session_id: UUID) -> Scope:
        return session_scope(self.app.recorder, self.app.mapper, session_id)

    def centre(self, centre_id: UUID) -> Scope:
        return centre_scope(self.app.recorder, self.app.mapper, centre_id)

    def positions_of(self, originator_id: UUID) -> list[int]:
        return [n.id for n in stored(self.app.recorder) if n.originator_id == originator_id]


class Database:
    """The events table as an intruder with the database password sees it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if settings.backend == "sqlite":
            self.table, self.id = "stored_events", "rowid"
        else:
            self.table, self.id = f'"{settings.postgres_schema}".certif_events', "notification_id"

    def run(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        statement = statement.format(table=self.table, id=self.id)
        if self.settings.backend == "sqlite":
            path = self.settings.database_url[len(SQLITE_PREFIX) :]
            with sqlite3.connect(path, isolation_level=None) as conn:
                return conn.execute(statement, params).fetchall()
        with psycopg.connect(POSTGRES_URL, autocommit=True) as pg:
            cursor = pg.execute(statement.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def flip_a_byte(self, position: int) -> None:
        (state,) = self.run("SELECT state FROM {table} WHERE {id} = ?", (position,))[0]
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01
        self.run("UPDATE {table} SET state = ? WHERE {id} = ?", (bytes(changed), position))

    def delete(self, position: int) -> None:
        self.run("DELETE FROM {table} WHERE {id} = ?", (position,))

    def swap(self, first: int, second: int) -> None:
        for old, new in ((first, -1), (second, first), (-1, second)):
            self.run("UPDATE {table} SET {id} = ? WHERE {id} = ?", (new, old))

    def insert_copy_at(self, position: int, of: int) -> None:
        """A copy of an event under a new aggregate id, at a position the log never gave."""
        topic, state = self.run("SELECT topic, state FROM {table} WHERE {id} = ?", (of,))[0]
        new_id: Any = uuid.uuid4().hex if self.settings.backend == "sqlite" else uuid.uuid4()
        self.run(
            "INSERT INTO {table} ({id}, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, 1, ?, ?)",
            (position, new_id, topic, state),
        )


def build_history(settings: Settings, clock: FakeClock, hasher: Argon2Hasher) -> History:
    app = build_application(settings, hasher=hasher, clock=clock)
    service = build_service(settings, app=app, embedded=False)
    other = school(app, code="0751234J", email="admin@autre-college.fr")
    ours = school(app)
    candidates = [
        app.add_candidate(ours.admin, ours.session, pupil(name, "Zoé")).id
        for name in ("Durand", "Ménard", "Lefèvre")
    ]
    app.add_candidate(other.admin, other.session, pupil("Bernard", "Hugo"))
    return History(settings, app, service, ours, other, candidates)


@pytest.fixture
def history(settings: Settings, clock: FakeClock, hasher: Argon2Hasher) -> Iterator[History]:
    """On the three stores (the `settings` fixture)."""
    built = build_history(settings, clock, hasher)
    yield built
    built.service.close()


@pytest.fixture(params=["sqlite", "postgres"])
def on_disk(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock, hasher: Argon2Hasher
) -> Iterator[tuple[History, Database]]:
    """A chained history on a store that can be edited behind the application's back."""
    settings = settings_for(request.param, tmp_path, request)
    built = build_history(settings, clock, hasher)
    built.catch_up()
    yield built, Database(settings)
    built.service.close()


def recomputed_head(history: History) -> str:
    """The chain as its module documents it, computed independently."""
    digest = GENESIS
    for n in stored(history.app.recorder):
        fields = [str(n.id), str(n.originator_id), str(n.originator_version), n.topic]
        encoded = [f.encode() for f in fields] + [bytes(n.state)]
        body = b"".join(len(f).to_bytes(8, "big") + f for f in encoded)
        digest = hashlib.sha256(bytes.fromhex(digest) + body).hexdigest()
    return digest


def test_an_untouched_store_verifies_with_the_documented_hashes(history: History) -> None:
    history.catch_up()
    verdict = history.verify()
    assert verdict.intact, verdict.summary()
    assert verdict.checked == history.app.position() == verdict.head_position
    assert verdict.head_hash == recomputed_head(history)
    assert verdict.summary().startswith(f"chain intact: {verdict.checked} events checked")


def test_events_after_the_head_are_not_yet_chained_until_caught_up(history: History) -> None:
    history.catch_up()
    before = history.verify()
    history.app.add_candidate(history.ours.admin, history.ours.session, pupil("Petit", "Léo"))
    waiting = history.verify()
    assert waiting.intact
    assert (waiting.checked, waiting.head_position) == (before.checked, before.head_position)
    assert waiting.unchained == history.app.position() - before.head_position > 0
    history.catch_up()
    after = history.verify()
    assert (after.unchained, after.checked) == (0, history.app.position())


def test_bytes_no_key_can_read_are_still_chained_and_verified(history: History) -> None:
    """What crypto-shredding leaves behind: stored bytes nobody can decode."""
    opaque = StoredEvent(uuid.uuid4(), 1, "certif:Sealed.Event", bytes(range(256)))
    history.app.recorder.insert_events([opaque])
    history.catch_up()
    verdict = history.verify()
    assert verdict.intact, verdict.summary()
    assert verdict.head_hash == recomputed_head(history)


def test_a_changed_byte_is_reported_as_altered_at_its_position(
    on_disk: tuple[History, Database],
) -> None:
    history, db = on_disk
    added = history.positions_of(history.candidates[1])[0]
    db.flip_a_byte(added)
    problem = history.verify().problem
    assert problem is not None
    assert (problem.position, problem.kind) == (added, "altered")
    assert (problem.originator_id, problem.originator_version) == (str(history.candidates[1]), 1)
    assert problem.topic == Candidate.CandidateAdded.TOPIC


def test_a_deleted_event_is_reported_as_removed(on_disk: tuple[History, Database]) -> None:
    history, db = on_disk
    added = history.positions_of(history.candidates[0])[0]
    db.delete(added)
    problem = history.verify().problem
    assert problem is not None
    assert (problem.position, problem.kind) == (added, "removed")
    assert problem.originator_id == str(history.candidates[0])


def test_two_swapped_events_are_reported_as_reordered_at_the_first(
    on_disk: tuple[History, Database],
) -> None:
    history, db = on_disk
    first = history.positions_of(history.candidates[0])[0]
    second = history.positions_of(history.candidates[2])[0]
    db.swap(first, second)
    problem = history.verify().problem
    assert problem is not None
    assert (problem.position, problem.kind) == (first, "reordered")
    assert problem.originator_id == str(history.candidates[0])
    assert str(second) in problem.detail


def test_an_event_slipped_in_below_the_head_is_reported_as_inserted(
    on_disk: tuple[History, Database],
) -> None:
    """Ids come from the table, so the free place below the head is id 0."""
    history, db = on_disk
    db.insert_copy_at(0, of=history.positions_of(history.candidates[0])[0])
    problem = history.verify().problem
    assert problem is not None
    assert (problem.position, problem.kind) == (0, "inserted")


def test_an_event_rewritten_with_its_link_breaks_the_next_link(
    on_disk: tuple[History, Database],
) -> None:
    history, db = on_disk
    added = history.positions_of(history.candidates[1])[0]
    db.flip_a_byte(added)
    (event,) = history.app.recorder.select_notifications(start=added, limit=1)
    views, key = history.service.views, f"{added:020d}"
    (generation,) = views.generations("chain")
    at = generation.position
    with views.transaction("chain", generation.number, at, at) as rows:
        link = rows.get("link", key)
        assert link is not None
        rows.put("link", key, link | {"hash": link_hash(link["previous"], event)})
    problem = history.verify().problem
    assert problem is not None
    assert (problem.position, problem.kind) == (added + 1, "chain rewritten")


def test_a_session_check_reports_its_own_events_and_ignores_another_centre(
    on_disk: tuple[History, Database],
) -> None:
    history, db = on_disk
    log = SessionActivity.id_for(history.ours.session)
    members = {history.ours.session, log, *history.candidates}
    assert history.session(history.ours.session).originators == {str(m) for m in members}
    checked = sum(len(history.positions_of(m)) for m in members)
    assert history.verify(history.session(history.ours.session)).checked == checked
    others = history.positions_of(history.other.centre)[0]
    ours = history.positions_of(history.candidates[2])[0]
    assert others < ours
    db.flip_a_byte(others)
    assert history.verify(history.session(history.ours.session)).intact
    assert history.verify(history.centre(history.ours.centre)).intact
    whole = history.verify().problem
    assert whole is not None
    assert (whole.position, whole.topic) == (others, Centre.CentreRegistered.TOPIC)
    db.flip_a_byte(ours)
    for scope in (history.session(history.ours.session), history.centre(history.ours.centre)):
        verdict = history.verify(scope)
        assert verdict.problem is not None
        assert (verdict.problem.position, verdict.problem.kind) == (ours, "altered")


def chain_cli() -> typer.Typer:
    cli = typer.Typer()

    @cli.callback()
    def main() -> None:
        """Keeps `verify` a named command although it is the only one here."""

    register(cli)
    return cli


def test_the_verify_command_catches_up_then_exits_1_on_a_broken_chain(
    on_disk: tuple[History, Database],
) -> None:
    history, db = on_disk
    settings = history.settings
    env = {
        "CERTIF_DATABASE_URL": settings.database_url,
        "CERTIF_POSTGRES_SCHEMA": settings.postgres_schema,
        "CERTIF_DATA_DIR": str(settings.data_dir),
    }
    history.app.add_candidate(history.ours.admin, history.ours.session, pupil("Petit", "Léo"))
    runner, cli = CliRunner(), chain_cli()
    intact = runner.invoke(cli, ["verify"], env=env)
    assert intact.exit_code == 0, intact.output
    assert intact.output.startswith(f"chain intact: {history.app.position()} events checked")
    added = history.positions_of(history.candidates[1])[0]
    db.flip_a_byte(added)
    session = ["verify", "--session", str(history.ours.session)]
    broken = runner.invoke(cli, session, env=env)
    assert broken.exit_code == 1
    assert broken.output.startswith(
        f"chain broken at position {added} (aggregate {history.candidates[1]} v1, "
        f"topic {Candidate.CandidateAdded.TOPIC}): altered"
    )
    elsewhere = runner.invoke(cli, ["verify", "--centre", str(history.other.centre)], env=env)
    assert elsewhere.exit_code == 0, elsewhere.output
