"""Use cases of the invigilator's workspace."""

from __future__ import annotations

from uuid import UUID

from application.service import (
    ServiceBase,
    check_version,
    invigilator_actor,
    retried_on_conflict,
)
from application.views import Receipt
from domain import errors
from domain.reports import fraud_report, incident_report
from domain.rules import PUPILS_PER_INVIGILATOR


class InvigilationUseCases(ServiceBase):
    """The invigilators' side of a session. Rules: the workspace opens with the
    session's password, a few wrong ones lock it for a while, and every attempt
    is recorded; the session starts with one invigilator per 20 candidates."""

    pupils_per_invigilator = PUPILS_PER_INVIGILATOR

    @retried_on_conflict
    def name_invigilators(
        self, actor: UUID, session_id: UUID, names: list[str], expected_version: int | None = None
    ) -> Receipt:
        _, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        session.name_invigilators(names, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    def open_workspace(self, session_id: UUID, password: str) -> UUID:
        """The invigilator's actor id for this session, if the password is right."""
        outcome, retry_after = self._attempt(session_id, password)
        if outcome == "locked":
            raise errors.TooManyAttempts(
                "Too many wrong passwords: wait before trying again.", retry_after
            )
        if outcome != "accepted":
            raise errors.AuthenticationFailed("Unknown session or wrong invigilator password.")
        return invigilator_actor(session_id)

    @retried_on_conflict
    def _attempt(self, session_id: UUID, password: str) -> tuple[str, int]:
        if not self.exists(session_id):
            self.hasher.hash(password)  # the same work either way
            raise errors.AuthenticationFailed("Unknown session or wrong invigilator password.")
        session = self.load_session(session_id)
        now = self.now()
        outcome = session.attempt_sign_in(
            lambda: self.hasher.verify(session.invigilator_password_hash, password),
            by=invigilator_actor(session_id),
            at=now,
        )
        self.commit(session)
        return outcome, session.retry_after(now)

    @retried_on_conflict
    def start_session(self, actor: UUID, session_id: UUID) -> Receipt:
        _, session = self.session_for(actor, session_id, invigilating=True)
        session.start(self.pupils_per_invigilator, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def confirm_presence(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Receipt:
        """Authorises the candidate's next start (a resume needs a new one)."""
        _, session, candidate = self.candidate_for(
            actor, session_id, candidate_id, invigilating=True
        )
        session.refuse_unless_open()
        candidate.confirm_presence(by=actor, at=self.now())
        return Receipt(candidate.id, candidate.version, self.commit(candidate))

    @retried_on_conflict
    def end_test(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Receipt:
        _, session, candidate = self.candidate_for(
            actor, session_id, candidate_id, invigilating=True
        )
        now = self.now()
        candidate.end_test(by=actor, at=now)
        session.record_finish(candidate.id, completed=False, by=actor, at=now)
        return Receipt(candidate.id, candidate.version, self.commit(candidate, session))

    @retried_on_conflict
    def give_help(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Receipt:
        _, session, candidate = self.candidate_for(
            actor, session_id, candidate_id, invigilating=True
        )
        session.refuse_unless_open()
        candidate.give_help(by=actor, at=self.now())
        return Receipt(candidate.id, candidate.version, self.commit(candidate))

    @retried_on_conflict
    def report_incident(
        self,
        actor: UUID,
        session_id: UUID,
        category: str,
        candidate_id: UUID | None = None,
        description: str | None = None,
        question_number: int | None = None,
    ) -> Receipt:
        """Live by the invigilator, or with the finalisation by the administrator."""
        _, session = self.session_for(actor, session_id, invigilating=True)
        report = incident_report(category, candidate_id, description, question_number)
        session.report_incident(report, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def report_fraud(
        self,
        actor: UUID,
        session_id: UUID,
        candidate_id: UUID,
        observed: str,
        witnesses: str = "",
        measures: str = "",
    ) -> Receipt:
        _, session = self.session_for(actor, session_id, invigilating=True)
        report = fraud_report(candidate_id, observed, witnesses, measures)
        session.report_fraud(report, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))
