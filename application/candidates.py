"""Use cases of the candidates of a session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from application.commands import CANDIDATE_FIELDS, CandidateInput
from application.service import (
    ServiceBase,
    check_version,
    checked_changes,
    retried_on_conflict,
)
from application.views import CandidateReceipt, CandidateView, Receipt
from domain.aggregates.candidate import Candidate
from domain.aggregates.candidate_record import CandidateRecord
from domain.name_order import name_order


class CandidateUseCases(ServiceBase):
    """Candidates. Every command saves the candidate and its session together,
    so the session's rules (no duplicate, no change once finalised) hold even
    when two administrators act at the same moment."""

    @retried_on_conflict
    def add_candidate(
        self,
        actor: UUID,
        session_id: UUID,
        given: CandidateInput,
        extra_time: Decimal = Decimal(0),
    ) -> CandidateReceipt:
        centre, session = self.session_for(actor, session_id)
        now, candidate_id = self.now(), uuid4()
        record = given.to_record(centre.today(now))
        candidate = Candidate.add(
            candidate_id, session.id, centre.id, centre.centre_type, record, extra_time, actor, now
        )
        session.enrol(candidate.id, self.identity_key(session.id, record), by=actor, at=now)
        return answered(candidate, self.commit(candidate, session))

    def list_candidates(self, actor: UUID, session_id: UUID) -> list[CandidateView]:
        """The session's candidates sorted as on the attendance sheet."""
        session = self.session_to_read(actor, session_id)
        candidates = [self.load(Candidate, UUID(hex_id), "candidate") for hex_id in session.roster]
        views = [candidate_view(candidate) for candidate in candidates]
        return sorted(views, key=lambda v: name_order(v.last_name, v.first_name))

    def get_candidate(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> CandidateView:
        return candidate_view(self.candidate_to_read(actor, session_id, candidate_id))

    @retried_on_conflict
    def change_candidate(
        self,
        actor: UUID,
        session_id: UUID,
        candidate_id: UUID,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Receipt:
        """Changes the given fields; the others keep their value."""
        centre, session, candidate = self.candidate_for(actor, session_id, candidate_id)
        check_version(candidate, expected_version, "candidate")
        now = self.now()
        current = CandidateInput.from_record(candidate.record)
        given = replace(current, **checked_changes(changes, CANDIDATE_FIELDS))
        record = given.to_record(centre.today(now))
        if candidate.change_details(centre.centre_type, record, by=actor, at=now):
            key = self.identity_key(session.id, record)
            session.amend_entry(candidate.id, key, by=actor, at=now)
        return Receipt(candidate.id, candidate.version, self.commit(candidate, session))

    @retried_on_conflict
    def note_extra_time(  # by the administrator, or the invigilator on the day
        self,
        actor: UUID,
        session_id: UUID,
        candidate_id: UUID,
        extra_time: Decimal,
        expected_version: int | None = None,
    ) -> CandidateReceipt:
        _, session, candidate = self.candidate_for(
            actor, session_id, candidate_id, invigilating=True
        )
        check_version(candidate, expected_version, "candidate")
        now = self.now()
        if candidate.note_extra_time(extra_time, by=actor, at=now):
            key = self.identity_key(session.id, candidate.record)
            session.amend_entry(candidate.id, key, by=actor, at=now)
        return answered(candidate, self.commit(candidate, session))

    @retried_on_conflict
    def remove_candidate(
        self,
        actor: UUID,
        session_id: UUID,
        candidate_id: UUID,
        expected_version: int | None = None,
    ) -> Receipt:
        _, session, candidate = self.candidate_for(actor, session_id, candidate_id)
        check_version(candidate, expected_version, "candidate")
        now = self.now()
        session.withdraw(candidate.id, by=actor, at=now)
        candidate.remove(by=actor, at=now)
        return Receipt(candidate.id, candidate.version, self.commit(candidate, session))

    def erase_candidate(
        self, actor: UUID, session_id: UUID, candidate_id: UUID, reason: str
    ) -> Receipt:
        """Records who erased and why, then destroys the candidate's key: their
        personal data reads as erased everywhere, for good. Asked again, it
        destroys the key again (in case the first time stopped in between)."""
        _, _, candidate = self.candidate_for(actor, session_id, candidate_id)
        return self.erase(candidate, reason, actor)

    def erase(self, candidate: Candidate, reason: str, actor: UUID) -> Receipt:
        candidate.erase(reason, by=actor, at=self.now())
        position = self.commit(candidate)
        self.keys.destroy(candidate.id)
        return Receipt(candidate.id, candidate.version, position)

    def identity_key(self, session_id: UUID, record: CandidateRecord) -> str:
        """The duplicate rule's keyed pseudonym of the candidate in the session."""
        personal = record.personal
        if personal.birthdate is None:  # erased: matches nobody
            return f"erased:{uuid4().hex}"
        return self.pseudonyms.candidate(
            session_id, personal.last_name, personal.first_name, personal.birthdate
        )


def answered(candidate: Candidate, position: int) -> CandidateReceipt:
    """The receipt of a saved command, with the candidate as it holds it."""
    return CandidateReceipt(candidate.id, candidate.version, position, candidate_view(candidate))


def candidate_view(candidate: Candidate) -> CandidateView:
    personal = candidate.personal
    return CandidateView(
        id=candidate.id,
        version=candidate.version,
        session_id=candidate.session_id,
        last_name=personal.last_name,
        first_name=personal.first_name,
        birthdate=personal.birthdate,
        sex=personal.sex,
        birth_place=personal.birth_place,
        external_id=personal.external_id,
        division=personal.division,
        convocation_email=personal.convocation_email,
        results_email=personal.results_email,
        extra_time=candidate.extra_time,
        billing_mode=candidate.billing_mode,
        accessibility_adjustment=candidate.accessibility_adjustment,
        erased=candidate.erased,
    )
