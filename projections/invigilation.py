"""The invigilator's view of a session, and the data of its finalisation form."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from domain.name_order import name_order
from domain.rules import theoretical_end
from projections.engine import Doc, Projection, Rows, ViewStore, personal

SESSION, CANDIDATE = "session", "candidate"
STATES = {
    Candidate.CandidateJoined: "joined",
    Candidate.PresenceConfirmed: "authorised",
    Candidate.TestStarted: "in_test",
    Candidate.TestEnded: "ended",
    Candidate.TestCompleted: "completed",
}


def topic_of(event_class: type[Any]) -> str:
    return str(event_class.TOPIC)


class InvigilationProjection(Projection):
    """Each candidate's state on the day (joined, authorised, in test, ended,
    completed), start, extra time and help requests; each session's
    invigilators and reports. Alerts that depend on the clock are computed
    when read, never stored."""

    name = "invigilation"
    version = 4  # 4: a cancelled presence puts the candidate back as joined or in test
    topics = tuple(
        topic_of(e)
        for e in (
            Session.SessionCreated,
            Session.InvigilatorsNamed,
            Session.SessionStarted,
            Session.IncidentReported,
            Session.FraudReported,
            Session.SessionFinalised,
            Session.SessionUnfinalised,
            Candidate.CandidateAdded,
            Candidate.CandidateDetailsChanged,
            Candidate.ExtraTimeNoted,
            Candidate.CandidateRemoved,
            Candidate.HelpRequested,
            Candidate.HelpGiven,
            Candidate.PupilAccountDetached,
            Candidate.PresenceCancelled,
            SessionActivity.JoinFromAnotherAccountRefused,
            *STATES,
        )
    )

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        if isinstance(event, SessionActivity.JoinFromAnotherAccountRefused):
            self._another_account(str(event.candidate_id), rows)
        elif isinstance(event, Session.Event):
            self._session(event, rows)
        else:
            self._candidate(event, rows)

    def _session(self, event: Any, rows: Rows) -> None:
        key = str(event.originator_id)
        if isinstance(event, Session.SessionCreated):
            created: Doc = {
                "session_id": key,
                "number": event.number,
                "invigilators": [],
                "started_at": None,
                "incidents": [],
                "frauds": [],
                "finalised": False,
            }
            rows.put(SESSION, key, created, parent=str(event.centre_id))
            return
        doc = rows.get(SESSION, key)
        if doc is None:
            return
        if isinstance(event, Session.InvigilatorsNamed):
            doc["invigilators"] = list(event.names)
        elif isinstance(event, Session.SessionStarted):
            doc["started_at"] = doc["started_at"] or event.at.isoformat()
        elif isinstance(event, Session.IncidentReported):
            doc["incidents"].append(report_doc(event.report, event.at))
        elif isinstance(event, Session.FraudReported):
            doc["frauds"].append(report_doc(event.report, event.at))
        else:
            doc["finalised"] = isinstance(event, Session.SessionFinalised)
        rows.put(SESSION, key, doc)

    def _another_account(self, candidate_id: str, rows: Rows) -> None:
        doc = rows.get(CANDIDATE, candidate_id)
        if doc is not None:
            rows.put(
                CANDIDATE,
                candidate_id,
                doc | {"another_account_tried": True},
                parent=doc["session_id"],
            )

    def _candidate(self, event: Any, rows: Rows) -> None:
        key = str(event.originator_id)
        if isinstance(event, Candidate.CandidateAdded):
            added: Doc = {
                "candidate_id": key,
                "session_id": str(event.session_id),
                "state": "enrolled",
                "extra_time": personal(key, str(event.extra_time), "0"),
                "started_at": None,
                "help_requested": False,
                "certifiable": None,
            }
            added |= names(key, event.personal)
            rows.put(CANDIDATE, key, added, parent=added["session_id"])
            return
        doc = rows.get(CANDIDATE, key)
        if doc is None:
            return
        if isinstance(event, Candidate.CandidateRemoved):
            rows.delete(CANDIDATE, key)
            return
        doc |= candidate_change(key, event, doc)
        rows.put(CANDIDATE, key, doc, parent=doc["session_id"])


def candidate_change(key: str, event: Any, doc: Doc) -> Doc:
    if isinstance(event, Candidate.CandidateDetailsChanged):
        return names(key, event.personal)
    if isinstance(event, Candidate.ExtraTimeNoted):
        return {"extra_time": personal(key, str(event.extra_time), "0")}
    if isinstance(event, Candidate.HelpRequested | Candidate.HelpGiven):
        return {"help_requested": isinstance(event, Candidate.HelpRequested)}
    if isinstance(event, Candidate.PupilAccountDetached):
        return {"state": "enrolled", "certifiable": None, "another_account_tried": False}
    if isinstance(event, Candidate.PresenceCancelled):  # back to what it was before
        return {"state": "in_test" if doc["started_at"] else "joined"}
    change: Doc = {"state": STATES[type(event)]}
    if isinstance(event, Candidate.CandidateJoined):
        change["certifiable"] = event.decision.certifiable
    if isinstance(event, Candidate.TestStarted):
        change["started_at"] = doc["started_at"] or event.at.isoformat()
    if isinstance(event, Candidate.TestEnded | Candidate.TestCompleted):
        change["help_requested"] = False
    return change


def names(key: str, value: Any) -> Doc:
    return {
        "last_name": personal(key, value.last_name),
        "first_name": personal(key, value.first_name),
        "division": personal(key, value.division),
    }


REPORT_TEXTS = ("description", "observed", "witnesses", "measures")


def report_doc(report: Any, at: datetime) -> Doc:
    """A report's fields; what it says about a candidate is sealed with their key."""
    subject = str(report.candidate_id) if report.candidate_id is not None else None
    fields: Doc = {}
    for name, value in report.__dict__.items():
        if name == "candidate_id":
            value = subject
        elif name in REPORT_TEXTS and subject is not None and value:
            value = personal(subject, value)
        fields[name] = value
    return fields | {"at": at.isoformat()}


def invigilator_view(views: ViewStore, session_id: str, now: datetime) -> Doc | None:
    """Candidates by name with their theoretical end (extra time counted) and
    alerts: past their end, asking for help, not certifiable, joined as by
    another pupil account too (a wrong join to detach?)."""
    session = views.read(InvigilationProjection.name, SESSION, session_id)
    if session is None:
        return None
    found = views.read_children(InvigilationProjection.name, CANDIDATE, session_id)
    candidates = [with_alerts(c, now) for c in found]
    candidates.sort(key=lambda c: name_order(c["last_name"], c["first_name"]))
    return session | {"candidates": candidates, "now": now.isoformat()}


def with_alerts(candidate: Doc, now: datetime) -> Doc:
    end = None
    if candidate["started_at"]:
        started = datetime.fromisoformat(candidate["started_at"])
        end = theoretical_end(started, Decimal(candidate["extra_time"]))
    running = candidate["state"] in ("in_test", "authorised") and end is not None
    alerts = [
        alert
        for alert, on in (
            ("past_theoretical_end", running and end is not None and now > end),
            ("asked_for_help", candidate["help_requested"]),
            ("not_certifiable", candidate["certifiable"] is False),
            ("another_account_tried_to_join", candidate.get("another_account_tried", False)),
        )
        if on
    ]
    return candidate | {"theoretical_end": end.isoformat() if end else None, "alerts": alerts}


def finalisation_form(views: ViewStore, session_id: str) -> Doc | None:
    """Who started and whether they completed, who was absent, what was reported."""
    session = views.read(InvigilationProjection.name, SESSION, session_id)
    if session is None:
        return None
    candidates = views.read_children(InvigilationProjection.name, CANDIDATE, session_id)
    started = [c for c in candidates if c["started_at"]]
    return {
        "session_id": session_id,
        "completed": [c for c in started if c["state"] == "completed"],
        "needs_abort_reason": [c for c in started if c["state"] != "completed"],
        "absent": [c for c in candidates if not c["started_at"]],
        "incidents": session["incidents"],
        "frauds": session["frauds"],
        "finalised": session["finalised"],
    }


def candidate_on_the_day(views: ViewStore, candidate_id: str, now: datetime) -> Doc | None:
    """One candidate's state, as their own waiting and test pages show it."""
    found = views.read(InvigilationProjection.name, CANDIDATE, candidate_id)
    return with_alerts(found, now) if found is not None else None
