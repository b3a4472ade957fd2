"""Use cases of the invigilator's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.numbers import SessionNumbering
from application.service import check_version, retried_on_conflict
from application.views import Receipt
from domain import errors
from domain.actors import invigilator_actor
from domain.aggregates.session import Session
from domain.reports import fraud_report, incident_report
from domain.rules import PUPILS_PER_INVIGILATOR


@dataclass(frozen=True)
class Workspace:
    """An opened workspace: who acts in it, and which password opened it."""

    actor: UUID
    session_id: UUID
    password_generation: int
    session_number: int | None = None


WRONG_WORKSPACE_PASSWORD = "Unknown session or wrong invigilator password."


class InvigilationUseCases(SessionNumbering):
    """The invigilators' side of a session. Rules: the workspace opens with the
    session's current password, and every password checked is recorded in the
    session's access log; the session starts with one invigilator per 20
    candidates; a confirmation of presence is cancelled only before it is spent."""

    pupils_per_invigilator = PUPILS_PER_INVIGILATOR

    @retried_on_conflict
    def name_invigilators(
        self, actor: UUID, session_id: UUID, names: list[str], expected_version: int | None = None
    ) -> Receipt:
        _, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        session.name_invigilators(names, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    def open_workspace(self, session_id: UUID | None, password: str) -> Workspace:
        """The invigilator's workspace, if the password is right. Each password
        checked is recorded in the session's access log, not on the session;
        how often one may try is the sign-in limits' business. No session
        (a number never given) is refused as a wrong password is."""
        session = self._live_session(session_id)
        if session is None or session_id is None:
            self.hasher.hash(password)  # the same work either way
            raise errors.AuthenticationFailed(WRONG_WORKSPACE_PASSWORD)
        session.refuse_if_published()
        accepted = self.hasher.verify(session.invigilator_password_hash, password)
        self._record_sign_in(session_id, "accepted" if accepted else "wrong-password")
        if not accepted:
            raise errors.AuthenticationFailed(WRONG_WORKSPACE_PASSWORD)
        return Workspace(
            invigilator_actor(session_id), session_id, session.password_generation, session.number
        )

    @retried_on_conflict
    def _record_sign_in(self, session_id: UUID, outcome: str) -> None:
        actor, now = invigilator_actor(session_id), self.now()
        log = self.activity_of(session_id, actor, now)
        log.record_sign_in(outcome, by=actor, at=now)
        self.commit(log)

    def check_workspace(self, session_id: UUID, password_generation: int) -> None:
        """A workspace token holds while its session lives and its password was
        not renewed since the token was issued."""
        session = self._live_session(session_id)
        if session is None or session.password_generation != password_generation:
            raise errors.AuthenticationFailed(
                "This workspace token was revoked: sign in again with the current password."
            )

    def password_generation(self, session_id: UUID | None) -> int:
        """How many times the workspace password was renewed (0 for no session)."""
        session = self._live_session(session_id)
        return session.password_generation if session else 0

    def _live_session(self, session_id: UUID | None) -> Session | None:
        if session_id is None or not self.exists(session_id):
            return None
        session = self.load_session(session_id)
        return None if session.deleted else session

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
    def cancel_presence(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Receipt:
        """Withdraws a confirmation of presence not yet spent (the wrong pupil confirmed)."""
        _, session, candidate = self.candidate_for(
            actor, session_id, candidate_id, invigilating=True
        )
        session.refuse_unless_open()
        candidate.cancel_presence(by=actor, at=self.now())
        return Receipt(candidate.id, candidate.version, self.commit(candidate))

    @retried_on_conflict
    def detach_pupil_account(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Receipt:
        """Undoes a join from the wrong pupil account; the pupil joins again."""
        _, session, candidate = self.candidate_for(
            actor, session_id, candidate_id, invigilating=True
        )
        session.refuse_unless_open()
        candidate.detach_pupil_account(by=actor, at=self.now())
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
