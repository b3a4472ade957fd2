"""Named refusals of the domain.

Every business rule that refuses a command raises one of these classes, so that
adapters can answer with the right status and a message naming the rule.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command refused by a rule of the domain."""

    rule = "domain-rule"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """A value that can never be accepted, whatever the state."""

    rule = "invalid-input"


class RuleConflict(DomainError):
    """A command that the current state of the aggregates refuses."""

    rule = "rule-conflict"


class NotFound(DomainError):
    """A resource that does not exist, or that the actor may not see."""

    rule = "not-found"


class Forbidden(DomainError):
    """An actor whose role does not allow the command."""

    rule = "forbidden"


class AuthenticationFailed(DomainError):
    """Credentials or a token that do not open the door."""

    rule = "authentication-failed"


# Values -------------------------------------------------------------------


class InvalidName(InvalidInput):
    rule = "name-required"


class UnsafeText(InvalidInput):
    """A name or text with control characters or bidi overrides."""

    rule = "control-character"


class InvalidBirthdate(InvalidInput):
    rule = "birthdate-out-of-range"


class InvalidExtraTime(InvalidInput):
    rule = "extra-time-out-of-range"


class InvalidBirthPlace(InvalidInput):
    rule = "birth-place-invalid"


class InvalidBillingMode(InvalidInput):
    rule = "billing-mode-invalid"


class InvalidEmail(InvalidInput):
    rule = "email-invalid"


class WeakPassword(InvalidInput):
    rule = "weak-password"


class InvalidAccessCode(InvalidInput):
    rule = "access-code-invalid"


class InvalidSessionDetails(InvalidInput):
    rule = "session-details-invalid"


class InvalidCentre(InvalidInput):
    rule = "centre-invalid"


class InvalidCertificationWindow(InvalidInput):
    rule = "certification-window-invalid"


# Rules over state ---------------------------------------------------------


class SessionInThePast(RuleConflict):
    rule = "session-in-the-past"


class OutsideCertificationWindow(RuleConflict):
    rule = "outside-certification-window"


class SlotTaken(RuleConflict):
    rule = "slot-taken"


class AccessCodeTaken(RuleConflict):
    rule = "access-code-taken"


class SessionDeleted(RuleConflict):
    rule = "session-deleted"


class SessionFinalised(RuleConflict):
    rule = "session-finalised"


class SessionHasStarted(RuleConflict):
    rule = "session-has-started"


class DuplicateCandidate(RuleConflict):
    rule = "duplicate-candidate"


class CandidateHasJoined(RuleConflict):
    rule = "candidate-has-joined"


class CandidateRemoved(RuleConflict):
    rule = "candidate-removed"


class PersonalDataErased(RuleConflict):
    rule = "personal-data-erased"


class StaleVersion(RuleConflict):
    rule = "stale-version"


class EmailTaken(RuleConflict):
    rule = "email-taken"


class NationalCodeTaken(RuleConflict):
    rule = "national-code-taken"


class AlreadyAdministrator(RuleConflict):
    rule = "already-administrator"


class ConcurrentChange(RuleConflict):
    rule = "concurrent-change"


class InvalidProfile(InvalidInput):
    rule = "profile-invalid"


class InvalidRule(InvalidInput):
    rule = "eligibility-rule-invalid"


class InvalidRows(InvalidInput):
    """A bulk input with faulty rows: each is listed, nothing is stored."""

    rule = "rows-invalid"

    def __init__(self, message: str, rows: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.rows = rows


class InvalidReport(InvalidInput):
    rule = "report-invalid"


class NotEnoughInvigilators(RuleConflict):
    rule = "not-enough-invigilators"


class TooManyAttempts(RuleConflict):
    """Too many wrong passwords in a short time: wait before trying again."""

    rule = "too-many-attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SessionNotOpen(RuleConflict):
    rule = "session-not-open"


class NoSuchCandidate(NotFound):
    rule = "no-such-candidate"


class SeveralCandidates(RuleConflict):
    rule = "several-candidates-match"


class JoinedFromAnotherAccount(RuleConflict):
    rule = "joined-from-another-account"


class NotCertifiable(RuleConflict):
    rule = "not-certifiable"


class StartNotAuthorised(RuleConflict):
    rule = "start-not-authorised"


class PresenceNotCancellable(RuleConflict):
    """Only a confirmation of presence not yet spent by a start can be cancelled."""

    rule = "presence-not-cancellable"


class TestNotRunning(RuleConflict):
    rule = "test-not-running"


class TimeLimitExceeded(RuleConflict):
    rule = "time-limit-exceeded"


class FinalisationRefused(RuleConflict):
    rule = "finalisation-refused"


class SessionPublished(RuleConflict):
    rule = "session-published"


class ReviewRequired(RuleConflict):
    rule = "review-required"


# Who may do what ------------------------------------------------------------


class NoSuchInvitation(NotFound):
    rule = "no-such-invitation"


class CannotAdministerCentres(Forbidden):
    rule = "role-cannot-administer-centres"


class PupilGone(RuleConflict):
    """A pupil missing from the school's latest roster is not enrolled again."""

    rule = "pupil-gone"


class PupilOfAnotherCentre(RuleConflict):
    rule = "pupil-of-another-centre"


class RosterOfAnotherCentre(RuleConflict):
    """A roster whose school code is not the centre's."""

    rule = "roster-of-another-centre"


class RosterForSchoolsOnly(RuleConflict):
    rule = "roster-for-schools-only"


class CandidateListChanged(RuleConflict):
    """The session (or the file) changed between the dry run and the commit."""

    rule = "candidate-list-changed"
