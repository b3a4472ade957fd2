"""What happens around a session without deciding anything about it: papers
that leave the service, attempts to open the invigilator's workspace, and
joins refused because the candidate had joined from another account."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import errors

SHEET_FORMATS = frozenset({"pdf", "csv", "ods", "kit", "centre-pdf"})
SIGN_IN_OUTCOMES = frozenset({"accepted", "wrong-password"})
_ACTIVITY_NAMESPACE = UUID("5d1c9e0a-2f47-4b8e-a3c6-71e0b9d4f2a8")


class SessionActivity(Aggregate):
    """The access log of one session, on a stream of its own.

    Rule it protects: the session's stream holds decisions only. Downloads,
    convocations handed out and sign-in attempts are facts for the audit and
    the readiness checklist; recorded on the session they would move its
    version and make the administrator's next ``If-Match`` stale. Its id is
    derived from the session's, so every process finds the same log.
    """

    TOPIC = "certif:SessionActivity"

    class Event(Aggregate.Event):
        TOPIC = "certif:SessionActivity.Event"
        by: UUID
        at: datetime
        session_id: UUID

    class ActivityLogOpened(Aggregate.Created, Event):
        TOPIC = "certif:SessionActivity.ActivityLogOpened"

    class AttendanceSheetDownloaded(Event):
        """The attendance sheet left the service, to be printed or edited."""

        TOPIC = "certif:SessionActivity.AttendanceSheetDownloaded"
        format: str

    class ConvocationSent(Event):
        """A candidate's convocation letter was handed out (downloaded to be sent)."""

        TOPIC = "certif:SessionActivity.ConvocationSent"
        candidate_id: UUID

    class InvigilatorSignInAttempted(Event):
        """A password checked at the invigilator's workspace, right or wrong;
        attempts refused by the limits before any check are not recorded."""

        TOPIC = "certif:SessionActivity.InvigilatorSignInAttempted"
        outcome: str

    class JoinFromAnotherAccountRefused(Event):
        """Someone joined as a candidate who had already joined from another
        pupil account: perhaps the real pupil, after a wrong join."""

        TOPIC = "certif:SessionActivity.JoinFromAnotherAccountRefused"
        candidate_id: UUID

    def __init__(self, session_id: UUID, by: UUID, at: datetime) -> None:
        self.session_id = session_id

    @staticmethod
    def id_for(session_id: UUID) -> UUID:
        return uuid5(_ACTIVITY_NAMESPACE, session_id.hex)

    @classmethod
    def open(cls, session_id: UUID, by: UUID, at: datetime) -> SessionActivity:
        return cls._create(
            cls.ActivityLogOpened, id=cls.id_for(session_id), session_id=session_id, by=by, at=at
        )

    def record_sheet_download(self, file_format: str, by: UUID, at: datetime) -> None:
        if file_format not in SHEET_FORMATS:
            raise errors.InvalidInput(
                f"Unknown attendance sheet format: {file_format}.", field="format"
            )
        self._record(self.AttendanceSheetDownloaded, by, at, format=file_format)

    def record_convocation_sent(self, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self._record(self.ConvocationSent, by, at, candidate_id=candidate_id)

    def record_join_refused(self, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self._record(self.JoinFromAnotherAccountRefused, by, at, candidate_id=candidate_id)

    def record_sign_in(self, outcome: str, by: UUID, at: datetime) -> None:
        if outcome not in SIGN_IN_OUTCOMES:
            raise errors.InvalidInput(f"Unknown sign-in outcome: {outcome}.", field="outcome")
        self._record(self.InvigilatorSignInAttempted, by, at, outcome=outcome)

    def _record(self, event: type[Event], by: UUID, at: datetime, **fields: object) -> None:
        self.trigger_event(event, session_id=self.session_id, by=by, at=at, **fields)
