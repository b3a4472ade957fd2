"""Accounts of the people who use the service."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import errors
from domain.text import safe_text
from domain.values import Role, email_address

_ACCOUNT_NAMESPACE = UUID("0b7f6f8e-51d4-4d1e-8f0a-7d0c8c4a3e11")


class Account(Aggregate):
    """A person who signs in: a centre administrator, a platform operator, a
    reviewer or an auditor.

    Rules it protects: one account per email address (the account's id is
    derived from its normalised email, so a second account for the same
    address collides with the first in the event store and is refused); only
    an administrator's account administers centres, so that nobody who
    reviews, audits or operates the platform also runs a centre.
    """

    TOPIC = "certif:Account"

    class Event(Aggregate.Event):
        TOPIC = "certif:Account.Event"
        by: UUID
        at: datetime

    class AccountOpened(Aggregate.Created, Event):
        TOPIC = "certif:Account.AccountOpened"
        email: str
        display_name: str
        password_hash: str
        role: Role

    class CentreAccessGranted(Event):
        TOPIC = "certif:Account.CentreAccessGranted"
        centre_id: UUID

        def apply(self, account: Account) -> None:
            account.centres.append(self.centre_id.hex)

    def __init__(
        self,
        email: str,
        display_name: str,
        password_hash: str,
        role: Role,
        by: UUID,
        at: datetime,
    ) -> None:
        self.email = email
        self.display_name = display_name
        self.password_hash = password_hash
        self.role = role
        self.centres: list[str] = []

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(_ACCOUNT_NAMESPACE, email.strip().lower())

    @classmethod
    def open(
        cls,
        email: str,
        display_name: str,
        password_hash: str,
        role: Role,
        by: UUID,
        at: datetime,
    ) -> Account:
        address = email_address(email, "email")
        if address is None:
            raise errors.InvalidEmail("An account needs an email address.", field="email")
        name = " ".join(safe_text(display_name, "display_name").split())
        if not name:
            raise errors.InvalidName("An account needs a display name.", field="display_name")
        return cls._create(
            cls.AccountOpened,
            id=cls.id_for(address),
            email=address,
            display_name=name,
            password_hash=password_hash,
            role=role,
            by=by,
            at=at,
        )

    def grant_centre(self, centre_id: UUID, by: UUID, at: datetime) -> None:
        if self.role is not Role.ADMINISTRATOR:
            raise errors.CannotAdministerCentres(
                f"A {self.role.value}'s account cannot administer a centre."
            )
        if centre_id.hex not in self.centres:
            self.trigger_event(self.CentreAccessGranted, centre_id=centre_id, by=by, at=at)

    def centre_ids(self) -> list[UUID]:
        return [UUID(hex_id) for hex_id in self.centres]
