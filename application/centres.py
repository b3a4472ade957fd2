"""Use cases of certification centres."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from application.invitations import InvitationUseCases, invitation_address
from application.ports import SYSTEM_ACTOR
from application.service import check_version, retried_on_conflict
from application.views import CentreView, Receipt
from domain import errors
from domain.aggregates.account import Account
from domain.aggregates.centre import Centre
from domain.aggregates.reservation import Reservation
from domain.values import CentreType, certification_window

NATIONAL_CODE = "national-code"
DEFAULT_TIMEZONE = "Europe/Paris"


class CentreUseCases(InvitationUseCases):
    """Centres. Rules: one centre per national code; only operators register
    them; administrators join a centre by accepting its invitation."""

    @retried_on_conflict
    def register_centre(
        self,
        actor: UUID,
        name: str,
        centre_type: CentreType,
        national_code: str,
        administrator_id: UUID | None = None,
        timezone: str = DEFAULT_TIMEZONE,
        invite: str | None = None,
    ) -> Receipt:
        """The first administrator is invited (``invite``: an address) or, from
        the server's command line only, appointed (``administrator_id``)."""
        self.require_operator(actor)
        now = self.now()
        centre = Centre.register(uuid4(), name, centre_type, national_code, timezone, actor, now)
        reservation = self._reserve_national_code(centre, actor)
        first = self._appointed(centre, administrator_id, actor) if administrator_id else None
        box = self.invitation(centre, invitation_address(invite), actor) if invite else None
        return Receipt(centre.id, centre.version, self.commit(centre, reservation, first, box))

    def list_centres(self, actor: UUID) -> list[CentreView]:
        account = self.account(actor)
        return [self.get_centre(actor, centre_id) for centre_id in account.centre_ids()]

    def get_centre(self, actor: UUID, centre_id: UUID) -> CentreView:
        centre = self.centre_to_read(actor, centre_id)
        return CentreView(
            id=centre.id,
            version=centre.version,
            name=centre.name,
            centre_type=centre.centre_type,
            national_code=centre.national_code,
            timezone=centre.timezone,
            administrator_ids=[UUID(a) for a in centre.administrators],
            windows=list(centre.windows),
            session_count=len(centre.sessions),
            invited=list(centre.invited),
        )

    @retried_on_conflict
    def set_certification_windows(
        self,
        actor: UUID,
        centre_id: UUID,
        windows: list[tuple[str, date, date]],
        expected_version: int | None = None,
    ) -> Receipt:
        centre = self.centre_for(actor, centre_id)
        check_version(centre, expected_version, "centre")
        values = [certification_window(label, first, last) for label, first, last in windows]
        centre.set_windows(values, by=actor, at=self.now())
        return Receipt(centre.id, centre.version, self.commit(centre))

    def _appointed(self, centre: Centre, account_id: UUID, actor: UUID) -> Account:
        if actor != SYSTEM_ACTOR:
            raise errors.Forbidden("Over the API a centre's administrators are invited.")
        account, now = self.load(Account, account_id, "account"), self.now()
        account.grant_centre(centre.id, by=actor, at=now)
        centre.grant_administration(account.id, by=actor, at=now)
        return account

    def _reserve_national_code(self, centre: Centre, actor: UUID) -> Reservation:
        reservation_id = Reservation.id_for(NATIONAL_CODE, centre.national_code)
        if self.exists(reservation_id):
            raise errors.NationalCodeTaken(
                f"A centre with national code {centre.national_code} already exists.",
                field="national_code",
            )
        return Reservation.reserve(
            NATIONAL_CODE, centre.national_code, centre.id, by=actor, at=self.now()
        )
