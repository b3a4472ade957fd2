"""Use cases of certification sessions."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, time
from typing import Any
from uuid import UUID, uuid4

from application.numbers import SessionNumbering
from application.service import check_version, checked_changes, retried_on_conflict
from application.views import Page, Receipt, SessionReceipt, SessionView
from domain import errors
from domain.aggregates.reservation import Reservation
from domain.aggregates.session import Session
from domain.passwords import check_password
from domain.rules import display_end_time
from domain.values import new_access_code, session_details

ACCESS_CODE = "access-code"
PASSWORD_ALPHABET = "BCDFGHJKMPQRTVWXY2346789"
PASSWORD_LENGTH = 12
MAX_CODE_DRAWS = 50
SESSION_FIELDS = frozenset({"site", "room", "examiner", "date", "start_time", "observations"})


class SessionUseCases(SessionNumbering):
    """Sessions. Rules: no past date, no double booking of a room, a live
    access code held by one session only, a number of its own for each, no
    change once finalised."""

    @retried_on_conflict
    def create_session(
        self,
        actor: UUID,
        centre_id: UUID,
        site: str,
        room: str,
        examiner: str,
        day: date,
        start_time: time,
        observations: str | None = None,
    ) -> SessionReceipt:
        centre = self.centre_for(actor, centre_id)
        details = session_details(site, room, examiner, day, start_time, observations)
        now, session_id, password = self.now(), uuid4(), new_invigilator_password()
        code, reservation = self._reserve_access_code(session_id, actor)
        number = self.give_number(session_id, by=actor, at=now)
        session = Session.create(
            session_id,
            centre.id,
            details,
            code,
            self.hasher.hash(password),
            today=centre.today(now),
            by=actor,
            at=now,
            number=number.number,
        )
        centre.schedule(session.id, details, by=actor, at=now)
        position = self.commit(session, centre, reservation, number)
        self.number_saved(number.number)
        return SessionReceipt(session.id, session.version, position, session.access_code, password)

    def get_session(self, actor: UUID, session_id: UUID) -> SessionView:
        return session_view(self.session_to_read(actor, session_id))

    def list_sessions(
        self, actor: UUID, centre_id: UUID, page: int = 1, page_size: int = 20
    ) -> Page[SessionView]:
        centre = self.centre_to_read(actor, centre_id)
        ids = centre.session_ids()
        chosen = ids[(page - 1) * page_size : page * page_size]
        items = [session_view(self.load(Session, sid, "session")) for sid in chosen]
        return Page(items=items, page=page, page_size=page_size, total=len(ids))

    @retried_on_conflict
    def change_session(
        self,
        actor: UUID,
        session_id: UUID,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Receipt:
        """Changes the given fields (site, room, examiner, date, start_time,
        observations); the others keep their value."""
        centre, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        merged = {**asdict(session.details), **checked_changes(changes, SESSION_FIELDS)}
        details = session_details(**merged)
        now = self.now()
        session.change_details(details, today=centre.today(now), by=actor, at=now)
        centre.reschedule(session.id, details, by=actor, at=now)
        return Receipt(session.id, session.version, self.commit(session, centre))

    @retried_on_conflict
    def delete_session(
        self, actor: UUID, session_id: UUID, expected_version: int | None = None
    ) -> Receipt:
        centre, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        now = self.now()
        session.delete(by=actor, at=now)
        centre.unschedule(session.id, by=actor, at=now)
        code = self.load(Reservation, Reservation.id_for(ACCESS_CODE, session.access_code), "code")
        code.release(by=actor, at=now)
        return Receipt(session.id, session.version, self.commit(session, centre, code))

    @retried_on_conflict
    def renew_invigilator_password(
        self, actor: UUID, session_id: UUID, expected_version: int | None = None
    ) -> SessionReceipt:
        """A new invigilator password, shown this once; the old one stops working."""
        _, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        password = new_invigilator_password()
        session.renew_invigilator_password(self.hasher.hash(password), by=actor, at=self.now())
        position = self.commit(session)
        return SessionReceipt(session.id, session.version, position, session.access_code, password)

    def _reserve_access_code(self, session_id: UUID, actor: UUID) -> tuple[str, Reservation]:
        """Draws codes until one is free; a race on the same code is settled by
        the store and the whole command runs again."""
        now = self.now()
        for _ in range(MAX_CODE_DRAWS):
            code = new_access_code()
            reservation_id = Reservation.id_for(ACCESS_CODE, code)
            if not self.exists(reservation_id):
                reservation = Reservation.reserve(ACCESS_CODE, code, session_id, actor, now)
                return code, reservation
            existing = self.load(Reservation, reservation_id, "code")
            if not existing.is_held:
                existing.reserve_again(session_id, by=actor, at=now)
                return code, existing
        raise errors.AccessCodeTaken("No free access code could be drawn; try again.")


def new_invigilator_password() -> str:
    """Twelve characters drawn from 24 (55 bits), held to the password rule."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        try:
            check_password(password)
        except errors.WeakPassword:
            continue
        return password


def session_view(session: Session) -> SessionView:
    details = session.details
    return SessionView(
        id=session.id,
        number=session.number,
        version=session.version,
        centre_id=session.centre_id,
        site=details.site,
        room=details.room,
        examiner=details.examiner,
        date=details.date,
        start_time=details.start_time,
        end_time=display_end_time(details.date, details.start_time),
        observations=details.observations,
        access_code=session.access_code,
        status=session.status.value,
        candidate_count=len(session.roster),
        created_at=session.created_at,
    )
