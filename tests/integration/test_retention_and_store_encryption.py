"""Retention erases the candidates of old sessions; older stored shapes still
read; the whole store can be encrypted at rest by one setting."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

from eventsourcing.persistence import Mapper
from typer.testing import CliRunner

from adapters.cli import cli
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.enrolment_files import RosterFile, RosterPupil
from domain.aggregates.candidate import Candidate
from domain.aggregates.candidate_record import candidate_record
from domain.values import ERASED, CentreType
from tests.builders import pupil, school
from tests.conftest import FakeClock
from tests.integration.test_cli import env_for


def test_retention_erases_only_the_candidates_of_sessions_closed_long_enough_ago(
    app: CertificationApp, clock: FakeClock
) -> None:
    old, recent = school(app), school(app, code="0693456G", email="admin@autre.fr")
    for s in (old, recent):
        app.add_candidate(s.admin, s.session, pupil("Quatrebarbes", "Zéphyrine"))
        app.add_candidate(s.admin, s.session, pupil("Martin", "Paul"))
    app.delete_session(old.admin, old.session)
    clock.advance(days=400)
    app.delete_session(recent.admin, recent.session)
    clock.advance(days=400)
    expired = app.expired_candidates(timedelta(days=730))
    assert {e.session_id for e in expired} == {old.session}
    assert len(expired) == 2
    for item in expired:
        app.erase_expired(item)
    assert app.expired_candidates(timedelta(days=730)) == []
    replay = app.session_as_of(old.admin, old.session, version=3)
    assert [c.last_name for c in replay.candidates] == [ERASED, ERASED]
    kept = app.session_as_of(recent.admin, recent.session, version=3)
    assert sorted(c.last_name for c in kept.candidates) == ["Martin", "Quatrebarbes"]


def test_retention_erases_the_pupils_gone_from_the_roster_long_enough_ago(
    app: CertificationApp, clock: FakeClock
) -> None:
    s = school(app)
    lea, noe, ines = (
        RosterPupil(2 + n, f"12345678{n}AB", last, first, date(2011, 5, 1), division="3A")
        for n, (last, first) in enumerate((("Durand", "Léa"), ("Petit", "Noé"), ("Roux", "Inès")))
    )
    app.import_roster(s.admin, s.centre, RosterFile("csv", None, (lea, noe, ines)))
    durand = app.list_pupils(s.admin, s.centre, search="durand")[0].id
    app.enrol_pupils(s.admin, s.session, [durand])
    app.import_roster(s.admin, s.centre, RosterFile("csv", None, (ines,)))  # Léa, Noé leave
    clock.advance(days=400)
    app.import_roster(s.admin, s.centre, RosterFile("csv", None, (noe, ines)))  # Noé is back
    clock.advance(days=400)
    expired = app.expired_pupils(timedelta(days=730))
    assert [e.pupil_id for e in expired] == [durand]
    app.erase_expired_pupil(expired[0])
    assert app.expired_pupils(timedelta(days=730)) == []
    [candidate] = app.list_candidates(s.admin, s.session)
    assert (candidate.last_name, candidate.erased) == (ERASED, True)
    names = [p.last_name for p in app.list_pupils(s.admin, s.centre, gone_too=True)]
    assert names == ["Petit", "Roux"]


def test_erase_expired_lists_in_a_dry_run_and_then_erases(
    tmp_path: Path, hasher: Argon2Hasher
) -> None:
    runner, env = CliRunner(), env_for(tmp_path)
    settings = Settings(database_url=env["CERTIF_DATABASE_URL"], data_dir=tmp_path)
    app = build_application(settings, hasher=hasher)
    try:
        s = school(app)
        app.add_candidate(s.admin, s.session, pupil("Quatrebarbes", "Zéphyrine"))
        app.delete_session(s.admin, s.session)
    finally:
        app.close()
    kept = runner.invoke(cli, ["erase-expired", "--dry-run"], env=env)
    assert "0 candidate(s) and 0 pupil(s) would be erased" in kept.output, kept.output
    listed = runner.invoke(cli, ["erase-expired", "--older-than", "0d", "--dry-run"], env=env)
    assert f"session {s.session}" in listed.output
    assert "1 candidate(s) and 0 pupil(s) would be erased" in listed.output
    erased = runner.invoke(cli, ["erase-expired", "--older-than", "0d"], env=env)
    assert erased.exit_code == 0, erased.output
    assert "1 candidate(s) and 0 pupil(s) erased." in erased.output
    again = runner.invoke(cli, ["erase-expired", "--older-than", "0d", "--dry-run"], env=env)
    assert "0 candidate(s) and 0 pupil(s) would be erased" in again.output
    verified = runner.invoke(cli, ["verify"], env=env)
    assert verified.exit_code == 0, verified.output
    assert "chain intact" in verified.output
    assert "1 event(s) carry personal data erased with the keys of 1 candidate(s)" in (
        verified.output
    )
    bad = runner.invoke(cli, ["erase-expired", "--older-than", "two years"], env=env)
    assert bad.exit_code != 0
    assert "not a period" in bad.output


def test_events_stored_before_sealing_existed_still_read(app: CertificationApp) -> None:
    """The shape stored before personal fields were sealed: plain values."""
    s = school(app)
    record = candidate_record(
        today=date(2026, 11, 26),
        last_name="Ancien",
        first_name="Format",
        birthdate=date(2011, 1, 2),
    )
    candidate = Candidate.add(
        uuid4(), s.session, s.centre, CentreType.SCO, record, Decimal("0.25"), s.admin, app.now()
    )
    plain = Mapper(app.mapper.transcoder)
    stored = [plain.to_stored_event(e) for e in candidate.collect_events()]
    assert b"Ancien" in stored[0].state
    app.recorder.insert_events(stored)
    loaded = app.load(Candidate, candidate.id, "candidate")
    assert (loaded.personal.last_name, loaded.extra_time) == ("Ancien", Decimal("0.25"))


def test_one_setting_encrypts_every_stored_event_at_rest(
    tmp_path: Path, clock: FakeClock, hasher: Argon2Hasher
) -> None:
    from eventsourcing.cryptography import AESCipher

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'events.sqlite3'}",
        data_dir=tmp_path,
        store_encryption_key=AESCipher.create_key(32),
    )
    app = build_application(settings, hasher=hasher, clock=clock)
    try:
        s = school(app)
        assert app.get_session(s.admin, s.session).room == "Salle 101"
    finally:
        app.close()
    assert b"Salle 101" not in settings.sqlite_path().read_bytes()
    again = build_application(settings, hasher=hasher, clock=clock)
    try:
        assert again.get_session(s.admin, s.session).room == "Salle 101"
    finally:
        again.close()
