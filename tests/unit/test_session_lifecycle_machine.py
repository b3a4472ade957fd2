"""Any sequence of commands keeps the session's invariants (a state machine)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session, SessionStatus
from domain.reports import (
    AbortReason,
    CertificationResult,
    EligibilityDecision,
    Finalisation,
    fraud_report,
    incident_report,
)
from tests.unit.given import ADMIN, AT, a_candidate, a_session

PUPILS = 2
INDEX = st.integers(min_value=0, max_value=PUPILS - 1)


class SessionLifecycle(RuleBasedStateMachine):
    """Commands are applied as the application saves them: on copies of the
    aggregates they touch, kept only if every one of them accepts."""

    def __init__(self) -> None:
        super().__init__()
        self.session: Session = a_session()
        self.candidates: list[Candidate] = [a_candidate(self.session) for _ in range(PUPILS)]
        for n, candidate in enumerate(self.candidates):
            self.session.enrol(candidate.id, f"key-{n}", ADMIN, AT)
        self.session.name_invigilators(["Mme Lemoine"], ADMIN, AT)
        self.session.collect_events()
        self.now = AT
        self.history: list[Any] = []

    @initialize(
        opened=st.booleans(),
        certifiable=st.lists(st.booleans(), min_size=PUPILS, max_size=PUPILS),
        testing=st.lists(st.booleans(), min_size=PUPILS, max_size=PUPILS),
    )
    def open_the_day(self, opened: bool, certifiable: list[bool], testing: list[bool]) -> None:
        """Many runs begin with the session started, everyone joined, some
        candidates already in their test: deeper states are reached."""
        if opened:
            self.start_session(20)
            for i, flag in enumerate(certifiable):
                self.join(i, flag)
                if testing[i]:
                    self.confirm_presence(i)
                    self.start_test(i)

    def attempt(self, command: Callable[[Session, list[Candidate]], None]) -> None:
        session, candidates = copy.deepcopy(self.session), copy.deepcopy(self.candidates)
        try:
            command(session, candidates)
        except errors.DomainError:
            return
        for aggregate in [session, *candidates]:
            self.history.extend(aggregate.collect_events())
        self.session, self.candidates = session, candidates

    @rule(count=st.integers(min_value=0, max_value=2))
    def name_invigilators(self, count: int) -> None:
        names = [f"Surveillant {n}" for n in range(count)]
        self.attempt(lambda s, c: s.name_invigilators(names, ADMIN, self.now))

    @rule(ratio=st.sampled_from([2, 20]))
    def start_session(self, ratio: int) -> None:
        self.attempt(lambda s, c: s.start(ratio, ADMIN, self.now))

    @precondition(lambda self: self.session.started_at is not None)
    @rule(i=INDEX, certifiable=st.sampled_from([True, True, True, False]))
    def join(self, i: int, certifiable: bool) -> None:
        decision = EligibilityDecision(certifiable, 1, 5 if certifiable else 2, None, None)

        def command(s: Session, c: list[Candidate]) -> None:
            s.record_join(c[i].id, ADMIN, self.now)
            c[i].join("account", decision, ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: bool(self.session.joined))
    @rule(i=INDEX)
    def confirm_presence(self, i: int) -> None:
        def command(s: Session, c: list[Candidate]) -> None:
            s.refuse_unless_open()
            c[i].confirm_presence(ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: bool(self.session.joined))
    @rule(i=INDEX)
    def cancel_presence(self, i: int) -> None:
        def command(s: Session, c: list[Candidate]) -> None:
            s.refuse_unless_open()
            c[i].cancel_presence(ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: bool(self.session.joined))
    @rule(i=INDEX)
    def start_test(self, i: int) -> None:
        def command(s: Session, c: list[Candidate]) -> None:
            c[i].start_test(ADMIN, self.now)
            s.record_start(c[i].id, ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: bool(self.session.started))
    @rule(i=INDEX, completed=st.booleans())
    def finish(self, i: int, completed: bool) -> None:
        def command(s: Session, c: list[Candidate]) -> None:
            (c[i].complete_test if completed else c[i].end_test)(ADMIN, self.now)
            s.record_finish(c[i].id, completed, ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: bool(self.session.started))
    @rule(i=INDEX)
    def ask_for_help(self, i: int) -> None:
        def command(s: Session, c: list[Candidate]) -> None:
            s.refuse_unless_open()
            c[i].request_help(ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: bool(self.session.started))
    @rule(i=INDEX)
    def report_fraud(self, i: int) -> None:
        self.attempt(
            lambda s, c: s.report_fraud(fraud_report(c[i].id, "Téléphone", "", ""), ADMIN, self.now)
        )

    @precondition(lambda self: bool(self.session.started))
    @rule(i=INDEX, certified=st.booleans())
    def record_result(self, i: int, certified: bool) -> None:
        def command(s: Session, c: list[Candidate]) -> None:
            s.receive_result(c[i].id, ADMIN, self.now)
            c[i].record_result(CertificationResult(certified, 300, {}), ADMIN, self.now)

        self.attempt(command)

    @precondition(lambda self: self.session.finalised)
    @rule(i=INDEX)
    def cancel_certification(self, i: int) -> None:
        self.attempt(lambda s, c: s.cancel_certification(c[i].id, "Fraude", ADMIN, self.now))

    @rule(category=st.sampled_from(["C6", "C7"]))
    def report(self, category: str) -> None:
        report = incident_report(category, None, "Constat", None)
        self.attempt(lambda s, c: s.report_incident(report, ADMIN, self.now))

    @precondition(lambda self: bool(self.session.started))
    @rule(exact=st.sampled_from([True, True, False]), comment=st.sampled_from(["", "Retard"]))
    def finalise(self, exact: bool, comment: str) -> None:
        unfinished = [x for x in self.session.started if not self.session.finished.get(x)]
        named = unfinished if exact else unfinished[:-1] or list(self.session.roster)[:1]
        reasons = dict.fromkeys(named, AbortReason.TECHNICAL)
        form = Finalisation(comment, False, False, reasons, {})
        self.attempt(lambda s, c: s.finalise(form, ADMIN, self.now))

    @rule()
    def unfinalise(self) -> None:
        self.attempt(lambda s, c: s.unfinalise(ADMIN, self.now))

    @rule()
    def complete_review(self) -> None:
        self.attempt(lambda s, c: s.complete_review(ADMIN, self.now))

    @rule()
    def publish(self) -> None:
        self.attempt(lambda s, c: s.publish(ADMIN, self.now))

    @rule(hours=st.sampled_from([0, 1, 2, 25]))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @invariant()
    def no_candidate_starts_unauthorised(self) -> None:
        """Each start spends one confirmation; a cancellation withdraws one not yet spent."""
        authorised: dict[UUID, bool] = {}
        for event in self.history:
            if isinstance(event, Candidate.PresenceConfirmed):
                authorised[event.originator_id] = True
            elif isinstance(event, Candidate.PresenceCancelled | Candidate.TestStarted):
                assert authorised.pop(event.originator_id, False)

    @invariant()
    def nothing_changes_after_publication(self) -> None:
        names = [type(e).__name__ for e in self.history]
        if "ResultsPublished" in names:
            assert names[names.index("ResultsPublished") + 1 :] == []

    @invariant()
    def the_status_follows_from_the_events(self) -> None:
        assert self.session.status is expected_status(self.history)

    @invariant()
    def started_candidates_had_joined(self) -> None:
        assert set(self.session.started) <= set(self.session.joined)


def expected_status(history: list[Any]) -> SessionStatus:
    """The status, worked out from the session's events alone."""
    status, finalised_review = SessionStatus.CREATED, False
    needs_review = reviewed = False
    for event in (e for e in history if isinstance(e, Session.Event)):
        if isinstance(event, Session.SessionStarted | Session.CandidateStarted):
            status = SessionStatus.STARTED if status is SessionStatus.CREATED else status
        elif isinstance(event, Session.IncidentReported):
            needs_review = needs_review or event.report.needs_action
            reviewed = reviewed and not event.report.needs_action
        elif isinstance(event, Session.FraudReported):
            needs_review, reviewed = True, False
        elif isinstance(event, Session.SessionFinalised):
            finalised_review = bool(event.finalisation.comment)
            status = SessionStatus.FINALISED
        elif isinstance(event, Session.SessionUnfinalised):
            status, reviewed, finalised_review = SessionStatus.STARTED, False, False
        elif isinstance(event, Session.ReviewCompleted):
            reviewed = True
        elif isinstance(event, Session.ResultsPublished):
            return SessionStatus.PUBLISHED
    if status is SessionStatus.FINALISED and (needs_review or finalised_review) and not reviewed:
        return SessionStatus.IN_REVIEW
    return status


TestSessionLifecycle = SessionLifecycle.TestCase
TestSessionLifecycle.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)
