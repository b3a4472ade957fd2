"""Replaying the recorded events, through the stored form, rebuilds the same state."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import uuid4

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.security import Argon2Hasher
from application.app import CertificationApp
from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session
from domain.values import CentreType, Sex
from tests.unit.given import ADMIN, AT, TODAY, a_record, details

NAMES = st.sampled_from(["Durand", "Lefèvre", "Ménard", "Œillet", "Da Silva", "Nguyễn"])
COMMANDS = st.lists(
    st.tuples(
        st.sampled_from(["add", "rename", "extra", "remove", "move", "start"]),
        NAMES,
        st.integers(min_value=0, max_value=5),
        st.decimals(min_value=0, max_value=Decimal("9.99"), places=2),
    ),
    max_size=25,
)
APP = CertificationApp({"PERSISTENCE_MODULE": "eventsourcing.popo"}, hasher=Argon2Hasher(1, 64))


def stored_and_back(events: list[Any]) -> list[Any]:
    mapper = APP.mapper
    return [mapper.to_domain_event(mapper.to_stored_event(event)) for event in events]


def assert_replays(aggregate: Aggregate, events: list[Any]) -> None:
    rebuilt = project_aggregate(None, stored_and_back(events))
    assert rebuilt is not None
    assert {k: v for k, v in vars(rebuilt).items() if k != "_pending_events"} == {
        k: v for k, v in vars(aggregate).items() if k != "_pending_events"
    }


@settings(max_examples=60, deadline=None)
@given(COMMANDS)
def test_replaying_a_sessions_history_rebuilds_the_same_session(commands: list[Any]) -> None:
    session = Session.create(uuid4(), uuid4(), details(), "BCDF23", "hash", TODAY, ADMIN, AT)
    candidates: list[Candidate] = []
    for verb, name, index, ratio in commands:
        try:
            apply(verb, session, candidates, name, index, ratio)
        except errors.DomainError:
            continue
    for aggregate in [session, *candidates]:
        assert_replays(aggregate, list(aggregate.collect_events()))


def apply(
    verb: str, session: Any, candidates: list[Candidate], name: str, index: int, ratio: Decimal
) -> None:
    target = candidates[index % len(candidates)] if candidates else None
    if verb == "add":
        record = a_record(last_name=name, sex=Sex.F, birth_country="Maroc", birth_city="Rabat")
        candidate = Candidate.add(
            uuid4(), session.id, session.centre_id, CentreType.SCO, record, ratio, ADMIN, AT
        )
        session.enrol(candidate.id, name, ADMIN, AT)
        candidates.append(candidate)
    elif verb == "rename" and target:
        target.change_details(CentreType.SCO, a_record(last_name=name), ADMIN, AT)
    elif verb == "extra" and target:
        target.note_extra_time(ratio, ADMIN, AT)
    elif verb == "remove" and target:
        session.withdraw(target.id, ADMIN, AT)
        target.remove(ADMIN, AT)
    elif verb == "move":
        session.change_details(details(room=name), TODAY, ADMIN, AT)
    elif verb == "start" and target:
        session.record_start(target.id, ADMIN, AT)
