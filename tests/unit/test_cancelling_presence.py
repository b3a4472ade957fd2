"""Specifications of cancelling a confirmation of presence given by mistake."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain import errors
from domain.aggregates.candidate import Candidate
from domain.values import CentreType
from tests.unit.given import ADMIN, AT, a_candidate, a_record, a_session, given, then
from tests.unit.test_replay import assert_replays
from tests.unit.test_session_day import CERTIFIABLE, joined

INVIGILATOR = ADMIN


def confirmed() -> Candidate:
    candidate = joined()
    candidate.confirm_presence(INVIGILATOR, AT)
    return given(candidate)


def test_the_invigilator_cancels_a_presence_confirmed_by_mistake() -> None:
    candidate = confirmed()
    candidate.cancel_presence(INVIGILATOR, AT + timedelta(minutes=2))
    [event] = candidate.collect_events()
    assert isinstance(event, Candidate.PresenceCancelled)
    assert (event.by, event.at, event.originator_id) == (
        INVIGILATOR,
        AT + timedelta(minutes=2),
        candidate.id,
    )
    assert candidate.authorised is False


def test_once_cancelled_the_candidate_cannot_start() -> None:
    candidate = confirmed()
    candidate.cancel_presence(INVIGILATOR, AT)
    given(candidate)
    with pytest.raises(errors.StartNotAuthorised):
        candidate.start_test(ADMIN, AT)
    assert then(candidate) == []


def test_presence_is_confirmed_again_after_a_cancellation_and_then_the_start_is_allowed() -> None:
    candidate = confirmed()
    candidate.cancel_presence(INVIGILATOR, AT)
    candidate.confirm_presence(INVIGILATOR, AT + timedelta(minutes=1))
    candidate.start_test(ADMIN, AT + timedelta(minutes=2))
    assert then(candidate) == ["PresenceCancelled", "PresenceConfirmed", "TestStarted"]
    assert candidate.started_at == AT + timedelta(minutes=2)


def test_a_presence_spent_by_the_start_is_no_longer_cancelled() -> None:
    candidate = confirmed()
    candidate.start_test(ADMIN, AT)
    given(candidate)
    with pytest.raises(errors.PresenceNotCancellable, match="has started since") as refused:
        candidate.cancel_presence(INVIGILATOR, AT)
    assert refused.value.rule == "presence-not-cancellable"
    assert isinstance(refused.value, errors.RuleConflict)
    assert then(candidate) == []


def test_an_unused_authorisation_to_resume_is_cancelled_and_a_used_one_is_not() -> None:
    candidate = confirmed()
    candidate.start_test(ADMIN, AT)
    candidate.confirm_presence(INVIGILATOR, AT + timedelta(minutes=20))
    candidate.cancel_presence(INVIGILATOR, AT + timedelta(minutes=21))
    assert then(candidate)[-1] == "PresenceCancelled"
    with pytest.raises(errors.StartNotAuthorised):
        candidate.start_test(ADMIN, AT + timedelta(minutes=22))
    candidate.confirm_presence(INVIGILATOR, AT + timedelta(minutes=23))
    candidate.start_test(ADMIN, AT + timedelta(minutes=24))
    with pytest.raises(errors.PresenceNotCancellable):
        candidate.cancel_presence(INVIGILATOR, AT + timedelta(minutes=25))


def test_a_presence_never_confirmed_or_already_cancelled_has_nothing_to_cancel() -> None:
    candidate = joined()
    with pytest.raises(errors.PresenceNotCancellable, match="not confirmed"):
        candidate.cancel_presence(INVIGILATOR, AT)
    candidate.confirm_presence(INVIGILATOR, AT)
    candidate.cancel_presence(INVIGILATOR, AT)
    given(candidate)
    with pytest.raises(errors.PresenceNotCancellable, match="not confirmed"):
        candidate.cancel_presence(INVIGILATOR, AT)
    assert then(candidate) == []


def test_a_candidate_who_never_joined_or_whose_test_is_over_has_no_presence_to_cancel() -> None:
    with pytest.raises(errors.TestNotRunning, match="not joined"):
        a_candidate(a_session()).cancel_presence(INVIGILATOR, AT)
    candidate = confirmed()
    candidate.start_test(ADMIN, AT)
    candidate.end_test(INVIGILATOR, AT)
    with pytest.raises(errors.TestNotRunning, match="ended"):
        candidate.cancel_presence(INVIGILATOR, AT)


def test_replaying_a_cancelled_presence_through_the_stored_form_rebuilds_the_candidate() -> None:
    session = a_session()
    candidate = Candidate.add(
        uuid4(), session.id, session.centre_id, CentreType.SCO, a_record(), Decimal(0), ADMIN, AT
    )
    candidate.join("pupil-account-1", CERTIFIABLE, ADMIN, AT)
    candidate.confirm_presence(INVIGILATOR, AT)
    candidate.cancel_presence(INVIGILATOR, AT + timedelta(minutes=1))
    events = list(candidate.collect_events())
    assert [type(e).__name__ for e in events][-2:] == ["PresenceConfirmed", "PresenceCancelled"]
    assert_replays(candidate, events)


def test_the_cancellation_keeps_its_stored_topic() -> None:
    assert Candidate.PresenceCancelled.TOPIC == "certif:Candidate.PresenceCancelled"
