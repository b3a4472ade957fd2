"""Use cases after the session: finalisation, review, results, publication."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from application.service import ServiceBase, check_version, retried_on_conflict
from application.views import Receipt
from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session
from domain.reports import CertificationResult, Finalisation, abort_reason, bounded_text


@dataclass(frozen=True)
class Notice:
    """A results email to send once results are published."""

    candidate_id: UUID
    email: str
    certified: bool


@dataclass(frozen=True)
class Publication(Receipt):
    notices: list[Notice]


@dataclass(frozen=True)
class ClosingView:
    """What was said after the session: the finalisation (None until finalised),
    the reviewers' comments and cancellations, and each result received."""

    session_id: UUID
    finalisation: Finalisation | None
    review_comments: list[str]
    cancelled: dict[UUID, str]
    review_completed: bool
    needs_review: bool
    results: dict[UUID, CertificationResult]


class ClosingUseCases(ServiceBase):
    """The end of a session. Rules: the centre finalises; reviewers comment,
    cancel or confirm; a session with comments or reports needing action waits
    for them; results are published once, and nothing changes afterwards."""

    def closing_of(self, actor: UUID, session_id: UUID) -> ClosingView:
        """The session's finalisation and review, for whoever may read the session."""
        session = self.session_to_read(actor, session_id)
        results = {}
        for hex_id in session.started:
            candidate = self.load(Candidate, UUID(hex_id), "candidate")
            if candidate.result is not None:
                results[candidate.id] = candidate.result
        return ClosingView(
            session_id=session.id,
            finalisation=session.finalisation,
            review_comments=list(session.review_comments),
            cancelled={UUID(c): reason for c, reason in session.cancelled.items()},
            review_completed=session.review_completed,
            needs_review=session.needs_review,
            results=results,
        )

    @retried_on_conflict
    def finalise(
        self,
        actor: UUID,
        session_id: UUID,
        comment: str,
        had_incident: bool,
        joining_issues: bool,
        abort_reasons: Mapping[UUID, str],
        candidate_comments: Mapping[UUID, str] | None = None,
        expected_version: int | None = None,
    ) -> Receipt:
        _, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        form = Finalisation(
            comment=bounded_text(comment, "comment", 500),
            had_incident=had_incident,
            joining_issues=joining_issues,
            abort_reasons={c.hex: abort_reason(r, str(c)) for c, r in abort_reasons.items()},
            candidate_comments={
                c.hex: bounded_text(t, "comment", 500)
                for c, t in (candidate_comments or {}).items()
                if t.strip()
            },
        )
        session.finalise(form, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def unfinalise(
        self, actor: UUID, session_id: UUID, expected_version: int | None = None
    ) -> Receipt:
        _, session = self.session_for(actor, session_id)
        check_version(session, expected_version, "session")
        session.unfinalise(by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def comment_review(
        self, actor: UUID, session_id: UUID, comment: str, expected_version: int | None = None
    ) -> Receipt:
        session = self._reviewed(actor, session_id, expected_version)
        session.comment_review(comment, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def cancel_certification(
        self,
        actor: UUID,
        session_id: UUID,
        candidate_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> Receipt:
        session = self._reviewed(actor, session_id, expected_version)
        session.cancel_certification(candidate_id, reason, by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def complete_review(
        self, actor: UUID, session_id: UUID, expected_version: int | None = None
    ) -> Receipt:
        session = self._reviewed(actor, session_id, expected_version)
        session.complete_review(by=actor, at=self.now())
        return Receipt(session.id, session.version, self.commit(session))

    @retried_on_conflict
    def record_result(
        self,
        actor: UUID,
        session_id: UUID,
        candidate_id: UUID,
        result: CertificationResult,
        expected_version: int | None = None,
    ) -> Receipt:
        """A result as the test engine reports it (operators, for now)."""
        self.require_operator(actor)
        session = self.load_session(session_id)
        if not session.has_candidate(candidate_id):
            raise errors.NotFound("No such candidate in this session.")
        candidate = self.load(Candidate, candidate_id, "candidate")
        check_version(candidate, expected_version, "candidate")
        now = self.now()
        session.receive_result(candidate.id, by=actor, at=now)
        candidate.record_result(result, by=actor, at=now)
        return Receipt(candidate.id, candidate.version, self.commit(candidate, session))

    @retried_on_conflict
    def publish(self, actor: UUID, session_id: UUID) -> Publication:
        """Publishes the results and lists the emails to notify."""
        self.require_reviewer(actor)
        session = self.load_session(session_id)
        session.publish(by=actor, at=self.now())
        position = self.commit(session)
        return Publication(session.id, session.version, position, self.notices(session.id))

    def _reviewed(self, actor: UUID, session_id: UUID, expected_version: int | None) -> Session:
        self.require_reviewer(actor)
        session = self.load_session(session_id)
        check_version(session, expected_version, "session")
        return session

    def notices(self, session_id: UUID) -> list[Notice]:
        session = self.load_session(session_id)
        found = []
        for hex_id in session.started:
            candidate = self.load(Candidate, UUID(hex_id), "candidate")
            email = candidate.personal.results_email
            if candidate.result is not None and email:
                certified = candidate.result.certified and hex_id not in session.cancelled
                found.append(Notice(candidate.id, email, certified))
        return found
