"""The day of the session for one candidate: joining, authorised starts, the end."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domain import errors, rules
from domain.competences import COMPETENCES
from domain.reports import CertificationResult, EligibilityDecision

if TYPE_CHECKING:
    from domain.aggregates.candidate import Candidate

LONGEST_TEST = timedelta(hours=24)
MAX_SCORE = 1024


class CandidateSitting:
    """Commands of the candidate's test, mixed into ``Candidate``.

    Rules: a candidate joins from one pupil account only, which the invigilator
    can detach before the test begins; a candidate who was not
    certifiable when joining cannot start; each start (and each resume) spends
    one confirmation of presence, which the invigilator can cancel until it is
    spent; no test runs more than 24 hours.
    """

    def join(
        self: Candidate, pupil_account: str, decision: EligibilityDecision, by: UUID, at: datetime
    ) -> None:
        self.refuse_if_removed()
        if self.pupil_account is not None:
            if self.pupil_account != pupil_account:
                raise errors.JoinedFromAnotherAccount(
                    "This candidate has already joined from another account."
                )
            return
        self.trigger_event(
            self.CandidateJoined, pupil_account=pupil_account, decision=decision, by=by, at=at
        )

    def detach_pupil_account(self: Candidate, by: UUID, at: datetime) -> None:
        """Only before the test began: once it has, the answers are the joined
        account's, and the invigilator ends the test and reports it instead."""
        self._refuse_unless_joined()
        if self.started_at is not None:
            raise errors.TestNotRunning(
                "This candidate's test has begun: end it and report an incident instead."
            )
        account = self.pupil_account or ""
        self.trigger_event(self.PupilAccountDetached, pupil_account=account, by=by, at=at)

    def confirm_presence(self: Candidate, by: UUID, at: datetime) -> None:
        self._refuse_unless_joined()
        self._refuse_if_finished()
        if not self.authorised:
            self.trigger_event(self.PresenceConfirmed, by=by, at=at)

    def cancel_presence(self: Candidate, by: UUID, at: datetime) -> None:
        """Only a confirmation not yet spent: once the candidate has started
        (or resumed) with it, there is nothing left to cancel."""
        self._refuse_unless_joined()
        self._refuse_if_finished()
        if not self.authorised:
            raise errors.PresenceNotCancellable(
                "This candidate has started since their presence was confirmed: "
                "there is no authorisation left to cancel."
                if self.started_at is not None
                else "This candidate's presence is not confirmed: there is nothing to cancel."
            )
        self.trigger_event(self.PresenceCancelled, by=by, at=at)

    def start_test(self: Candidate, by: UUID, at: datetime) -> None:
        self._refuse_unless_joined()
        self._refuse_if_finished()
        if self.decision is None or not self.decision.certifiable:
            raise errors.NotCertifiable(
                "This candidate was not certifiable when joining and cannot start."
            )
        if not self.authorised:
            raise errors.StartNotAuthorised(
                "The invigilator must confirm the candidate's presence before each start."
            )
        if self.started_at is not None and at > self.started_at + LONGEST_TEST:
            raise errors.TimeLimitExceeded("No test runs more than 24 hours.")
        self.trigger_event(self.TestStarted, resumed=self.started_at is not None, by=by, at=at)

    def request_help(self: Candidate, by: UUID, at: datetime) -> None:
        self._refuse_unless_running(at)
        if not self.help_requested:
            self.trigger_event(self.HelpRequested, by=by, at=at)

    def give_help(self: Candidate, by: UUID, at: datetime) -> None:
        if self.help_requested:
            self.trigger_event(self.HelpGiven, by=by, at=at)

    def end_test(self: Candidate, by: UUID, at: datetime) -> None:
        """The invigilator may end a test at any time, even past 24 hours."""
        self._refuse_unless_running(None)
        self.trigger_event(self.TestEnded, by=by, at=at)

    def complete_test(self: Candidate, by: UUID, at: datetime) -> None:
        self._refuse_unless_running(at)
        self.trigger_event(self.TestCompleted, by=by, at=at)

    def record_result(self: Candidate, result: CertificationResult, by: UUID, at: datetime) -> None:
        if self.started_at is None:
            raise errors.TestNotRunning("A candidate who never started has no result.")
        if not 0 <= result.score <= MAX_SCORE:
            raise errors.InvalidInput(f"A score is 0 to {MAX_SCORE}.", field="score")
        unknown = set(result.levels) - set(COMPETENCES)
        if unknown or any(not 0 <= level <= 8 for level in result.levels.values()):
            raise errors.InvalidInput("Levels are 0 to 8 for known competences.", field="levels")
        self.trigger_event(self.ResultRecorded, result=result, by=by, at=at)

    def theoretical_end(self: Candidate, test_minutes: int) -> datetime | None:
        """Start + test time × (1 + extra time): the reference platform ignores
        extra time here; invigilators need it."""
        if self.started_at is None:
            return None
        return rules.theoretical_end(self.started_at, self.extra_time, test_minutes)

    def _refuse_unless_joined(self: Candidate) -> None:
        self.refuse_if_removed()
        if self.pupil_account is None:
            raise errors.TestNotRunning("This candidate has not joined the session.")

    def _refuse_if_finished(self: Candidate) -> None:
        if self.finished is not None:
            raise errors.TestNotRunning(f"This candidate's test has {self.finished}.")

    def _refuse_unless_running(self: Candidate, at: datetime | None) -> None:
        self._refuse_unless_joined()
        self._refuse_if_finished()
        if self.started_at is None:
            raise errors.TestNotRunning("This candidate has not started the test.")
        if at is not None and at > self.started_at + LONGEST_TEST:
            raise errors.TimeLimitExceeded("No test runs more than 24 hours.")
