"""One session of a generated season, from its day to its published results,
through the aggregates' own commands (their rules hold for every event)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from application.ports import SYSTEM_ACTOR
from application.sitting import eligibility_decision
from domain.actors import invigilator_actor
from domain.aggregates.candidate import Candidate
from domain.aggregates.profile import PupilProfile
from domain.aggregates.session import Session
from domain.competences import COMPETENCES, level_of
from domain.reports import AbortReason, CertificationResult, Finalisation, incident_report
from domain.rules import EligibilityRule, theoretical_end

ONE_THIRD = Decimal("0.33")


@dataclass
class Sitter:
    """A candidate of the day, with what the generator knows of the pupil."""

    candidate: Candidate
    identity_key: str
    profile: PupilProfile | None
    absent: bool

    @property
    def pix(self) -> dict[str, int]:
        latest = self.profile.latest if self.profile else None
        return latest.pix if latest else {}


@dataclass(frozen=True)
class Day:
    """How the session's day goes: when it starts, who invigilates, the rule."""

    start: datetime
    admin: UUID
    rule: EligibilityRule
    pupils_per_invigilator: int


def hold_session(rng: random.Random, session: Session, sitters: list[Sitter], day: Day) -> None:
    """Start, joins, confirmations, tests, a few incidents; then finalisation,
    results, the review when one is needed, and publication."""
    invigilator = invigilator_actor(session.id)
    session.start(day.pupils_per_invigilator, by=invigilator, at=day.start - timedelta(minutes=10))
    ends: list[datetime] = []
    for sitter in sitters:
        if not sitter.absent:
            ends.append(_sit(rng, session, sitter, day, invigilator))
    last = max(ends, default=day.start)
    _incident(rng, session, sitters, invigilator, last)
    if not session.started:
        return  # nobody could start: nothing to finalise, the centre will see to it
    _close(rng, session, sitters, day.admin, last)


def _sit(
    rng: random.Random, session: Session, sitter: Sitter, day: Day, invigilator: UUID
) -> datetime:
    """One candidate's test; answers when it ended."""
    candidate = sitter.candidate
    joined = day.start + timedelta(seconds=rng.randrange(600))
    session.record_join(candidate.id, by=candidate.id, at=joined)
    latest = sitter.profile.latest if sitter.profile else None
    decision = eligibility_decision(day.rule, latest)
    candidate.join(f"eleve-{candidate.id.hex[:12]}", decision, by=candidate.id, at=joined)
    if not decision.certifiable:
        return joined  # told at joining: not certifiable yet, the test does not start
    confirmed = joined + timedelta(seconds=30 + rng.randrange(120))
    candidate.confirm_presence(by=invigilator, at=confirmed)
    started = confirmed + timedelta(seconds=20 + rng.randrange(60))
    candidate.start_test(by=candidate.id, at=started)
    session.record_start(candidate.id, by=candidate.id, at=started)
    if rng.random() < 0.01:  # extra time noted on the day
        noted = started + timedelta(minutes=5)
        candidate.note_extra_time(ONE_THIRD, by=invigilator, at=noted)
        session.amend_entry(candidate.id, sitter.identity_key, by=invigilator, at=noted)
    length = theoretical_end(started, candidate.extra_time) - started
    ended = started + rng.uniform(0.6, 1.0) * length
    if rng.random() < 0.03:
        candidate.end_test(by=invigilator, at=ended)
        session.record_finish(candidate.id, completed=False, by=invigilator, at=ended)
    else:
        candidate.complete_test(by=candidate.id, at=ended)
        session.record_finish(candidate.id, completed=True, by=candidate.id, at=ended)
    return ended


def _incident(
    rng: random.Random,
    session: Session,
    sitters: list[Sitter],
    invigilator: UUID,
    at: datetime,
) -> None:
    """About one session in ten reports something: a network cut, a focus-out."""
    if rng.random() >= 0.1 or not session.started:
        return
    if rng.random() < 0.5:
        report = incident_report("C7", None, "Coupure du réseau pendant quelques minutes.", None)
    else:
        who = UUID(hex=rng.choice(session.started))
        report = incident_report("E10", who, "Sortie involontaire du navigateur.", 12)
    session.report_incident(report, by=invigilator, at=at)


def _close(
    rng: random.Random, session: Session, sitters: list[Sitter], admin: UUID, last: datetime
) -> None:
    unfinished = {c for c in session.started if not session.finished.get(c, False)}
    form = Finalisation(
        comment="",
        had_incident=bool(session.incidents),
        joining_issues=False,
        abort_reasons=dict.fromkeys(sorted(unfinished), AbortReason.TECHNICAL),
        candidate_comments={},
    )
    session.finalise(form, by=admin, at=last + timedelta(hours=1))
    results_at = last + timedelta(days=rng.randint(2, 6))
    for sitter in sitters:
        candidate = sitter.candidate
        if candidate.id.hex in session.started:
            result = _result(rng, sitter.pix, session.finished.get(candidate.id.hex, False))
            session.receive_result(candidate.id, by=SYSTEM_ACTOR, at=results_at)
            candidate.record_result(result, by=SYSTEM_ACTOR, at=results_at)
    published = results_at + timedelta(days=1)
    if session.needs_review:
        session.complete_review(by=SYSTEM_ACTOR, at=published)
    session.publish(by=SYSTEM_ACTOR, at=published)


def _result(rng: random.Random, pix: dict[str, int], completed: bool) -> CertificationResult:
    """Levels near the profile's; certified from 64 points when the test was completed."""
    levels = {
        code: max(0, min(8, level_of(pix.get(code, 0)) + rng.choice([-1, 0, 0, 1])))
        for code in COMPETENCES
    }
    score = min(1024, sum(levels.values()) * 8 + rng.randrange(8))
    return CertificationResult(completed and score >= 64, score, levels)
