"""Use cases of the candidate's side: joining with the access code, the test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.eligibility import EligibilityUseCases
from application.service import retried_on_conflict
from application.sessions import ACCESS_CODE
from application.views import Receipt
from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.profile import PupilProfile
from domain.aggregates.reservation import Reservation
from domain.aggregates.session import Session
from domain.competences import levels_of
from domain.reports import EligibilityDecision
from domain.rules import EligibilityRule
from domain.values import access_code, normalise_text, required_name


@dataclass(frozen=True)
class Joined:
    candidate_id: UUID
    session_id: UUID
    certifiable: bool
    position: int


class SittingUseCases(EligibilityUseCases):
    """A candidate joins and takes the test. Rules: matching is forgiving on
    case, accents and spaces, strict on the birthdate; the eligibility decision
    is taken at joining under the rule then in force, and kept; a second
    account trying to join as the same candidate is refused and recorded."""

    @retried_on_conflict
    def join(
        self, code: str, last_name: str, first_name: str, born: date, pupil_account: str
    ) -> Joined:
        session = self._session_of_code(access_code(code))
        account = required_name(pupil_account, "pupil_account")
        candidate = self._match(session, last_name, first_name, born)
        now = self.now()
        session.record_join(candidate.id, by=candidate.id, at=now)
        try:
            candidate.join(account, self._decision(candidate), by=candidate.id, at=now)
        except errors.JoinedFromAnotherAccount:
            self._record_refused_join(session.id, candidate.id)
            raise
        certifiable = candidate.decision is not None and candidate.decision.certifiable
        return Joined(candidate.id, session.id, certifiable, self.commit(candidate, session))

    @retried_on_conflict
    def start_test(self, candidate_id: UUID, pupil_account: str) -> Receipt:
        candidate, session = self._sitting(candidate_id, pupil_account)
        now = self.now()
        candidate.start_test(by=candidate.id, at=now)
        session.record_start(candidate.id, by=candidate.id, at=now)
        return Receipt(candidate.id, candidate.version, self.commit(candidate, session))

    @retried_on_conflict
    def complete_test(self, candidate_id: UUID, pupil_account: str) -> Receipt:
        """The candidate reached the end screen."""
        candidate, session = self._sitting(candidate_id, pupil_account)
        now = self.now()
        candidate.complete_test(by=candidate.id, at=now)
        session.record_finish(candidate.id, completed=True, by=candidate.id, at=now)
        return Receipt(candidate.id, candidate.version, self.commit(candidate, session))

    @retried_on_conflict
    def request_help(self, candidate_id: UUID, pupil_account: str) -> Receipt:
        candidate, session = self._sitting(candidate_id, pupil_account)
        session.refuse_unless_open()
        candidate.request_help(by=candidate.id, at=self.now())
        return Receipt(candidate.id, candidate.version, self.commit(candidate))

    def _record_refused_join(self, session_id: UUID, candidate_id: UUID) -> None:
        """A second account tried to join as this candidate: the invigilator
        must see it, it may be the real pupil after a wrong join."""
        log = self.activity_of(session_id, candidate_id, now := self.now())
        log.record_join_refused(candidate_id, by=candidate_id, at=now)
        self.commit(log)

    def _session_of_code(self, code: str) -> Session:
        reservation_id = Reservation.id_for(ACCESS_CODE, code)
        holder = None
        if self.exists(reservation_id):
            holder = self.load(Reservation, reservation_id, "code").holder_id
        if holder is None:
            raise errors.NotFound("No session has this access code.", field="access_code")
        session = self.load_session(holder)
        if not session.can_be_joined:
            raise errors.SessionNotOpen("This session is not open: the invigilator starts it.")
        return session

    def _match(self, session: Session, last: str, first: str, born: date) -> Candidate:
        key = self.pseudonyms.candidate(session.id, last, first, born)
        exact = [UUID(c) for c, k in session.roster.items() if k == key]
        if exact:
            return self.load(Candidate, exact[0], "candidate")
        given_last, given_first = normalise_text(last), normalise_text(first)
        close = [
            c
            for c in (self.load(Candidate, UUID(h), "candidate") for h in session.roster)
            if c.personal.birthdate == born
            and normalise_text(c.personal.last_name) == given_last
            and prefix_of_each_other(normalise_text(c.personal.first_name), given_first)
        ]
        if not close:
            raise errors.NoSuchCandidate(
                "No candidate of this session has these names and birthdate."
            )
        if len(close) > 1:
            raise errors.SeveralCandidates(
                "Several candidates match: give the full first name, or ask the invigilator."
            )
        return close[0]

    def _decision(self, candidate: Candidate) -> EligibilityDecision:
        rule: EligibilityRule = self.rule_in_force()
        personal = candidate.personal
        if personal.birthdate is None:
            raise errors.PersonalDataErased("This candidate's personal data has been erased.")
        key = self.pseudonyms.pupil(
            candidate.centre_id, personal.last_name, personal.first_name, personal.birthdate
        )
        profile_id = PupilProfile.id_for(candidate.centre_id, key)
        latest = None
        if self.exists(profile_id):
            latest = self.load(PupilProfile, profile_id, "profile").latest
        return eligibility_decision(rule, latest)

    def _sitting(self, candidate_id: UUID, pupil_account: str) -> tuple[Candidate, Session]:
        candidate = self.load(Candidate, candidate_id, "candidate")
        if candidate.pupil_account != pupil_account:
            raise errors.NotFound("No such candidate for this account.")
        session = self.load_session(candidate.session_id)
        if session.deleted:
            raise errors.AuthenticationFailed("This session was deleted: its tokens are void.")
        return candidate, session


def eligibility_decision(
    rule: EligibilityRule, latest: PupilProfile.ProfileCaptured | None
) -> EligibilityDecision:
    """The decision taken at joining, from the pupil's latest capture (if any)."""
    if latest is None:
        return EligibilityDecision(False, rule.version, 0, None, None)
    levels = levels_of(latest.pix)
    return EligibilityDecision(
        rule.is_certifiable(levels),
        rule.version,
        rule.positioned(levels),
        latest.campaign,
        latest.captured_at.isoformat(),
    )


def prefix_of_each_other(recorded: str, given: str) -> bool:
    return bool(given) and (recorded.startswith(given) or given.startswith(recorded))
