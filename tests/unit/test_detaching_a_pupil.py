"""Specifications of undoing a join made from the wrong pupil account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain import errors
from domain.aggregates.candidate import Candidate
from tests.unit.given import ADMIN, AT, a_candidate, a_session, given, then
from tests.unit.test_session_day import CERTIFIABLE, joined

INVIGILATOR = ADMIN


def test_the_invigilator_detaches_the_account_that_joined_before_the_test_began() -> None:
    candidate = joined()
    candidate.detach_pupil_account(INVIGILATOR, AT + timedelta(minutes=3))
    [event] = candidate.collect_events()
    assert isinstance(event, Candidate.PupilAccountDetached)
    assert (event.pupil_account, event.by, event.at) == (
        "pupil-account-1",
        INVIGILATOR,
        AT + timedelta(minutes=3),
    )
    assert (candidate.pupil_account, candidate.decision, candidate.authorised) == (
        None,
        None,
        False,
    )


def test_once_detached_the_right_pupil_joins_from_their_own_account() -> None:
    candidate = joined()
    candidate.detach_pupil_account(INVIGILATOR, AT)
    given(candidate)
    candidate.join("pupil-account-2", CERTIFIABLE, ADMIN, AT)
    assert then(candidate) == ["CandidateJoined"]
    assert candidate.pupil_account == "pupil-account-2"


def test_a_test_that_has_begun_is_not_detached() -> None:
    candidate = joined()
    candidate.confirm_presence(INVIGILATOR, AT)
    candidate.start_test(ADMIN, AT)
    given(candidate)
    with pytest.raises(errors.TestNotRunning, match="end it and report"):
        candidate.detach_pupil_account(INVIGILATOR, AT)
    assert then(candidate) == []


def test_a_candidate_who_never_joined_has_nothing_to_detach() -> None:
    candidate = a_candidate(a_session())
    with pytest.raises(errors.TestNotRunning):
        candidate.detach_pupil_account(INVIGILATOR, AT)


def test_the_detach_event_keeps_its_stored_topic() -> None:
    assert Candidate.PupilAccountDetached.TOPIC == "certif:Candidate.PupilAccountDetached"
