"""The invitations waiting at one email address."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import errors

_BOX_NAMESPACE = UUID("3f6b2d0e-8c41-4a9e-b7d5-61e2a0c4f913")


class InvitationBox(Aggregate):
    """The centres that invite one address to administer them, until answered.

    Rule it protects: an invitation goes to an address, never to an account,
    so inviting says nothing of whether the address has an account. Its id is
    derived from the normalised address: the account that later signs in with
    that address finds its box without any search, and two centres inviting
    the same address at once write to the same stream, one after the other.
    The centre holds the invitation itself; this box is its index by address.
    """

    TOPIC = "certif:InvitationBox"

    class Event(Aggregate.Event):
        TOPIC = "certif:InvitationBox.Event"
        by: UUID
        at: datetime

    class BoxOpened(Aggregate.Created, Event):
        TOPIC = "certif:InvitationBox.BoxOpened"
        email: str

    class InvitationReceived(Event):
        TOPIC = "certif:InvitationBox.InvitationReceived"
        centre_id: UUID

        def apply(self, box: InvitationBox) -> None:
            box.pending[self.centre_id.hex] = self.at

    class InvitationAnswered(Event):
        TOPIC = "certif:InvitationBox.InvitationAnswered"
        centre_id: UUID
        accepted: bool

        def apply(self, box: InvitationBox) -> None:
            box.pending.pop(self.centre_id.hex, None)

    def __init__(self, email: str, by: UUID, at: datetime) -> None:
        self.email = email
        self.pending: dict[str, datetime] = {}

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(_BOX_NAMESPACE, email.strip().lower())

    @classmethod
    def open(cls, email: str, by: UUID, at: datetime) -> InvitationBox:
        return cls._create(cls.BoxOpened, id=cls.id_for(email), email=email, by=by, at=at)

    def receive(self, centre_id: UUID, by: UUID, at: datetime) -> None:
        if centre_id.hex not in self.pending:
            self.trigger_event(self.InvitationReceived, centre_id=centre_id, by=by, at=at)

    def answer(self, centre_id: UUID, accepted: bool, by: UUID, at: datetime) -> None:
        if centre_id.hex not in self.pending:
            raise errors.NoSuchInvitation("This centre has no pending invitation for you.")
        self.trigger_event(
            self.InvitationAnswered, centre_id=centre_id, accepted=accepted, by=by, at=at
        )

    def centre_ids(self) -> list[UUID]:
        """Pending invitations, oldest first."""
        return [UUID(hex_id) for hex_id, _ in sorted(self.pending.items(), key=lambda i: i[1])]
