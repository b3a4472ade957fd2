"""Given / when / then for aggregates, with no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.aggregates.candidate import Candidate
from domain.aggregates.candidate_record import candidate_record
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.values import CentreType, SessionDetails, session_details

A = TypeVar("A", bound=Aggregate)
ADMIN = UUID(int=7)
AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)


def given(aggregate: A) -> A:
    """The aggregate as its recorded events left it: nothing pending."""
    aggregate.collect_events()
    return aggregate


def then(aggregate: Aggregate) -> list[str]:
    """The names of the events the command recorded."""
    return [type(e).__name__ for e in aggregate.collect_events()]


def details(**changes: Any) -> SessionDetails:
    values: dict[str, Any] = {
        "site": "Bâtiment B",
        "room": "Salle 101",
        "examiner": "M. Benali",
        "date": date(2027, 3, 15),
        "start_time": time(9, 0),
    }
    return session_details(**(values | changes))


def a_session(**changes: Any) -> Session:
    return given(
        Session.create(uuid4(), uuid4(), details(**changes), "BCDF23", "hash", TODAY, ADMIN, AT)
    )


def a_centre(centre_type: CentreType = CentreType.SCO) -> Centre:
    centre = Centre.register(uuid4(), "Collège", centre_type, "0691234S", "Europe/Paris", ADMIN, AT)
    centre.grant_administration(ADMIN, ADMIN, AT)
    return given(centre)


def a_record(**changes: Any) -> Any:
    values: dict[str, Any] = {
        "last_name": "Durand",
        "first_name": "Élodie",
        "birthdate": date(2011, 5, 1),
    }
    return candidate_record(today=TODAY, **(values | changes))


def a_candidate(session: Session, **changes: Any) -> Candidate:
    return given(
        Candidate.add(
            uuid4(),
            session.id,
            session.centre_id,
            CentreType.SCO,
            a_record(**changes),
            extra_time=Decimal(0),
            by=ADMIN,
            at=AT,
        )
    )
