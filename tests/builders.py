"""Small builders so that tests say only what matters to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from uuid import UUID

from application.app import CertificationApp
from application.commands import CandidateInput
from application.ports import SYSTEM_ACTOR
from domain.values import CentreType, Role

SESSION_DAY = date(2027, 3, 15)


@dataclass(frozen=True)
class School:
    admin: UUID
    centre: UUID
    session: UUID


def school(
    app: CertificationApp, code: str = "0691234S", email: str = "admin@college.fr"
) -> School:
    """A collège with one administrator and one session."""
    admin = app.open_account(
        SYSTEM_ACTOR, email, "Claire Rousseau", "sable-quartz-17", Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège Jean Moulin", CentreType.SCO, code, admin.id
    )
    session = app.create_session(
        admin.id, centre.id, "Bâtiment B", "Salle 101", "M. Benali", SESSION_DAY, time(9, 0)
    )
    return School(admin.id, centre.id, session.id)


def pupil(
    last: str = "Durand", first: str = "Élodie", born: date = date(2011, 5, 1)
) -> CandidateInput:
    return CandidateInput(last_name=last, first_name=first, birthdate=born, division="3e A")
