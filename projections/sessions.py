"""Sessions as their centre and their invigilators see them: the overview,
the attendance sheet's rows, what the printed papers need and the readiness
checklist's facts."""

from __future__ import annotations

from typing import Any

from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session, derive_status
from domain.aggregates.session_activity import SessionActivity
from domain.rules import display_end_time
from domain.values import ERASED
from projections.engine import Doc, Projection, Rows, personal

SHEET_DOWNLOADED = SessionActivity.AttendanceSheetDownloaded
SESSION, SHEET_ROW, CENTRE, CONVOCATION = "session", "sheet-row", "centre", "convocation"


class SessionsProjection(Projection):
    """One row per session (details, status, enrolment count) and one per
    candidate on its attendance sheet. Results emails are never copied here:
    what is on this sheet may be printed. Convocations are counted once per
    candidate still enrolled, however often they are sent."""

    name = "sessions"
    version = 4  # 3: session numbers (and, separately, the centre's time zone); 4: both
    topics = (
        Centre.CentreRegistered.TOPIC,
        Session.SessionCreated.TOPIC,
        Session.SessionDetailsChanged.TOPIC,
        Session.SessionDeleted.TOPIC,
        Session.CandidateStarted.TOPIC,
        Session.SessionStarted.TOPIC,
        Session.InvigilatorsNamed.TOPIC,
        Session.IncidentReported.TOPIC,
        Session.FraudReported.TOPIC,
        Session.SessionFinalised.TOPIC,
        Session.SessionUnfinalised.TOPIC,
        Session.ReviewCompleted.TOPIC,
        Session.ResultsPublished.TOPIC,
        Session.AttendanceSheetDownloaded.TOPIC,
        Session.ConvocationSent.TOPIC,
        SessionActivity.AttendanceSheetDownloaded.TOPIC,
        SessionActivity.ConvocationSent.TOPIC,
        Candidate.CandidateAdded.TOPIC,
        Candidate.CandidateDetailsChanged.TOPIC,
        Candidate.ExtraTimeNoted.TOPIC,
        Candidate.CandidateRemoved.TOPIC,
    )

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        on_log = isinstance(event, SessionActivity.Event)
        session_id = str(event.session_id if on_log else event.originator_id)
        if isinstance(event, Session.SessionCreated):
            doc = {
                "id": session_id,
                "number": event.number,
                "centre_id": str(event.centre_id),
                "status": "created",
                "enrolled": 0,
                "deleted": False,
                "sheet_downloads": 0,
                "convocations_sent": 0,
                "access_code": event.access_code,
            }
            rows.put(SESSION, session_id, doc | details(event.details), parent=str(event.centre_id))
        elif isinstance(event, Session.SessionDetailsChanged):
            self._change_session(rows, session_id, details(event.details))
        elif (change := lifecycle(event)) is not None:
            self._change_session(rows, session_id, change)
        elif isinstance(event, Session.AttendanceSheetDownloaded | SHEET_DOWNLOADED):
            self._count(rows, session_id, "sheet_downloads", +1)
        elif isinstance(event, Session.ConvocationSent | SessionActivity.ConvocationSent):
            self._convocation(rows, session_id, str(event.candidate_id))
        elif isinstance(event, Centre.CentreRegistered):
            centre = {"id": str(event.originator_id), "name": event.name}
            facts = {"national_code": event.national_code, "timezone": event.timezone}
            rows.put(CENTRE, centre["id"], centre | facts)
        else:
            self._candidate(event, rows)

    def _candidate(self, event: Any, rows: Rows) -> None:
        candidate_id = str(event.originator_id)
        before = rows.get(SHEET_ROW, candidate_id)
        if isinstance(event, Candidate.CandidateAdded):
            row = {
                "candidate_id": candidate_id,
                "session_id": str(event.session_id),
                "extra_time": personal(candidate_id, str(event.extra_time), "0"),
            } | sheet_fields(candidate_id, event.personal)
            rows.put(SHEET_ROW, candidate_id, row, parent=row["session_id"])
            self._count(rows, row["session_id"], "enrolled", +1)
        elif before is None:
            return
        elif isinstance(event, Candidate.CandidateDetailsChanged):
            rows.put(
                SHEET_ROW,
                candidate_id,
                before | sheet_fields(candidate_id, event.personal),
                parent=before["session_id"],
            )
        elif isinstance(event, Candidate.ExtraTimeNoted):
            rows.put(
                SHEET_ROW,
                candidate_id,
                before | {"extra_time": personal(candidate_id, str(event.extra_time), "0")},
                parent=before["session_id"],
            )
        elif isinstance(event, Candidate.CandidateRemoved):
            self._remove(rows, candidate_id, before["session_id"])

    def _remove(self, rows: Rows, candidate_id: str, session_id: str) -> None:
        """Off the sheet, and no longer among those convoked."""
        rows.delete(SHEET_ROW, candidate_id)
        self._count(rows, session_id, "enrolled", -1)
        if rows.get(CONVOCATION, candidate_id) is not None:
            rows.delete(CONVOCATION, candidate_id)
            self._count(rows, session_id, "convocations_sent", -1)

    def _convocation(self, rows: Rows, session_id: str, candidate_id: str) -> None:
        """A marker per candidate: sending again counts nothing more."""
        if rows.get(CONVOCATION, candidate_id) or not rows.get(SHEET_ROW, candidate_id):
            return
        rows.put(CONVOCATION, candidate_id, {"candidate_id": candidate_id}, parent=session_id)
        self._count(rows, session_id, "convocations_sent", +1)

    def _count(self, rows: Rows, session_id: str, field: str, step: int) -> None:
        session = rows.get(SESSION, session_id)
        if session is not None:
            self._change_session(rows, session_id, {field: session.get(field, 0) + step})

    def _change_session(self, rows: Rows, session_id: str, changes: Doc) -> None:
        session = rows.get(SESSION, session_id)
        if session is not None:
            changed = session | changes
            changed["status"] = status_of(changed)
            rows.put(SESSION, session_id, changed, parent=session["centre_id"])


def lifecycle(event: Any) -> Doc | None:
    """What an event of the session's life changes in the facts its status needs."""
    reopened = {"needs_action": True, "review_completed": False}
    if isinstance(event, Session.SessionDeleted):
        return {"deleted": True}
    if isinstance(event, Session.SessionStarted | Session.CandidateStarted):
        return {"started": True}
    if isinstance(event, Session.InvigilatorsNamed):
        return {"invigilators": len(event.names)}
    if isinstance(event, Session.IncidentReported):
        return reopened if event.report.needs_action else {}
    if isinstance(event, Session.FraudReported):
        return reopened
    if isinstance(event, Session.SessionFinalised):
        form = event.finalisation
        return {"finalised": True, "commented": bool(form.comment or form.candidate_comments)}
    if isinstance(event, Session.SessionUnfinalised):
        return {"finalised": False, "commented": False, "review_completed": False}
    if isinstance(event, Session.ReviewCompleted):
        return {"review_completed": True}
    if isinstance(event, Session.ResultsPublished):
        return {"published": True}
    return None


def status_of(session: Doc) -> str:
    waiting = session.get("commented", False) or session.get("needs_action", False)
    return derive_status(
        deleted=session.get("deleted", False),
        published=session.get("published", False),
        finalised=session.get("finalised", False),
        waiting_for_review=waiting and not session.get("review_completed", False),
        started=session.get("started", False),
    ).value


def details(value: Any) -> Doc:
    return {
        "site": value.site,
        "room": value.room,
        "examiner": value.examiner,
        "date": value.date.isoformat(),
        "start_time": value.start_time.strftime("%H:%M"),
        "end_time": display_end_time(value.date, value.start_time).strftime("%H:%M"),
        "observations": value.observations,
    }


def sheet_fields(candidate_id: str, value: Any) -> Doc:
    """What the printed sheet shows of a candidate: no email, no birth place;
    each field sealed with the candidate's key."""
    born = value.birthdate.strftime("%d/%m/%Y") if value.birthdate else ERASED
    fields = {
        "last_name": value.last_name,
        "first_name": value.first_name,
        "birthdate": born,
        "division": value.division,
        "external_id": value.external_id,
    }
    return {name: personal(candidate_id, text) for name, text in fields.items()}
