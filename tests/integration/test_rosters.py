"""A school's roster, on every store: imported, imported again, enrolled by class, erased."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.security import Argon2Hasher
from adapters.wiring import build_application, build_service
from application.app import CertificationApp
from application.enrolment_files import RosterFile, RosterPupil
from application.ports import SYSTEM_ACTOR
from domain import errors
from domain.values import ERASED, CentreType, Sex
from tests.builders import school
from tests.conftest import FakeClock, settings_for
from tests.integration.test_erasure import found_in_database


def roster_pupil(
    line: int, ine: str, last: str, first: str, division: str | None = "3A", **more: object
) -> RosterPupil:
    return RosterPupil(
        line=line,
        national_id=ine,
        last_name=last,
        first_name=first,
        birthdate=date(2011, 1, 1 + line % 28),
        sex=Sex.F,
        division=division,
        **more,  # type: ignore[arg-type]
    )


def a_roster(*pupils: RosterPupil, code: str | None = "0691234S") -> RosterFile:
    return RosterFile("siecle-xml", code, pupils)


CLASS_3A = (
    roster_pupil(2, "123456789AB", "Durand", "Léa"),
    roster_pupil(3, "123456789AC", "Çelik", "Ayşe"),
    roster_pupil(4, "1234567890D", "Martin", "Hugo", division="3B"),
)


def test_a_roster_lists_its_pupils_and_counts_those_it_skips(app: CertificationApp) -> None:
    s = school(app)
    report = app.import_roster(
        s.admin,
        s.centre,
        a_roster(
            *CLASS_3A,
            roster_pupil(5, "1234567890E", "Petit", "Noé", left_on=date(2024, 7, 5)),
            roster_pupil(6, "1234567890F", "Roux", "Inès", division=None),
        ),
    )
    assert (report.listed, report.skipped_left, report.skipped_without_class) == (3, 1, 1)
    pupils = app.list_pupils(s.admin, s.centre)
    assert [p.last_name for p in pupils] == ["Çelik", "Durand", "Martin"]
    assert app.roster_divisions(s.admin, s.centre) == ["3A", "3B"]
    assert [p.first_name for p in app.list_pupils(s.admin, s.centre, division="3B")] == ["Hugo"]
    assert [p.first_name for p in app.list_pupils(s.admin, s.centre, search="celik")] == ["Ayşe"]


def test_the_same_roster_twice_changes_nothing(app: CertificationApp) -> None:
    s = school(app)
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    before = app.position()
    again = app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    assert not again.recorded
    assert (again.listed, again.changed, again.unchanged, again.gone) == (0, 0, 3, 0)
    assert app.position() == before


def test_a_pupil_missing_from_a_new_roster_is_gone_not_deleted_and_can_come_back(
    app: CertificationApp,
) -> None:
    s = school(app)
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    moved = replace(CLASS_3A[0], division="3B")
    report = app.import_roster(s.admin, s.centre, a_roster(moved, CLASS_3A[2]))
    assert (report.gone, report.changed, report.unchanged) == (1, 1, 1)
    assert [p.last_name for p in app.list_pupils(s.admin, s.centre)] == ["Durand", "Martin"]
    everyone = app.list_pupils(s.admin, s.centre, gone_too=True)
    assert (everyone[0].last_name, everyone[0].gone) == ("Çelik", True)
    back = app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    assert back.returned == 1
    assert len(app.list_pupils(s.admin, s.centre)) == 3


def test_a_roster_of_another_school_or_a_faulty_row_stores_nothing(app: CertificationApp) -> None:
    s = school(app)
    before = app.position()
    with pytest.raises(errors.RosterOfAnotherCentre):
        app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A, code="0751234J"))
    faulty = replace(CLASS_3A[1], first_name="  ", birthdate=date(2090, 1, 1))
    with pytest.raises(errors.InvalidRows) as refused:
        app.import_roster(s.admin, s.centre, a_roster(CLASS_3A[0], faulty, CLASS_3A[0]))
    rows = refused.value.rows
    assert {(r["row"], r["rule"]) for r in rows} >= {
        (3, "name-required"),
        (2, "duplicate-national-id"),
    }
    assert app.position() == before


def test_only_schools_import_a_roster(app: CertificationApp) -> None:
    s = school(app)
    other = app.register_centre(SYSTEM_ACTOR, "Greta Lyon", CentreType.PRO, "0699999U", s.admin)
    with pytest.raises(errors.RosterForSchoolsOnly):
        app.import_roster(s.admin, other.id, a_roster(*CLASS_3A, code=None))


def test_a_class_is_enrolled_at_once_and_twice_skips_who_is_in(app: CertificationApp) -> None:
    s = school(app)
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    class_3a = [p.id for p in app.list_pupils(s.admin, s.centre, division="3A")]
    report = app.enrol_pupils(s.admin, s.session, class_3a)
    assert len(report.enrolled) == 2
    candidates = app.list_candidates(s.admin, s.session)
    assert [(c.last_name, c.division) for c in candidates] == [("Çelik", "3A"), ("Durand", "3A")]
    everyone = [p.id for p in app.list_pupils(s.admin, s.centre)]
    again = app.enrol_pupils(s.admin, s.session, everyone)
    assert (len(again.enrolled), len(again.already_enrolled)) == (1, 2)
    assert all(p.sessions == (s.session,) for p in app.list_pupils(s.admin, s.centre))


def test_a_pupil_whose_candidate_was_removed_is_no_longer_in_the_session(
    app: CertificationApp,
) -> None:
    s = school(app)
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    pupils = {p.last_name: p.id for p in app.list_pupils(s.admin, s.centre)}
    report = app.enrol_division(s.admin, s.session, "3A")
    assert app.pupils_in_session(s.admin, s.session) == {pupils["Durand"], pupils["Çelik"]}
    durand = next(c for c in app.list_candidates(s.admin, s.session) if c.last_name == "Durand")
    app.remove_candidate(s.admin, s.session, durand.id, None)
    assert app.pupils_in_session(s.admin, s.session) == {pupils["Çelik"]}
    again = app.enrol_pupils(s.admin, s.session, [pupils["Durand"]])
    assert len(again.enrolled) == 1
    assert len(report.enrolled) == 2
    assert app.pupils_in_session(s.admin, s.session) == {pupils["Durand"], pupils["Çelik"]}


def test_pupils_gone_or_of_another_school_are_refused_and_nothing_is_enrolled(
    app: CertificationApp,
) -> None:
    s = school(app)
    elsewhere = school(app, code="0751234J", email="admin@autre.fr")
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    app.import_roster(elsewhere.admin, elsewhere.centre, a_roster(*CLASS_3A, code="0751234J"))
    foreign = app.list_pupils(elsewhere.admin, elsewhere.centre)[0].id
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A[1:]))
    gone = app.list_pupils(s.admin, s.centre, gone_too=True, search="durand")[0].id
    present = app.list_pupils(s.admin, s.centre)[0].id
    before = app.position()
    with pytest.raises(errors.InvalidRows) as refused:
        app.enrol_pupils(s.admin, s.session, [present, foreign, gone, uuid4()])
    assert [r["rule"] for r in refused.value.rows] == [
        "pupil-of-another-centre",
        "pupil-gone",
        "pupil-of-another-centre",
    ]
    assert app.position() == before
    assert app.list_candidates(s.admin, s.session) == []


def test_erasing_a_pupil_erases_their_candidates_and_keeps_them_out_of_later_rosters(
    app: CertificationApp,
) -> None:
    s = school(app)
    app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    durand = app.list_pupils(s.admin, s.centre, search="durand")[0]
    app.enrol_pupils(s.admin, s.session, [durand.id])
    app.erase_pupil(s.admin, s.centre, durand.id, "Demande de la famille")
    [candidate] = app.list_candidates(s.admin, s.session)
    assert (candidate.erased, candidate.last_name) == (True, ERASED)
    assert "Durand" not in [p.last_name for p in app.list_pupils(s.admin, s.centre, gone_too=True)]
    again = app.import_roster(s.admin, s.centre, a_roster(*CLASS_3A))
    assert (again.skipped_erased, again.listed) == (1, 0)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_no_byte_of_the_database_holds_a_pupil_of_the_roster_in_clear(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    settings = settings_for(backend, tmp_path, request)
    service = build_service(settings, build_application(settings, hasher=hasher, clock=clock))
    try:
        app = service.app
        s = school(app)
        abroad = roster_pupil(
            2,
            "0912345678QZ"[:11],
            "Quatrebarbes",
            "Zéphyrine",
            division="3e Quokka",
            usage_name="Vandermeulen",
            birth_country_code="134",
            birth_city="Valladolid",
        )
        app.import_roster(s.admin, s.centre, a_roster(abroad))
        app.enrol_pupils(s.admin, s.session, [p.id for p in app.list_pupils(s.admin, s.centre)])
        service.runner.catch_up()
        secrets = [
            "Quatrebarbes",
            "Zéphyrine",
            "0912345678Q",
            "3e Quokka",
            "Vandermeulen",
            "Valladolid",
        ]
        assert found_in_database(settings, secrets) == {}
        assert found_in_database(settings, ["Salle 101"])  # what is not personal is in clear
        assert app.list_pupils(s.admin, s.centre)[0].usage_name == "Vandermeulen"
    finally:
        service.close()
