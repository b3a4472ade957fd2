"""Erasure by crypto-shredding: a pupil's data is gone for good, everywhere,
while every history, count and chain check still holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import Service, build_application, build_service
from application.app import CertificationApp
from application.commands import CandidateInput
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from domain import errors
from domain.actors import invigilator_actor
from domain.values import ERASED
from projections import audit_queries, queries
from projections.chain import verify
from tests.builders import SESSION_DAY, School, school
from tests.conftest import POSTGRES_URL, FakeClock, settings_for

BORN = date(2010, 2, 17)
ACCOUNT = "pupil-account-7731"
WRONG_ACCOUNT = "pupil-account-wrong-4411"
IDENTIFYING = [
    "Quatrebarbes",
    "Zéphyrine",
    "2010-02-17",
    "17/02/2010",
    "INE0912345QZ",
    "3e Quokka",
    "parent.quatrebarbes@example.org",
    "resultats.quatrebarbes@example.org",
    ACCOUNT,
    WRONG_ACCOUNT,
    "tiers-temps accordé à Zéphyrine",
    "Zéphyrine a regardé le voisin",
]


@dataclass
class World:
    service: Service
    school: School
    pupil: UUID
    other: UUID

    @property
    def app(self) -> CertificationApp:
        return self.service.app


def the_pupil() -> CandidateInput:
    return CandidateInput(
        last_name="Quatrebarbes",
        first_name="Zéphyrine",
        birthdate=BORN,
        external_id="INE0912345QZ",
        division="3e Quokka",
        convocation_email="parent.quatrebarbes@example.org",
        results_email="resultats.quatrebarbes@example.org",
    )


def a_day_with_the_pupil(app: CertificationApp, clock: FakeClock, settings: Settings) -> World:
    """A session where the pupil is enrolled, joins, has extra time, an incident
    and a fraud report naming her, and the session is finalised and published."""
    s = school(app)
    pupil = app.add_candidate(s.admin, s.session, the_pupil())
    other = app.add_candidate(
        s.admin, s.session, CandidateInput(last_name="Martin", first_name="Paul", birthdate=BORN)
    )
    for last, first in (("Quatrebarbes", "Zéphyrine"), ("Martin", "Paul")):
        profile = ProfileInput(last, first, BORN, "Collecte 3e", clock(), {"1.1": 24} | FIVE)
        app.record_profile(s.admin, s.centre, profile)
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    clock.current = datetime.combine(SESSION_DAY, datetime.min.time(), UTC) + timedelta(hours=8)
    invigilator = invigilator_actor(s.session)
    app.start_session(invigilator, s.session)
    code = app.get_session(s.admin, s.session).access_code
    app.join(code, "Quatrebarbes", "Zéphyrine", BORN, WRONG_ACCOUNT)  # a neighbour's account
    app.detach_pupil_account(invigilator, s.session, pupil.id)
    app.join(code, "QUATREBARBES", "zephyrine", BORN, ACCOUNT)
    app.join(code, "Martin", "Paul", BORN, "pupil-account-0002")
    for candidate in (pupil.id, other.id):
        app.confirm_presence(invigilator, s.session, candidate)
    app.note_extra_time(invigilator, s.session, pupil.id, Decimal("0.33"))
    app.start_test(pupil.id, ACCOUNT)
    app.start_test(other.id, "pupil-account-0002")
    app.report_incident(invigilator, s.session, "C2", pupil.id, "tiers-temps accordé à Zéphyrine")
    app.report_fraud(invigilator, s.session, pupil.id, "Zéphyrine a regardé le voisin")
    app.complete_test(pupil.id, ACCOUNT)
    app.complete_test(other.id, "pupil-account-0002")
    app.finalise(
        s.admin, s.session, "", True, False, {}, {pupil.id: "Zéphyrine a regardé le voisin"}
    )
    app.complete_review(SYSTEM_ACTOR, s.session)
    app.publish(SYSTEM_ACTOR, s.session)
    return World(build_service(settings, app=app, embedded=False), s, pupil.id, other.id)


FIVE = {"1.2": 16, "2.1": 16, "3.1": 16, "4.1": 16}


@pytest.fixture
def world(settings: Settings, clock: FakeClock, hasher: Argon2Hasher) -> Iterator[World]:
    app = build_application(settings, hasher=hasher, clock=clock)
    built = a_day_with_the_pupil(app, clock, settings)
    try:
        built.service.runner.catch_up()
        yield built
    finally:
        built.service.close()


def erase_and_project(w: World) -> None:
    w.app.erase_candidate(w.school.admin, w.school.session, w.pupil, "Demande des parents")
    w.service.runner.catch_up()


def test_after_erasure_the_candidate_reads_as_erased_everywhere(world: World) -> None:
    w, s = world, world.school
    before = queries.session_overview(w.service.views, str(s.centre))
    erase_and_project(w)
    view = w.app.get_candidate(s.admin, s.session, w.pupil)
    assert (view.last_name, view.first_name, view.birthdate, view.erased) == (
        ERASED,
        ERASED,
        None,
        True,
    )
    assert view.convocation_email is None
    assert view.extra_time == 0
    assert w.app.get_candidate(s.admin, s.session, w.other).last_name == "Martin"
    sheet = queries.attendance_sheet(w.service.views, str(s.session))
    assert {row["last_name"] for row in sheet["rows"]} == {ERASED, "Martin"}
    trail = audit_queries.session_trail(w.service.views, str(s.session))
    assert not any("Zéphyrine" in str(entry) for entry in trail)
    descriptions = [entry["description"] for entry in trail]
    assert "Données personnelles effacées : Demande des parents" in descriptions
    acted = [entry for entry in trail if entry["by"] == str(w.pupil)]
    assert acted
    assert {entry["by_name"] for entry in acted} == {ERASED}
    assert queries.session_overview(w.service.views, str(s.centre)) == before  # counts unchanged


def test_a_rebuilt_read_model_forgets_the_erased_candidate_too(world: World) -> None:
    erase_and_project(world)
    for projection in world.service.runner.projections:
        world.service.runner.rebuild(projection.name)
    sheet = queries.attendance_sheet(world.service.views, str(world.school.session))
    assert sorted(row["last_name"] for row in sheet["rows"]) == sorted([ERASED, "Martin"])
    assert len(audit_queries.candidate_trail(world.service.views, str(world.pupil))) > 5


def test_a_replay_before_the_erasure_shows_the_candidate_erased(world: World) -> None:
    w, s = world, world.school
    at_enrolment = w.app.session_as_of(SYSTEM_ACTOR, s.session, version=3)
    assert "Quatrebarbes" in [c.last_name for c in at_enrolment.candidates]
    erase_and_project(w)
    for version in (3, w.app.get_session(s.admin, s.session).version):
        replay = w.app.session_as_of(SYSTEM_ACTOR, s.session, version=version)
        names = [c.last_name for c in replay.candidates]
        assert ERASED in names
        assert "Quatrebarbes" not in names
    assert len(w.app.session_as_of(SYSTEM_ACTOR, s.session, version=3).candidates) == len(
        at_enrolment.candidates
    )


def test_the_chain_still_verifies_and_says_how_many_events_carry_erased_data(
    world: World,
) -> None:
    erase_and_project(world)
    verdict = verify(world.app.recorder, world.service.views)
    assert verdict.intact
    assert verdict.checked == world.app.position()
    erased = world.app.erased_data()
    # added, joined twice, detached, extra time, incident, fraud, finalisation
    assert (erased.events, erased.candidates) == (8, 1)


def test_an_erased_candidate_accepts_no_more_change_and_erasing_again_records_nothing(
    world: World,
) -> None:
    w, s = world, world.school
    erase_and_project(w)
    version = w.app.get_candidate(s.admin, s.session, w.pupil).version
    receipt = w.app.erase_candidate(s.admin, s.session, w.pupil, "encore")
    assert receipt.version == version
    with pytest.raises(errors.PersonalDataErased):
        w.app.change_candidate(s.admin, s.session, w.pupil, {"division": "3e B"})


def test_another_centres_administrator_cannot_erase(world: World) -> None:
    other = school(world.app, code="0693456G", email="admin@autre-college.fr")
    with pytest.raises(errors.NotFound):
        world.app.erase_candidate(other.admin, world.school.session, world.pupil, "Demande")
    assert not world.app.get_candidate(world.school.admin, world.school.session, world.pupil).erased


def test_a_reason_is_required(world: World) -> None:
    with pytest.raises(errors.InvalidInput, match="why"):
        world.app.erase_candidate(world.school.admin, world.school.session, world.pupil, "  ")


# The raw bytes of the whole database --------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_no_identifying_string_of_the_pupil_is_stored_in_any_byte_of_the_database(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    """Neither before the erasure (everything personal is sealed) nor after it
    (the key itself is gone), in events, read models or the keys table."""
    settings = settings_for(backend, tmp_path, request)
    app = build_application(settings, hasher=hasher, clock=clock)
    w = a_day_with_the_pupil(app, clock, settings)
    try:
        w.service.runner.catch_up()
        assert w.app.get_candidate(w.school.admin, w.school.session, w.pupil).last_name == (
            "Quatrebarbes"
        )
        assert found_in_database(settings, IDENTIFYING) == {}
        assert found_in_database(settings, ["Salle 101"])  # what is not personal is in clear
        erase_and_project(w)
        for projection in w.service.runner.projections:
            w.service.runner.rebuild(projection.name)
        assert found_in_database(settings, IDENTIFYING) == {}
        assert verify(w.app.recorder, w.service.views).intact
    finally:
        w.service.close()


def found_in_database(settings: Settings, needles: list[str]) -> dict[str, int]:
    """How many times each string occurs in the database's raw bytes."""
    blobs = raw_sqlite(settings) if settings.backend == "sqlite" else raw_postgres(settings)
    found: dict[str, int] = {}
    for needle in needles:
        count = sum(blob.count(needle.encode()) for blob in blobs)
        if count:
            found[needle] = count
    return found


def raw_sqlite(settings: Settings) -> list[bytes]:
    path = settings.sqlite_path()
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    return [file.read_bytes() for file in files if file.exists()]


def raw_postgres(settings: Settings) -> list[bytes]:
    """The files of every table, index and TOAST table of the test's schema,
    as the server holds them on disk (dead row versions included)."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
        rows = conn.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.reltoastrelid <> 0",
            (settings.postgres_schema, settings.postgres_schema),
        ).fetchall()
        paths = [row[0] for row in rows if row[0]]
        assert len(paths) > 5, paths
        return [conn.execute("SELECT pg_read_binary_file(%s)", (p,)).fetchone()[0] for p in paths]
