"""Specifications of a session's access log: sheets downloaded, convocations
sent, workspace passwords checked; and the old shapes of those facts, once
recorded on the session itself, still load."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain import errors
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from tests.unit.given import ADMIN, AT, a_session, given, then


def a_log() -> SessionActivity:
    return given(SessionActivity.open(uuid4(), ADMIN, AT))


def test_the_log_of_a_session_has_an_id_derived_from_the_session() -> None:
    session_id = uuid4()
    log = SessionActivity.open(session_id, ADMIN, AT)
    assert log.id == SessionActivity.id_for(session_id) != session_id
    assert SessionActivity.id_for(session_id) == SessionActivity.id_for(session_id)


def test_downloading_the_sheet_records_the_format_with_who_and_when() -> None:
    log = a_log()
    log.record_sheet_download("pdf", ADMIN, AT)
    [event] = log.collect_events()
    assert isinstance(event, SessionActivity.AttendanceSheetDownloaded)
    assert (event.format, event.session_id, event.by, event.at) == (
        "pdf",
        log.session_id,
        ADMIN,
        AT,
    )


def test_an_unknown_sheet_format_is_refused() -> None:
    log = a_log()
    with pytest.raises(errors.InvalidInput) as refused:
        log.record_sheet_download("docx", ADMIN, AT)
    assert refused.value.field == "format"
    assert then(log) == []


def test_a_convocation_is_recorded_each_time_it_is_sent() -> None:
    log, candidate = a_log(), uuid4()
    log.record_convocation_sent(candidate, ADMIN, AT)
    log.record_convocation_sent(candidate, ADMIN, AT)
    assert then(log) == ["ConvocationSent", "ConvocationSent"]


def test_a_checked_workspace_password_is_recorded_with_its_outcome() -> None:
    log = a_log()
    log.record_sign_in("wrong-password", ADMIN, AT)
    log.record_sign_in("accepted", ADMIN, AT)
    outcomes = [e.outcome for e in log.collect_events()]
    assert outcomes == ["wrong-password", "accepted"]
    with pytest.raises(errors.InvalidInput):
        log.record_sign_in("maybe", ADMIN, AT)


def test_the_facts_once_recorded_on_the_session_still_load_and_change_nothing() -> None:
    session = a_session()
    version = session.version
    for event_class, fields in [
        (Session.AttendanceSheetDownloaded, {"format": "pdf"}),
        (Session.ConvocationSent, {"candidate_id": uuid4()}),
        (Session.InvigilatorSignInAttempted, {"outcome": "wrong-password"}),
    ]:
        session.trigger_event(event_class, by=ADMIN, at=AT, **fields)
    assert session.version == version + 3
    assert session.invigilator_password_hash == "hash"


def test_stored_topics_stay_the_same() -> None:
    assert Session.AttendanceSheetDownloaded.TOPIC == "certif:Session.AttendanceSheetDownloaded"
    assert Session.ConvocationSent.TOPIC == "certif:Session.ConvocationSent"
    assert Session.InvigilatorSignInAttempted.TOPIC == "certif:Session.InvigilatorSignInAttempted"
    assert SessionActivity.TOPIC == "certif:SessionActivity"
    assert (
        SessionActivity.AttendanceSheetDownloaded.TOPIC
        == "certif:SessionActivity.AttendanceSheetDownloaded"
    )


def test_a_join_refused_for_another_account_is_recorded_for_the_candidate() -> None:
    log, candidate = a_log(), uuid4()
    log.record_join_refused(candidate, candidate, AT)
    [event] = log.collect_events()
    assert isinstance(event, SessionActivity.JoinFromAnotherAccountRefused)
    assert (event.candidate_id, event.session_id, event.by) == (
        candidate,
        log.session_id,
        candidate,
    )
