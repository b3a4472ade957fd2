"""Use cases of invitations: administration of a centre is offered, then taken up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.service import ServiceBase, check_version, retried_on_conflict
from application.views import Receipt
from domain import errors
from domain.aggregates.account import Account
from domain.aggregates.centre import Centre
from domain.aggregates.invitation_box import InvitationBox
from domain.values import email_address


@dataclass(frozen=True)
class InvitationView:
    centre_id: UUID
    centre_name: str
    invited_at: datetime


class InvitationUseCases(ServiceBase):
    """Administration of a centre is offered to an address and taken up by the
    account of that address. Rules: inviting answers the same whether or not
    the address has an account (it never looks); only an administrator's
    account accepts, so reviewers, auditors and operators never run a centre;
    an invitation is answered once, by its addressee."""

    @retried_on_conflict
    def invite_administrator(
        self, actor: UUID, centre_id: UUID, email: str, expected_version: int | None = None
    ) -> Receipt:
        centre = self.centre_for(actor, centre_id)
        check_version(centre, expected_version, "centre")
        box = self.invitation(centre, invitation_address(email), actor)
        return Receipt(centre.id, centre.version, self.commit(centre, box))

    def pending_invitations(self, actor: UUID) -> list[InvitationView]:
        """The invitations waiting at the signed-in account's address."""
        box = self._box_of(self.account(actor).email)
        if box is None:
            return []
        centres = [self.load(Centre, centre_id, "centre") for centre_id in box.centre_ids()]
        return [InvitationView(c.id, c.name, box.pending[c.id.hex]) for c in centres]

    @retried_on_conflict
    def accept_invitation(self, actor: UUID, centre_id: UUID) -> Receipt:
        account, centre, box = self._answering(actor, centre_id)
        now = self.now()
        account.grant_centre(centre.id, by=actor, at=now)
        centre.accept_invitation(account.id, account.email, by=actor, at=now)
        box.answer(centre.id, accepted=True, by=actor, at=now)
        return Receipt(centre.id, centre.version, self.commit(centre, account, box))

    @retried_on_conflict
    def decline_invitation(self, actor: UUID, centre_id: UUID) -> Receipt:
        account, centre, box = self._answering(actor, centre_id)
        now = self.now()
        centre.decline_invitation(account.email, by=actor, at=now)
        box.answer(centre.id, accepted=False, by=actor, at=now)
        return Receipt(centre.id, centre.version, self.commit(centre, box))

    def invitation(self, centre: Centre, address: str, actor: UUID) -> InvitationBox | None:
        """Records the invitation on the centre and in the address's box; nothing
        when the address is invited already or already administers the centre."""
        now = self.now()
        if centre.is_administered_by(Account.id_for(address)):
            return None
        if not centre.invite_administrator(address, by=actor, at=now):
            return None
        box = self._box_of(address) or InvitationBox.open(address, by=actor, at=now)
        box.receive(centre.id, by=actor, at=now)
        return box

    def _box_of(self, address: str) -> InvitationBox | None:
        box_id = InvitationBox.id_for(address)
        return self.load(InvitationBox, box_id, "invitation") if self.exists(box_id) else None

    def _answering(self, actor: UUID, centre_id: UUID) -> tuple[Account, Centre, InvitationBox]:
        """The addressee, the inviting centre and the box, if the invitation waits."""
        account = self.account(actor)
        box = self._box_of(account.email)
        if box is None or centre_id.hex not in box.pending:
            raise errors.NoSuchInvitation("This centre has no pending invitation for you.")
        return account, self.load(Centre, centre_id, "centre"), box


def invitation_address(email: str) -> str:
    address = email_address(email, "email")
    if address is None:
        raise errors.InvalidEmail("An invitation needs an email address.", field="email")
    return address
