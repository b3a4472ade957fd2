"""A certification centre: its administrators, its windows and its schedule."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import errors
from domain.identifiers import school_code
from domain.text import safe_text
from domain.values import (
    CentreType,
    CertificationWindow,
    SessionDetails,
    is_known_timezone,
    local_date,
)


class Centre(Aggregate):
    """A certification centre (a school, a university, a training body).

    Rules it protects: only its administrators act on it, and an account
    becomes one only by accepting an invitation to its address (or, for the
    first, by the command line that registers the centre); its sessions never
    share a site, room, date and start time; when certification windows are
    configured, its sessions fall inside one of them. It keeps the list of its
    sessions, so that scheduling is serialised per centre.
    """

    TOPIC = "certif:Centre"

    class Event(Aggregate.Event):
        TOPIC = "certif:Centre.Event"
        by: UUID
        at: datetime

    class CentreRegistered(Aggregate.Created, Event):
        TOPIC = "certif:Centre.CentreRegistered"
        name: str
        centre_type: CentreType
        national_code: str
        timezone: str

    class AdministratorGranted(Event):
        TOPIC = "certif:Centre.AdministratorGranted"
        account_id: UUID

        def apply(self, centre: Centre) -> None:
            centre.administrators.append(self.account_id.hex)

    class AdministratorInvited(Event):
        TOPIC = "certif:Centre.AdministratorInvited"
        email: str

        def apply(self, centre: Centre) -> None:
            centre.invited.append(self.email)

    class InvitationAccepted(Event):
        TOPIC = "certif:Centre.InvitationAccepted"
        email: str
        account_id: UUID

        def apply(self, centre: Centre) -> None:
            centre.invited.remove(self.email)
            centre.administrators.append(self.account_id.hex)

    class InvitationDeclined(Event):
        TOPIC = "certif:Centre.InvitationDeclined"
        email: str

        def apply(self, centre: Centre) -> None:
            centre.invited.remove(self.email)

    class CertificationWindowsSet(Event):
        TOPIC = "certif:Centre.CertificationWindowsSet"
        windows: list[CertificationWindow]

        def apply(self, centre: Centre) -> None:
            centre.windows = list(self.windows)

    class SessionScheduled(Event):
        TOPIC = "certif:Centre.SessionScheduled"
        session_id: UUID
        slot_key: str

        def apply(self, centre: Centre) -> None:
            centre.sessions[self.session_id.hex] = self.slot_key

    class SessionRescheduled(Event):
        TOPIC = "certif:Centre.SessionRescheduled"
        session_id: UUID
        slot_key: str

        def apply(self, centre: Centre) -> None:
            centre.sessions[self.session_id.hex] = self.slot_key

    class SessionUnscheduled(Event):
        TOPIC = "certif:Centre.SessionUnscheduled"
        session_id: UUID

        def apply(self, centre: Centre) -> None:
            centre.sessions.pop(self.session_id.hex, None)

    def __init__(
        self,
        name: str,
        centre_type: CentreType,
        national_code: str,
        timezone: str,
        by: UUID,
        at: datetime,
    ) -> None:
        self.name = name
        self.centre_type = centre_type
        self.national_code = national_code
        self.timezone = timezone
        self.administrators: list[str] = []
        self.invited: list[str] = []
        self.windows: list[CertificationWindow] = []
        self.sessions: dict[str, str] = {}

    @classmethod
    def register(
        cls,
        centre_id: UUID,
        name: str,
        centre_type: CentreType,
        national_code: str,
        timezone: str,
        by: UUID,
        at: datetime,
    ) -> Centre:
        trimmed = " ".join(safe_text(name, "name").split())
        if not trimmed:
            raise errors.InvalidCentre("A centre needs a name.", field="name")
        code = school_code(national_code)
        if not is_known_timezone(timezone):
            raise errors.InvalidCentre(f"Unknown time zone '{timezone}'.", field="timezone")
        return cls._create(
            cls.CentreRegistered,
            id=centre_id,
            name=trimmed,
            centre_type=centre_type,
            national_code=code,
            timezone=timezone,
            by=by,
            at=at,
        )

    # Commands ---------------------------------------------------------------

    def grant_administration(self, account_id: UUID, by: UUID, at: datetime) -> None:
        if self.is_administered_by(account_id):
            raise errors.AlreadyAdministrator("This account already administers the centre.")
        self.trigger_event(self.AdministratorGranted, account_id=account_id, by=by, at=at)

    def invite_administrator(self, email: str, by: UUID, at: datetime) -> bool:
        """Invites a normalised address; False if it is invited already."""
        if email in self.invited:
            return False
        self.trigger_event(self.AdministratorInvited, email=email, by=by, at=at)
        return True

    def accept_invitation(self, account_id: UUID, email: str, by: UUID, at: datetime) -> None:
        self._refuse_uninvited(email)
        if self.is_administered_by(account_id):
            raise errors.AlreadyAdministrator("This account already administers the centre.")
        self.trigger_event(
            self.InvitationAccepted, email=email, account_id=account_id, by=by, at=at
        )

    def decline_invitation(self, email: str, by: UUID, at: datetime) -> None:
        self._refuse_uninvited(email)
        self.trigger_event(self.InvitationDeclined, email=email, by=by, at=at)

    def set_windows(self, windows: list[CertificationWindow], by: UUID, at: datetime) -> None:
        self.trigger_event(self.CertificationWindowsSet, windows=windows, by=by, at=at)

    def schedule(self, session_id: UUID, details: SessionDetails, by: UUID, at: datetime) -> None:
        self._check_slot(session_id, details)
        self.trigger_event(
            self.SessionScheduled, session_id=session_id, slot_key=details.slot_key, by=by, at=at
        )

    def reschedule(self, session_id: UUID, details: SessionDetails, by: UUID, at: datetime) -> None:
        before = self.sessions.get(session_id.hex, "")
        if before == details.slot_key:
            return
        moved = before.split("|")[2:3] != [details.date.isoformat()]
        self._check_slot(session_id, details, check_window=moved)
        self.trigger_event(
            self.SessionRescheduled,
            session_id=session_id,
            slot_key=details.slot_key,
            by=by,
            at=at,
        )

    def unschedule(self, session_id: UUID, by: UUID, at: datetime) -> None:
        self.trigger_event(self.SessionUnscheduled, session_id=session_id, by=by, at=at)

    # Queries ----------------------------------------------------------------

    def is_administered_by(self, account_id: UUID) -> bool:
        return account_id.hex in self.administrators

    def today(self, at: datetime) -> date:
        return local_date(at, self.timezone)

    def session_ids(self) -> list[UUID]:
        """Sessions by date and start time, then by creation."""
        ordered = sorted(self.sessions.items(), key=lambda item: item[1].split("|")[2:])
        return [UUID(hex_id) for hex_id, _ in ordered]

    # Rules ------------------------------------------------------------------

    def _refuse_uninvited(self, email: str) -> None:
        if email not in self.invited:
            raise errors.NoSuchInvitation("This centre has no pending invitation for you.")

    def _check_slot(
        self, session_id: UUID, details: SessionDetails, check_window: bool = True
    ) -> None:
        """A free slot; and a date in a window, unless an existing session keeps its date."""
        in_window = any(w.contains(details.date) for w in self.windows)
        if check_window and self.windows and not in_window:
            allowed = ", ".join(f"{w.label} ({w.first_day} to {w.last_day})" for w in self.windows)
            raise errors.OutsideCertificationWindow(
                f"{details.date} is outside the centre's certification windows: {allowed}.",
                field="date",
            )
        for other, slot in self.sessions.items():
            if slot == details.slot_key and other != session_id.hex:
                raise errors.SlotTaken(
                    "The centre already has a session in this site and room at this date and time.",
                    field="start_time",
                )
