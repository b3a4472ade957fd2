"""Use cases of the papers of a session: what was printed and what was sent."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from application.service import ServiceBase, retried_on_conflict
from application.views import Receipt
from domain.aggregates.session import Session


class DocumentUseCases(ServiceBase):
    """Papers. Rule: every attendance sheet that leaves the service and every
    convocation handed out is recorded in its session's access log, by whom
    and when, so the readiness checklist tells what was done rather than what
    was meant; the session's own version does not move."""

    def check_papers(self, actor: UUID, session_id: UUID) -> None:
        """Papers are the centre's to print: administrators and operators. Checked
        before rendering, so that a refused caller costs no rendering."""
        self.session_for(actor, session_id)

    def centre_papers(self, actor: UUID, centre_id: UUID) -> str:
        """The centre's name, for its administrators and operators."""
        return self.centre_for(actor, centre_id).name

    @retried_on_conflict
    def record_sheet_download(self, actor: UUID, session_id: UUID, file_format: str) -> Receipt:
        _, session = self.session_for(actor, session_id)
        log = self.activity_of(session.id, actor, now := self.now())
        log.record_sheet_download(file_format, by=actor, at=now)
        return Receipt(session.id, session.version, self.commit(log))

    @retried_on_conflict
    def record_centre_sheets_download(
        self, actor: UUID, centre_id: UUID, session_ids: Iterable[UUID]
    ) -> int:
        """One download per session of the centre's export, in one atomic save."""
        centre, now = self.centre_for(actor, centre_id), self.now()
        sessions = [self.load(Session, s, "session") for s in session_ids]
        logs = [
            self.activity_of(session.id, actor, now)
            for session in sessions
            if session.centre_id == centre.id and not session.deleted
        ]
        for log in logs:
            log.record_sheet_download("centre-pdf", by=actor, at=now)
        return self.commit(*logs)

    @retried_on_conflict
    def record_convocations_sent(
        self, actor: UUID, session_id: UUID, candidate_ids: Iterable[UUID]
    ) -> Receipt:
        """The printed letters were read from the read models: a candidate removed
        since then got no letter worth recording, so they are skipped."""
        _, session = self.session_for(actor, session_id)
        log = self.activity_of(session.id, actor, now := self.now())
        for candidate_id in candidate_ids:
            if session.has_candidate(candidate_id):
                log.record_convocation_sent(candidate_id, by=actor, at=now)
        return Receipt(session.id, session.version, self.commit(log))

    @retried_on_conflict
    def record_convocation_sent(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Receipt:
        _, session, _ = self.candidate_for(actor, session_id, candidate_id)
        log = self.activity_of(session.id, actor, now := self.now())
        log.record_convocation_sent(candidate_id, by=actor, at=now)
        return Receipt(session.id, session.version, self.commit(log))
