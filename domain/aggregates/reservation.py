"""Reservations of values that must be unique across aggregates."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

_RESERVATION_NAMESPACE = UUID("9a3c1d52-7e0b-4f7a-b1c4-25e3f0d6a8b7")


class Reservation(Aggregate):
    """Holds one unique value (a live access code, a centre's national code).

    Rule it protects: at most one holder at a time. Its id is derived from the
    value, so two writers reserving the same value write the same event
    position, and the event store refuses the second one.
    """

    TOPIC = "certif:Reservation"

    class Event(Aggregate.Event):
        TOPIC = "certif:Reservation.Event"
        by: UUID
        at: datetime

    class ValueReserved(Aggregate.Created, Event):
        TOPIC = "certif:Reservation.ValueReserved"
        kind: str
        holder_id: UUID

    class ValueReservedAgain(Event):
        TOPIC = "certif:Reservation.ValueReservedAgain"
        holder_id: UUID

        def apply(self, reservation: Reservation) -> None:
            reservation.holder_id = self.holder_id

    class ValueReleased(Event):
        TOPIC = "certif:Reservation.ValueReleased"

        def apply(self, reservation: Reservation) -> None:
            reservation.holder_id = None

    def __init__(self, kind: str, holder_id: UUID, by: UUID, at: datetime) -> None:
        self.kind = kind
        self.holder_id: UUID | None = holder_id

    @staticmethod
    def id_for(kind: str, value: str) -> UUID:
        return uuid5(_RESERVATION_NAMESPACE, f"{kind}:{value}")

    @classmethod
    def reserve(cls, kind: str, value: str, holder_id: UUID, by: UUID, at: datetime) -> Reservation:
        return cls._create(
            cls.ValueReserved,
            id=cls.id_for(kind, value),
            kind=kind,
            holder_id=holder_id,
            by=by,
            at=at,
        )

    @property
    def is_held(self) -> bool:
        return self.holder_id is not None

    def reserve_again(self, holder_id: UUID, by: UUID, at: datetime) -> None:
        self.trigger_event(self.ValueReservedAgain, holder_id=holder_id, by=by, at=at)

    def release(self, by: UUID, at: datetime) -> None:
        if self.holder_id is not None:
            self.trigger_event(self.ValueReleased, by=by, at=at)
