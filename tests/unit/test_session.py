"""Specifications of the Session aggregate."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain import errors
from domain.aggregates.session import Session, SessionStatus
from domain.reports import Finalisation
from tests.unit.given import ADMIN, AT, TODAY, a_session, details, given, then


def test_a_session_cannot_be_scheduled_in_the_past() -> None:
    with pytest.raises(errors.SessionInThePast) as refused:
        Session.create(
            uuid4(),
            uuid4(),
            details(date=TODAY - timedelta(days=1)),
            "BCDF23",
            "h",
            TODAY,
            ADMIN,
            AT,
        )
    assert refused.value.field == "date"


def test_a_session_can_be_scheduled_today() -> None:
    session = Session.create(uuid4(), uuid4(), details(date=TODAY), "BCDF23", "h", TODAY, ADMIN, AT)
    assert then(session) == ["SessionCreated"]
    assert session.status is SessionStatus.CREATED


def test_changing_details_records_the_new_details_with_who_and_when() -> None:
    session = a_session()
    session.change_details(details(room="CDI"), TODAY, ADMIN, AT)
    events = session.collect_events()
    assert [type(e).__name__ for e in events] == ["SessionDetailsChanged"]
    assert events[0].by == ADMIN
    assert events[0].at == AT
    assert session.details.room == "CDI"


def test_changing_nothing_records_nothing() -> None:
    session = a_session()
    session.change_details(details(), TODAY, ADMIN, AT)
    assert then(session) == []


def test_moving_a_session_into_the_past_is_refused() -> None:
    session = a_session()
    with pytest.raises(errors.SessionInThePast):
        session.change_details(details(date=date(2020, 1, 6)), TODAY, ADMIN, AT)
    assert then(session) == []


def test_a_session_whose_date_has_passed_can_still_have_its_observations_changed() -> None:
    session = a_session(date=TODAY)
    later = TODAY + timedelta(days=3)
    session.change_details(details(date=TODAY, observations="Casques audio"), later, ADMIN, AT)
    assert then(session) == ["SessionDetailsChanged"]


def test_enrolling_the_same_identity_twice_is_refused() -> None:
    session = a_session()
    session.enrol(uuid4(), "key-1", ADMIN, AT)
    given(session)
    with pytest.raises(errors.DuplicateCandidate):
        session.enrol(uuid4(), "key-1", ADMIN, AT)
    assert then(session) == []


def test_a_candidate_may_keep_their_own_identity_when_their_entry_changes() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    given(session)
    session.amend_entry(candidate, "key-1", ADMIN, AT)
    assert then(session) == ["CandidateEntryChanged"]


def test_renaming_a_candidate_into_another_is_refused() -> None:
    session, first, second = a_session(), uuid4(), uuid4()
    session.enrol(first, "key-1", ADMIN, AT)
    session.enrol(second, "key-2", ADMIN, AT)
    given(session)
    with pytest.raises(errors.DuplicateCandidate):
        session.amend_entry(second, "key-1", ADMIN, AT)


def test_a_withdrawn_identity_can_be_enrolled_again() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    session.withdraw(candidate, ADMIN, AT)
    given(session)
    session.enrol(uuid4(), "key-1", ADMIN, AT)
    assert then(session) == ["CandidateEnrolled"]


def test_a_session_in_which_a_candidate_started_cannot_be_deleted() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    session.record_start(candidate, ADMIN, AT)
    given(session)
    with pytest.raises(errors.SessionHasStarted):
        session.delete(ADMIN, AT)
    assert session.status is SessionStatus.STARTED
    assert then(session) == []


def test_a_candidate_who_started_cannot_be_removed() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    session.record_start(candidate, ADMIN, AT)
    given(session)
    with pytest.raises(errors.CandidateHasJoined):
        session.withdraw(candidate, ADMIN, AT)


def test_a_deleted_session_refuses_every_change() -> None:
    session = a_session()
    session.delete(ADMIN, AT)
    assert then(session) == ["SessionDeleted"]
    assert session.status is SessionStatus.DELETED
    assert not session.can_be_joined
    with pytest.raises(errors.SessionDeleted):
        session.enrol(uuid4(), "key", ADMIN, AT)
    with pytest.raises(errors.SessionDeleted):
        session.change_details(details(room="CDI"), TODAY, ADMIN, AT)


def test_a_finalised_session_refuses_changes_to_its_roster() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    session.name_invigilators(["Mme Lemoine"], ADMIN, AT)
    session.start(20, ADMIN, AT)
    session.record_join(candidate, ADMIN, AT)
    session.record_start(candidate, ADMIN, AT)
    session.record_finish(candidate, True, ADMIN, AT)
    session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)
    given(session)
    with pytest.raises(errors.SessionFinalised):
        session.amend_entry(candidate, "key-1", ADMIN, AT)
    with pytest.raises(errors.SessionFinalised):
        session.enrol(uuid4(), "key-2", ADMIN, AT)


def test_an_unknown_candidate_cannot_be_withdrawn() -> None:
    with pytest.raises(errors.NotFound):
        a_session().withdraw(uuid4(), ADMIN, AT)
