"""The audit trail: every event of a session and of its candidates, in order,
with who acted, when, and a sentence that a person can read.

The projection listens to exactly the events it can describe (``DESCRIBERS``),
plus the opening of accounts, whose display names say who acted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from domain.personal import erased_twin
from domain.values import ERASED
from projections.engine import Doc, Projection, Rows, personal, plain

ENTRY, CANDIDATE_ENTRY = "entry", "candidate-entry"
CANDIDATE, SESSION, ACCOUNT = "candidate", "session", "account"
COMMAND_LINE = UUID(int=0)
"""The actor of commands run at the command line (application.ports.SYSTEM_ACTOR,
which a projection may not import)."""
COMMAND_LINE_NAME = "the operator at the command line"
TRACKED_FIELDS = (
    "birthdate",
    "sex",
    "birth_place",
    "external_id",
    "division",
    "convocation_email",
    "results_email",
)

Describe = Callable[[Any, Rows], str]


def subject_of(event: Any, rows: Rows) -> tuple[str | None, str | None]:
    """The session the event belongs to, and the candidate it concerns if any."""
    if isinstance(event, Candidate.CandidateAdded):
        return str(event.session_id), str(event.originator_id)
    if isinstance(event, Candidate.Event):
        known = rows.get(CANDIDATE, str(event.originator_id))
        return (known["session_id"] if known else None), str(event.originator_id)
    if isinstance(event, SessionActivity.Event):
        candidate_id = getattr(event, "candidate_id", None)
        return str(event.session_id), (str(candidate_id) if candidate_id else None)
    if isinstance(event, Centre.Event):
        session_id = getattr(event, "session_id", None)  # only calendar events concern one
        return (str(session_id) if session_id else None), None
    report = getattr(event, "report", None)  # incident and fraud reports name theirs inside
    candidate_id = getattr(event, "candidate_id", None) or getattr(report, "candidate_id", None)
    return str(event.originator_id), (str(candidate_id) if candidate_id else None)


def entry_of(
    event: Any,
    position: int,
    description: str,
    session_id: str,
    candidate_id: str | None,
    rows: Rows,
) -> Doc:
    known = rows.get(CANDIDATE, candidate_id) if candidate_id else None
    return {
        "position": position,
        "event": type(event).__name__,
        "topic": type(event).TOPIC,
        "aggregate_id": str(event.originator_id),
        "version": event.originator_version,
        "by": str(event.by),
        "by_name": actor_name(event.by, rows),
        "at": event.at.isoformat(),
        "description": description,
        "session_id": session_id,
        "candidate_id": candidate_id,
        "candidate_name": known["name"] if known else None,  # sealed as in the row
    }


def actor_name(actor: UUID, rows: Rows) -> str | None:
    if actor == COMMAND_LINE:
        return COMMAND_LINE_NAME
    account = rows.get(ACCOUNT, str(actor))
    return account["display_name"] if account else None


def remember(event: Any, rows: Rows) -> None:
    """Keeps what later descriptions compare with: a session's details, and a
    candidate's session, name and a digest of each of their details."""
    if isinstance(event, Session.SessionCreated | Session.SessionDetailsChanged):
        rows.put(SESSION, str(event.originator_id), details_of(event.details))
    elif isinstance(event, Candidate.CandidateAdded | Candidate.CandidateDetailsChanged):
        candidate_id = str(event.originator_id)
        before = rows.get(CANDIDATE, candidate_id) or {}
        session_id = str(getattr(event, "session_id", before.get("session_id")))
        doc = {
            "session_id": session_id,
            "name": personal(candidate_id, full_name(event.personal)),
            "digests": personal(candidate_id, digests_of(candidate_id, event), {}),
        }
        rows.put(CANDIDATE, candidate_id, doc, parent=session_id)


def details_of(details: Any) -> Doc:
    return {
        "site": details.site,
        "room": details.room,
        "examiner": details.examiner,
        "date": details.date.isoformat(),
        "start_time": details.start_time.strftime("%H:%M"),
        "observations": details.observations,
    }


def full_name(personal: Any) -> str:
    return f"{personal.first_name} {personal.last_name}"


def digests_of(candidate_id: str, event: Any) -> dict[str, str]:
    """A keyed digest per detail: enough to tell that a value changed, without
    keeping the value (emails above all) in the trail."""
    values = {name: getattr(event.personal, name) for name in TRACKED_FIELDS}
    values |= {
        "billing_mode": event.billing_mode,
        "accessibility_adjustment": event.accessibility_adjustment,
    }
    key = UUID(candidate_id).bytes
    return {
        name: hashlib.blake2b(repr(value).encode(), key=key, digest_size=8).hexdigest()
        for name, value in values.items()
    }


def percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f} %"


def candidate_name(rows: Rows, candidate_id: UUID) -> str:
    known = rows.get(CANDIDATE, str(candidate_id))
    return str(plain(known["name"])) if known else f"#{str(candidate_id)[:8]}"


# Descriptions: each reads the rows as they were before the event ------------


def session_created(event: Any, rows: Rows) -> str:
    d = details_of(event.details)
    return (
        f"Session created for {d['date']} at {d['start_time']} in {d['room']} "
        f"({d['site']}), invigilated by {d['examiner']}"
    )


def session_details_changed(event: Any, rows: Rows) -> str:
    before = rows.get(SESSION, str(event.originator_id))
    after = details_of(event.details)
    if before is None:
        return "Session details changed"
    changed = [name for name, value in after.items() if before.get(name) != value]
    where_or_when = {"date", "start_time", "site", "room"}
    others = ", ".join(name.replace("_", " ") for name in changed if name not in where_or_when)
    if where_or_when.isdisjoint(changed):
        return f"Session details changed: {others}"
    moved = f"Session moved to {after['date']} at {after['start_time']} in {after['room']}"
    return f"{moved}; also changed: {others}" if others else moved


def candidate_added(event: Any, rows: Rows) -> str:
    text = f"Candidate {full_name(event.personal)} added to the session"
    if event.extra_time:
        text += f" with {percent(event.extra_time)} extra time"
    if event.accessibility_adjustment:
        text += ", needing an accessibility adjustment"
    return text


def candidate_details_changed(event: Any, rows: Rows) -> str:
    candidate_id = str(event.originator_id)
    before = rows.get(CANDIDATE, candidate_id) or {"name": "", "digests": {}}
    old_digests: dict[str, str] = plain(before["digests"])
    old_name = plain(before["name"])
    changed = [
        name.replace("_", " ")
        for name, digest in digests_of(candidate_id, event).items()
        if old_digests.get(name) not in (None, digest)
    ]
    new_name = full_name(event.personal)
    if old_name and old_name != new_name:
        renamed = f"Candidate {old_name} renamed {new_name}"
        return f"{renamed}; also changed: {', '.join(changed)}" if changed else renamed
    if changed:
        return f"Details of candidate {new_name} changed: {', '.join(changed)}"
    return f"Details of candidate {new_name} changed"


def slot_phrase(slot_key: str) -> str:
    """The date and time of a slot key (site|room|date|time, normalised)."""
    parts = slot_key.split("|")
    return f"{parts[2]} at {parts[3]}" if len(parts) == 4 else "a new slot"


def incident_phrase(report: Any) -> str:
    where = f" on question {report.question_number}" if report.question_number else ""
    return f"Incident {report.category} reported{where}"


def sheet_downloaded(event: Any, rows: Rows) -> str:
    return f"Attendance sheet downloaded ({event.format.upper()})"


def convocation_sent(event: Any, rows: Rows) -> str:
    return f"Convocation of candidate {candidate_name(rows, event.candidate_id)} sent"


def sign_in_attempted(event: Any, rows: Rows) -> str:
    return {
        "accepted": "Invigilator's workspace opened",
        "wrong-password": "Invigilator's workspace: wrong password",
        "locked": "Invigilator's workspace: attempt refused after too many wrong passwords",
    }.get(event.outcome, f"Invigilator's workspace: {event.outcome}")


DESCRIBERS: dict[type[Any], Describe] = {
    Session.SessionCreated: session_created,
    Session.SessionDetailsChanged: session_details_changed,
    Session.SessionDeleted: lambda e, r: "Session deleted",
    Session.InvigilatorPasswordRenewed: lambda e, r: "Invigilator password renewed",
    Session.CandidateEnrolled: lambda e, r: (
        f"Candidate {candidate_name(r, e.candidate_id)} entered on the session's roster"
    ),
    Session.CandidateEntryChanged: lambda e, r: (
        f"Roster entry of candidate {candidate_name(r, e.candidate_id)} updated"
    ),
    Session.CandidateWithdrawn: lambda e, r: (
        f"Candidate {candidate_name(r, e.candidate_id)} withdrawn from the session's roster"
    ),
    Session.CandidateStarted: lambda e, r: (
        f"Candidate {candidate_name(r, e.candidate_id)} started the test"
    ),
    Session.AttendanceSheetDownloaded: sheet_downloaded,
    SessionActivity.AttendanceSheetDownloaded: sheet_downloaded,
    Session.ConvocationSent: convocation_sent,
    SessionActivity.ConvocationSent: convocation_sent,
    Session.InvigilatorsNamed: lambda e, r: f"Invigilators named: {', '.join(e.names)}",
    Session.InvigilatorSignInAttempted: sign_in_attempted,
    SessionActivity.InvigilatorSignInAttempted: sign_in_attempted,
    SessionActivity.JoinFromAnotherAccountRefused: lambda e, r: (
        f"Join as candidate {candidate_name(r, e.candidate_id)} refused: "
        "already joined from another pupil account"
    ),
    Session.SessionStarted: lambda e, r: "Session started by the invigilator",
    Session.CandidateJoined: lambda e, r: (
        f"Candidate {candidate_name(r, e.candidate_id)} joined the session"
    ),
    Session.CandidateFinished: lambda e, r: (
        f"Test of candidate {candidate_name(r, e.candidate_id)} "
        + ("completed" if e.completed else "ended by the invigilator")
    ),
    Session.IncidentReported: lambda e, r: incident_phrase(e.report),
    Session.FraudReported: lambda e, r: (
        f"Fraud reported for candidate {candidate_name(r, e.report.candidate_id)}"
    ),
    Session.SessionFinalised: lambda e, r: "Session finalised",
    Session.SessionUnfinalised: lambda e, r: "Finalisation withdrawn",
    Session.ReviewCommented: lambda e, r: "Reviewer's comment added",
    Session.CertificationCancelled: lambda e, r: (
        f"Certification of candidate {candidate_name(r, e.candidate_id)} cancelled"
    ),
    Session.ReviewCompleted: lambda e, r: "Review completed",
    Session.ResultReceived: lambda e, r: (
        f"Result of candidate {candidate_name(r, e.candidate_id)} received"
    ),
    Session.ResultsPublished: lambda e, r: "Results published",
    Candidate.CandidateJoined: lambda e, r: (
        "Joined; "
        + ("certifiable" if e.decision.certifiable else "not certifiable")
        + f" under rule version {e.decision.rule_version}"
    ),
    Candidate.PupilAccountDetached: lambda e, r: (
        "Pupil account detached by the invigilator: the candidate joins again"
    ),
    Candidate.PresenceConfirmed: lambda e, r: "Presence confirmed: start authorised",
    Candidate.TestStarted: lambda e, r: "Test resumed" if e.resumed else "Test started",
    Candidate.HelpRequested: lambda e, r: "Asked for help",
    Candidate.HelpGiven: lambda e, r: "Help given",
    Candidate.TestEnded: lambda e, r: "Test ended by the invigilator",
    Candidate.TestCompleted: lambda e, r: "Test completed",
    Candidate.ResultRecorded: lambda e, r: "Result recorded",
    Candidate.CandidateAdded: candidate_added,
    Candidate.CandidateDetailsChanged: candidate_details_changed,
    Candidate.ExtraTimeNoted: lambda e, r: f"Extra time noted: {percent(e.extra_time)}",
    Candidate.CandidateRemoved: lambda e, r: "Candidate removed",
    Candidate.PersonalDataErased: lambda e, r: f"Personal data erased: {e.reason}",
    Centre.SessionScheduled: lambda e, r: (
        f"Slot of {slot_phrase(e.slot_key)} booked in the centre's calendar"
    ),
    Centre.SessionRescheduled: lambda e, r: (
        f"Slot moved to {slot_phrase(e.slot_key)} in the centre's calendar"
    ),
    Centre.SessionUnscheduled: lambda e, r: "Slot released in the centre's calendar",
}


class ErasedNames:
    """The rows as a description reads them once a candidate is erased."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def get(self, kind: str, key: str) -> Doc | None:
        found = self.rows.get(kind, key)
        if kind == CANDIDATE and found is not None:
            return found | {"name": ERASED, "digests": {}}
        return found

    def put(self, kind: str, key: str, doc: Doc, parent: str = "") -> None:
        raise RuntimeError("A description only reads the rows.")

    def delete(self, kind: str, key: str) -> None:
        raise RuntimeError("A description only reads the rows.")

    def children(self, kind: str, parent: str) -> list[Doc]:
        return self.rows.children(kind, parent)


class AuditProjection(Projection):
    """One entry per event of a session, of its candidates and of its centre's
    calendar, keyed by log position so that an event applied again overwrites
    its own entry instead of adding one. Descriptions name candidates (this
    read model is rebuilt after an erasure) but never show an email or another
    personal value: a changed detail is named by its field only."""

    name = "audit"
    version = 2  # 2: reports belong to their candidate's trail; personal values sealed
    topics = (
        *(event_class.TOPIC for event_class in DESCRIBERS),
        Account.AccountOpened.TOPIC,
    )

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        if isinstance(event, Account.AccountOpened):
            rows.put(ACCOUNT, str(event.originator_id), {"display_name": event.display_name})
            return
        session_id, candidate_id = subject_of(event, rows)
        describe = DESCRIBERS.get(type(event))
        if session_id is None or describe is None:
            return  # no session's business, or a candidate this generation never saw added
        description: Any = describe(event, rows)
        if candidate_id is not None:
            # what the entry will say once the candidate's key is destroyed
            erased = describe(erased_twin(event), ErasedNames(rows))
            description = personal(candidate_id, description, erased)
        remember(event, rows)
        entry = entry_of(event, position, description, session_id, candidate_id, rows)
        key = f"{position:020d}"
        rows.put(ENTRY, key, entry, parent=session_id)
        if candidate_id is not None:
            rows.put(CANDIDATE_ENTRY, key, entry, parent=candidate_id)
