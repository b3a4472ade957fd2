"""Enrolling a school's pupils into a session, a class at a time."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID, uuid4

from application.candidates import CandidateUseCases
from application.rosters import RosterUseCases
from application.service import retried_on_conflict
from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.candidate_record import CandidateRecord
from domain.aggregates.pupil import Pupil


@dataclass(frozen=True)
class EnrolmentReport:
    enrolled: tuple[UUID, ...]  # the new candidates
    already_enrolled: tuple[UUID, ...]  # the pupils skipped
    position: int


class EnrolmentUseCases(RosterUseCases, CandidateUseCases):
    """Pupils of the roster become candidates of a session.

    Rules: only the centre's own pupils, present on its latest roster and not
    erased; a pupil already in the session (enrolled from the roster, or
    typed in with the same names and birthdate) is skipped; the session's
    rules hold for each (no change once finalised, no duplicate); the
    session, the new candidates and the pupils are one atomic save, so a
    refusal stores nothing.
    """

    @retried_on_conflict
    def enrol_pupils(self, actor: UUID, session_id: UUID, pupil_ids: list[UUID]) -> EnrolmentReport:
        centre, session = self.session_for(actor, session_id)
        session.refuse_unless_open()
        now = self.now()
        checked = [self._enrollable(centre.id, pupil_id) for pupil_id in dict.fromkeys(pupil_ids)]
        refused = [fault for fault in checked if isinstance(fault, dict)]
        pupils = [pupil for pupil in checked if isinstance(pupil, Pupil)]
        if refused:
            raise errors.InvalidRows(f"{len(refused)} pupil(s) cannot be enrolled.", refused)
        candidates, skipped, enrolled_pupils = [], [], []
        for pupil in pupils:
            record = CandidateRecord(replace(pupil.personal, external_id=None))
            key = self.identity_key(session.id, record)
            if session.holds_identity(key):
                skipped.append(pupil.id)
                continue
            candidate = Candidate.add(
                uuid4(), session.id, centre.id, centre.centre_type, record, Decimal(0), actor, now
            )
            session.enrol(candidate.id, key, by=actor, at=now)
            pupil.enrol(session.id, candidate.id, by=actor, at=now)
            candidates.append(candidate)
            enrolled_pupils.append(pupil)
        self.prepare_keys(c.id for c in candidates)
        position = (
            self.commit(session, *candidates, *enrolled_pupils) if candidates else self.position()
        )
        return EnrolmentReport(tuple(c.id for c in candidates), tuple(skipped), position)

    def enrol_division(self, actor: UUID, session_id: UUID, division: str) -> EnrolmentReport:
        """Every pupil of the class, as the latest roster lists them."""
        _, session = self.session_for(actor, session_id)
        pupils = self.list_pupils(actor, session.centre_id, division=division)
        if not pupils:
            raise errors.InvalidInput(
                f"No pupil of the roster is in '{division}'.", field="division"
            )
        return self.enrol_pupils(actor, session_id, [p.id for p in pupils])

    def pupils_in_session(self, actor: UUID, session_id: UUID) -> frozenset[UUID]:
        """The roster's pupils who are candidates of the session now: a pupil whose
        candidate was removed from it is not."""
        session = self.session_to_read(actor, session_id)
        return frozenset(
            pupil.id
            for pupil in self.pupils_of(session.centre_id, gone_too=True)
            if pupil.enrolments.get(session.id.hex) in session.roster
        )

    def _enrollable(self, centre_id: UUID, pupil_id: UUID) -> Pupil | dict[str, object]:
        """The pupil, or why they cannot be enrolled (as a row of the refusal)."""
        try:
            pupil = self.load(Pupil, pupil_id, "pupil")
            if pupil.centre_id != centre_id:
                raise errors.PupilOfAnotherCentre("This pupil is not of this centre's school.")
            pupil.refuse_if_erased()
            if pupil.gone:
                raise errors.PupilGone("This pupil is not on the school's latest roster.")
        except errors.DomainError as refusal:
            rule = (
                "pupil-of-another-centre" if isinstance(refusal, errors.NotFound) else refusal.rule
            )
            return {
                "row": None,
                "pupil_id": str(pupil_id),
                "field": "pupils",
                "rule": rule,
                "message": refusal.message,
            }
        return pupil
