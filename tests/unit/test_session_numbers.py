"""Session numbers, without a store: the old shape of SessionCreated, the rule of the number."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate

from adapters.security import Argon2Hasher
from application.app import CertificationApp
from domain import errors
from domain.aggregates.session import Session
from domain.aggregates.session_number import SessionNumber
from tests.unit.given import details

AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)
APP = CertificationApp({"PERSISTENCE_MODULE": "eventsourcing.popo"}, hasher=Argon2Hasher(1, 64))


def created(number: int | None) -> Session.SessionCreated:
    session = Session.create(
        uuid4(), uuid4(), details(), "BCDF23", "hash", TODAY, uuid4(), AT, number=number
    )
    event = session.collect_events()[0]
    assert isinstance(event, Session.SessionCreated)
    return event


def test_a_session_created_before_numbers_loads_with_no_number() -> None:
    """A SessionCreated stored as version 1 (no number, no class_version) still loads."""
    mapper = APP.mapper
    stored = mapper.to_stored_event(created(4512))
    state = mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    assert state.pop("number") == 4512
    old = dataclasses.replace(stored, state=mapper.transcoder.encode(state))

    event = mapper.to_domain_event(old)

    assert isinstance(event, Session.SessionCreated)
    assert event.number is None
    session = event.mutate(None)
    assert session is not None
    assert session.number is None
    assert session.details.room == "Salle 101"


def test_a_session_keeps_the_number_it_was_created_with() -> None:
    event = APP.mapper.to_domain_event(APP.mapper.to_stored_event(created(4512)))
    assert isinstance(event, Session.SessionCreated)
    assert event.number == 4512
    session = event.mutate(None)
    assert session is not None
    assert session.number == 4512


def test_a_number_names_one_position_and_numbers_start_at_one() -> None:
    session_id = uuid4()
    given = SessionNumber.give(7, session_id, uuid4(), AT)
    assert given.id == SessionNumber.id_for(7) != SessionNumber.id_for(8)
    assert (given.number, given.session_id) == (7, session_id)
    with pytest.raises(errors.InvalidInput):
        SessionNumber.give(0, session_id, uuid4(), AT)


def test_a_given_number_has_no_event_that_would_release_it() -> None:
    """Only its creation: nothing can happen to a number once given."""
    changes = [
        name
        for name, value in vars(SessionNumber).items()
        if isinstance(value, type)
        and issubclass(value, SessionNumber.Event)
        and not issubclass(value, Aggregate.Created)
    ]
    assert changes == ["Event"]
