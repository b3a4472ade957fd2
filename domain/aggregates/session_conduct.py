"""During the session: the invigilator's workspace, joining, starts, reports."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domain import errors, rules
from domain.reports import FraudReport, IncidentReport

if TYPE_CHECKING:
    from domain.aggregates.session import Session

LATEST_START = timedelta(hours=24)
"""No candidate starts more than 24 hours after the session's first start."""


class SessionConduct:
    """Commands of the second stage, mixed into ``Session``."""

    def start(self: Session, pupils_per_invigilator: int, by: UUID, at: datetime) -> None:
        """Opens the session to candidates, with one invigilator per N candidates."""
        self.refuse_unless_open()
        if self.started_at is not None:
            return
        count, have = len(self.roster), len(self.invigilators)
        needed = rules.invigilators_needed(count, pupils_per_invigilator)
        if have < needed:
            raise errors.NotEnoughInvigilators(
                f"{needed} invigilator(s) are needed for {count} candidate(s) "
                f"(one per {pupils_per_invigilator}); {needed - have} missing.",
                field="invigilators",
            )
        self.trigger_event(self.SessionStarted, by=by, at=at)

    def record_join(self: Session, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self.refuse_unknown(candidate_id)
        if not self.can_be_joined:
            raise errors.SessionNotOpen("This session is not open: the invigilator starts it.")
        if candidate_id.hex not in self.joined:
            self.trigger_event(self.CandidateJoined, candidate_id=candidate_id, by=by, at=at)

    def record_start(self: Session, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self.refuse_unless_open()
        self.refuse_unknown(candidate_id)
        if self.started_at is not None and at > self.started_at + LATEST_START:
            raise errors.TimeLimitExceeded(
                "No candidate starts more than 24 hours after the session's first start."
            )
        if candidate_id.hex not in self.started:
            self.trigger_event(self.CandidateStarted, candidate_id=candidate_id, by=by, at=at)

    def record_finish(
        self: Session, candidate_id: UUID, completed: bool, by: UUID, at: datetime
    ) -> None:
        self.refuse_unless_open()
        if candidate_id.hex not in self.started:
            raise errors.TestNotRunning("This candidate has not started.")
        self.trigger_event(
            self.CandidateFinished, candidate_id=candidate_id, completed=completed, by=by, at=at
        )

    def report_incident(self: Session, report: IncidentReport, by: UUID, at: datetime) -> None:
        """Live during the session, or afterwards until results are published."""
        self._refuse_report(report.candidate_id)
        self.trigger_event(self.IncidentReported, report=report, by=by, at=at)

    def report_fraud(self: Session, report: FraudReport, by: UUID, at: datetime) -> None:
        self._refuse_report(report.candidate_id)
        self.trigger_event(self.FraudReported, report=report, by=by, at=at)

    def _refuse_report(self: Session, candidate_id: UUID | None) -> None:
        self.refuse_if_published()
        if self.started_at is None and not self.started:
            raise errors.SessionNotOpen("Reports are for a session that has started.")
        if candidate_id is not None:
            self.refuse_unknown(candidate_id)
