"""After the session: finalisation, review and publication of results."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain import errors
from domain.reports import COMMENT_MAX_LENGTH, Finalisation, bounded_text

if TYPE_CHECKING:
    from domain.aggregates.session import Session


class SessionClosing:
    """Commands of the third stage, mixed into ``Session``."""

    def finalise(self: Session, form: Finalisation, by: UUID, at: datetime) -> None:
        """Refused when nobody started, or when the abort reasons do not name
        exactly the tests that were not completed."""
        self.refuse_unless_open()
        if not self.started:
            raise errors.FinalisationRefused("Nobody started: there is nothing to finalise.")
        bounded_text(form.comment, "comment", COMMENT_MAX_LENGTH)
        unfinished = {c for c in self.started if not self.finished.get(c, False)}
        given = set(form.abort_reasons)
        if given != unfinished:
            raise errors.FinalisationRefused(
                f"{len(unfinished)} test(s) were not completed but {len(given)} abort reason(s) "
                f"were given; missing for {sorted(unfinished - given)}, "
                f"not needed for {sorted(given - unfinished)}.",
                field="candidates",
            )
        strangers = set(form.candidate_comments) - set(self.started)
        if strangers:
            raise errors.FinalisationRefused(
                "Comments are for candidates who started.", field="candidates"
            )
        self.trigger_event(self.SessionFinalised, finalisation=form, by=by, at=at)

    def unfinalise(self: Session, by: UUID, at: datetime) -> None:
        self.refuse_if_published()
        if not self.finalised:
            raise errors.FinalisationRefused("This session is not finalised.")
        self.trigger_event(self.SessionUnfinalised, by=by, at=at)

    def comment_review(self: Session, comment: str, by: UUID, at: datetime) -> None:
        self._refuse_unless_in_review()
        text = bounded_text(comment, "comment", COMMENT_MAX_LENGTH)
        if not text:
            raise errors.InvalidReport("A review comment cannot be empty.", field="comment")
        self.trigger_event(self.ReviewCommented, comment=text, by=by, at=at)

    def cancel_certification(
        self: Session, candidate_id: UUID, reason: str, by: UUID, at: datetime
    ) -> None:
        self._refuse_unless_in_review()
        if candidate_id.hex not in self.started:
            raise errors.NotFound("No candidate of this session took the test.")
        text = bounded_text(reason, "reason", COMMENT_MAX_LENGTH)
        if not text:
            raise errors.InvalidReport("Say why the certification is cancelled.", field="reason")
        self.trigger_event(
            self.CertificationCancelled, candidate_id=candidate_id, reason=text, by=by, at=at
        )

    def complete_review(self: Session, by: UUID, at: datetime) -> None:
        self._refuse_unless_in_review()
        self.trigger_event(self.ReviewCompleted, by=by, at=at)

    def receive_result(self: Session, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self.refuse_if_published()
        if candidate_id.hex not in self.started:
            raise errors.TestNotRunning("A candidate who never started has no result.")
        self.trigger_event(self.ResultReceived, candidate_id=candidate_id, by=by, at=at)

    def publish(self: Session, by: UUID, at: datetime) -> None:
        self.refuse_if_published()
        if not self.finalised:
            raise errors.FinalisationRefused("Only a finalised session can be published.")
        if self.needs_review and not self.review_completed:
            raise errors.ReviewRequired(
                "This session has comments or reports to review before publication."
            )
        self.trigger_event(self.ResultsPublished, by=by, at=at)

    def _refuse_unless_in_review(self: Session) -> None:
        self.refuse_if_published()
        if not self.finalised or not self.needs_review:
            raise errors.ReviewRequired("This session is not waiting for a review.")
        if self.review_completed:
            raise errors.ReviewRequired("The review of this session is complete.")
