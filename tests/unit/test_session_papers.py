"""Specifications of the papers a session records: sheets downloaded, convocations sent."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain import errors
from domain.aggregates.session import Session
from tests.unit.given import ADMIN, AT, a_session, given, then


def test_downloading_the_sheet_records_the_format_with_who_and_when() -> None:
    session = a_session()
    session.record_sheet_download("pdf", ADMIN, AT)
    [event] = session.collect_events()
    assert isinstance(event, Session.AttendanceSheetDownloaded)
    assert (event.format, event.by, event.at) == ("pdf", ADMIN, AT)


def test_an_unknown_sheet_format_is_refused() -> None:
    session = a_session()
    with pytest.raises(errors.InvalidInput) as refused:
        session.record_sheet_download("docx", ADMIN, AT)
    assert refused.value.field == "format"
    assert then(session) == []


def test_a_deleted_session_records_no_paper() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    session.delete(ADMIN, AT)
    given(session)
    with pytest.raises(errors.SessionDeleted):
        session.record_sheet_download("pdf", ADMIN, AT)
    with pytest.raises(errors.SessionDeleted):
        session.record_convocation_sent(candidate, ADMIN, AT)
    assert then(session) == []


def test_a_convocation_is_recorded_for_a_candidate_of_the_session_each_time_it_is_sent() -> None:
    session, candidate = a_session(), uuid4()
    session.enrol(candidate, "key-1", ADMIN, AT)
    given(session)
    session.record_convocation_sent(candidate, ADMIN, AT)
    session.record_convocation_sent(candidate, ADMIN, AT)
    assert then(session) == ["ConvocationSent", "ConvocationSent"]


def test_a_convocation_for_someone_not_in_the_session_is_refused() -> None:
    session = a_session()
    with pytest.raises(errors.NotFound):
        session.record_convocation_sent(uuid4(), ADMIN, AT)
    assert then(session) == []


def test_the_stored_topics_of_papers_are_stable() -> None:
    assert Session.AttendanceSheetDownloaded.TOPIC == "certif:Session.AttendanceSheetDownloaded"
    assert Session.ConvocationSent.TOPIC == "certif:Session.ConvocationSent"
