"""Specifications of the day of the session and after, on the aggregates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session, SessionStatus
from domain.reports import (
    CATEGORIES,
    AbortReason,
    CertificationResult,
    EligibilityDecision,
    Finalisation,
    fraud_report,
    incident_report,
)
from tests.unit.given import ADMIN, AT, a_candidate, a_session, given, then

CERTIFIABLE = EligibilityDecision(True, 1, 6, "Collecte", None)
NOT_CERTIFIABLE = EligibilityDecision(False, 1, 3, "Collecte", None)


def enrolled(count: int, invigilators: int = 1) -> tuple[Session, list[UUID]]:
    session, ids = a_session(), [uuid4() for _ in range(count)]
    for n, candidate in enumerate(ids):
        session.enrol(candidate, f"key-{n}", ADMIN, AT)
    session.name_invigilators([f"Surveillant {n}" for n in range(invigilators)], ADMIN, AT)
    return given(session), ids


def started_session(count: int = 2) -> tuple[Session, list[UUID]]:
    session, ids = enrolled(count)
    session.start(20, ADMIN, AT)
    return given(session), ids


def joined(decision: EligibilityDecision = CERTIFIABLE) -> Candidate:
    candidate = a_candidate(a_session())
    candidate.join("pupil-account-1", decision, ADMIN, AT)
    return given(candidate)


def test_starting_needs_one_invigilator_per_twenty_candidates_and_says_how_many_are_missing() -> (
    None
):
    session, _ = enrolled(41, invigilators=1)
    with pytest.raises(errors.NotEnoughInvigilators, match=r"3 invigilator.* 41 .* 2 missing"):
        session.start(20, ADMIN, AT)
    session.name_invigilators(["A", "B", "C"], ADMIN, AT)
    session.start(20, ADMIN, AT)
    assert then(session)[-1] == "SessionStarted"
    assert session.status is SessionStatus.STARTED


def test_the_ratio_is_a_setting() -> None:
    session, _ = enrolled(11, invigilators=1)
    with pytest.raises(errors.NotEnoughInvigilators):
        session.start(10, ADMIN, AT)


def test_a_session_with_no_invigilator_cannot_start() -> None:
    session, _ = enrolled(0, invigilators=0)
    with pytest.raises(errors.NotEnoughInvigilators):
        session.start(20, ADMIN, AT)


def test_naming_the_same_invigilator_twice_is_refused() -> None:
    with pytest.raises(errors.InvalidSessionDetails):
        a_session().name_invigilators(["Mme Lemoine", "mme  lemoine"], ADMIN, AT)


def test_candidates_join_only_a_started_session() -> None:
    session, ids = enrolled(1)
    with pytest.raises(errors.SessionNotOpen):
        session.record_join(ids[0], ADMIN, AT)


def test_joining_from_a_second_account_is_refused() -> None:
    candidate = joined()
    candidate.join("pupil-account-1", CERTIFIABLE, ADMIN, AT)
    assert then(candidate) == []
    with pytest.raises(errors.JoinedFromAnotherAccount):
        candidate.join("pupil-account-2", CERTIFIABLE, ADMIN, AT)


def test_a_candidate_not_certifiable_when_joining_cannot_start() -> None:
    candidate = joined(NOT_CERTIFIABLE)
    candidate.confirm_presence(ADMIN, AT)
    with pytest.raises(errors.NotCertifiable):
        candidate.start_test(ADMIN, AT)


def test_each_start_spends_one_confirmation_of_presence() -> None:
    candidate = joined()
    with pytest.raises(errors.StartNotAuthorised):
        candidate.start_test(ADMIN, AT)
    candidate.confirm_presence(ADMIN, AT)
    candidate.start_test(ADMIN, AT)
    with pytest.raises(errors.StartNotAuthorised):
        candidate.start_test(ADMIN, AT + timedelta(minutes=20))
    candidate.confirm_presence(ADMIN, AT + timedelta(minutes=21))
    candidate.start_test(ADMIN, AT + timedelta(minutes=22))
    assert then(candidate) == [
        "PresenceConfirmed",
        "TestStarted",
        "PresenceConfirmed",
        "TestStarted",
    ]
    assert candidate.started_at == AT


def test_no_test_runs_more_than_twenty_four_hours() -> None:
    candidate = joined()
    candidate.confirm_presence(ADMIN, AT)
    candidate.start_test(ADMIN, AT)
    candidate.confirm_presence(ADMIN, AT)
    with pytest.raises(errors.TimeLimitExceeded):
        candidate.start_test(ADMIN, AT + timedelta(hours=24, seconds=1))


def test_no_candidate_starts_more_than_twenty_four_hours_after_the_first_start() -> None:
    session, ids = started_session()
    session.record_join(ids[0], ADMIN, AT)
    with pytest.raises(errors.TimeLimitExceeded):
        session.record_start(ids[0], ADMIN, AT + timedelta(hours=25))


def test_the_theoretical_end_counts_extra_time() -> None:
    candidate = joined()
    candidate.note_extra_time(Decimal("0.33"), ADMIN, AT)
    candidate.confirm_presence(ADMIN, AT)
    candidate.start_test(ADMIN, AT)
    end = candidate.theoretical_end(105)
    assert end == AT + timedelta(minutes=105 * 1.33)


def test_extra_time_can_no_longer_be_noted_once_the_test_is_finished() -> None:
    candidate = joined()
    candidate.confirm_presence(ADMIN, AT)
    candidate.start_test(ADMIN, AT)
    candidate.complete_test(ADMIN, AT)
    with pytest.raises(errors.TestNotRunning):
        candidate.note_extra_time(Decimal("0.5"), ADMIN, AT)


def test_reports_that_change_data_or_scoring_send_the_session_to_review() -> None:
    impactful = {
        code
        for code in CATEGORIES
        if incident_report(code, None, "x", 1 if code.startswith("E") else None).needs_action
    }
    questions = {"E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12"}
    assert impactful == {"C1", "C6"} | questions


def test_incident_categories_require_their_details() -> None:
    assert incident_report("e4", None, None, 12).category == "E4"
    assert incident_report("C6", None, None, None).needs_action
    assert not incident_report("C7", None, "Souris", None).needs_action
    for category, description, question in [
        ("C1", "", None),
        ("E1", "x", None),
        ("E1", "", 501),
        ("Z9", "x", None),
    ]:
        with pytest.raises(errors.InvalidReport):
            incident_report(category, None, description, question)


def finished(session: Session, ids: list[UUID], completed: list[bool]) -> Session:
    for candidate, done in zip(ids, completed, strict=False):
        session.record_join(candidate, ADMIN, AT)
        session.record_start(candidate, ADMIN, AT)
        if done:
            session.record_finish(candidate, True, ADMIN, AT)
    return given(session)


def test_finalising_is_refused_when_nobody_started() -> None:
    session, _ = started_session()
    with pytest.raises(errors.FinalisationRefused, match="Nobody started"):
        session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)


def test_abort_reasons_must_name_exactly_the_unfinished_tests() -> None:
    session, ids = started_session(3)
    finished(session, ids, [True, False])
    with pytest.raises(errors.FinalisationRefused, match="1 test"):
        session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)
    wrong = {ids[0].hex: AbortReason.TECHNICAL}
    with pytest.raises(errors.FinalisationRefused):
        session.finalise(Finalisation("", False, False, wrong, {}), ADMIN, AT)
    right = {ids[1].hex: AbortReason.TECHNICAL}
    session.finalise(Finalisation("", False, False, right, {}), ADMIN, AT)
    assert session.status is SessionStatus.FINALISED


def test_a_clean_session_is_publishable_at_once() -> None:
    session, ids = started_session()
    finished(session, ids, [True])
    session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)
    session.publish(ADMIN, AT)
    assert session.status is SessionStatus.PUBLISHED


def test_a_fraud_sends_the_session_to_a_reviewer_before_publication() -> None:
    session, ids = started_session()
    finished(session, ids, [True])
    session.report_fraud(fraud_report(ids[0], "Téléphone", "M. Benali", "Exclu"), ADMIN, AT)
    session.finalise(Finalisation("", True, False, {}, {}), ADMIN, AT)
    assert session.status is SessionStatus.IN_REVIEW
    with pytest.raises(errors.ReviewRequired):
        session.publish(ADMIN, AT)
    session.cancel_certification(ids[0], "Fraude avérée", ADMIN, AT)
    session.complete_review(ADMIN, AT)
    session.publish(ADMIN, AT)
    assert session.cancelled == {ids[0].hex: "Fraude avérée"}


def test_unfinalising_is_possible_until_results_are_published() -> None:
    session, ids = started_session()
    finished(session, ids, [True])
    session.finalise(Finalisation("Retard du bus", False, False, {}, {}), ADMIN, AT)
    session.unfinalise(ADMIN, AT)
    assert session.status is SessionStatus.STARTED
    session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)
    session.publish(ADMIN, AT)
    with pytest.raises(errors.SessionPublished):
        session.unfinalise(ADMIN, AT)


def test_nothing_changes_after_publication() -> None:
    session, ids = started_session()
    finished(session, ids, [True])
    session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)
    session.publish(ADMIN, AT)
    given(session)
    for command in (
        lambda: session.enrol(uuid4(), "other", ADMIN, AT),
        lambda: session.report_incident(incident_report("C7", None, "x", None), ADMIN, AT),
        lambda: session.name_invigilators(["X"], ADMIN, AT),
        lambda: session.publish(ADMIN, AT),
    ):
        with pytest.raises(errors.SessionPublished):
            command()
    assert then(session) == []


def test_a_result_belongs_to_a_candidate_who_started() -> None:
    candidate = joined()
    result = CertificationResult(True, 512, {"1.1": 3})
    with pytest.raises(errors.TestNotRunning):
        candidate.record_result(result, ADMIN, AT)
    candidate.confirm_presence(ADMIN, AT)
    candidate.start_test(ADMIN, AT)
    candidate.record_result(result, ADMIN, AT)
    assert candidate.result == result


def test_past_twenty_four_hours_a_test_can_be_ended_but_not_completed() -> None:
    candidate = joined()
    candidate.confirm_presence(ADMIN, AT)
    candidate.start_test(ADMIN, AT)
    late = AT + timedelta(hours=30)
    with pytest.raises(errors.TimeLimitExceeded):
        candidate.complete_test(ADMIN, late)
    with pytest.raises(errors.TimeLimitExceeded):
        candidate.request_help(ADMIN, late)
    candidate.end_test(ADMIN, late)
    assert candidate.finished == "ended"


def test_a_fraud_reported_after_the_review_reopens_it() -> None:
    session, ids = started_session()
    finished(session, ids, [True])
    session.finalise(Finalisation("Retard", False, False, {}, {}), ADMIN, AT)
    session.complete_review(ADMIN, AT)
    assert session.status is SessionStatus.FINALISED
    session.report_fraud(fraud_report(ids[0], "Téléphone", "", ""), ADMIN, AT)
    assert session.status is SessionStatus.IN_REVIEW
    with pytest.raises(errors.ReviewRequired):
        session.publish(ADMIN, AT)


def test_no_result_arrives_after_publication() -> None:
    session, ids = started_session()
    finished(session, ids, [True])
    session.receive_result(ids[0], ADMIN, AT)
    session.finalise(Finalisation("", False, False, {}, {}), ADMIN, AT)
    session.publish(ADMIN, AT)
    with pytest.raises(errors.SessionPublished):
        session.receive_result(ids[0], ADMIN, AT)
