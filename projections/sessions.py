"""Sessions as their centre and their invigilators see them: the overview,
the attendance sheet's rows, what the printed papers need and the readiness
checklist's facts."""

from __future__ import annotations

from typing import Any

from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.rules import display_end_time
from projections.engine import Doc, Projection, Rows

SESSION, SHEET_ROW, CENTRE, CONVOCATION = "session", "sheet-row", "centre", "convocation"


class SessionsProjection(Projection):
    """One row per session (details, status, enrolment count) and one per
    candidate on its attendance sheet. Results emails are never copied here:
    what is on this sheet may be printed. Convocations are counted once per
    candidate still enrolled, however often they are sent."""

    name = "sessions"
    topics = (
        Centre.CentreRegistered.TOPIC,
        Session.SessionCreated.TOPIC,
        Session.SessionDetailsChanged.TOPIC,
        Session.SessionDeleted.TOPIC,
        Session.CandidateStarted.TOPIC,
        Session.AttendanceSheetDownloaded.TOPIC,
        Session.ConvocationSent.TOPIC,
        Candidate.CandidateAdded.TOPIC,
        Candidate.CandidateDetailsChanged.TOPIC,
        Candidate.ExtraTimeNoted.TOPIC,
        Candidate.CandidateRemoved.TOPIC,
    )

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        session_id = str(event.originator_id)
        if isinstance(event, Session.SessionCreated):
            doc = {
                "id": session_id,
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
        elif isinstance(event, Session.SessionDeleted):
            self._change_session(rows, session_id, {"deleted": True, "status": "deleted"})
        elif isinstance(event, Session.CandidateStarted):
            self._change_session(rows, session_id, {"status": "started"})
        elif isinstance(event, Session.AttendanceSheetDownloaded):
            self._count(rows, session_id, "sheet_downloads", +1)
        elif isinstance(event, Session.ConvocationSent):
            self._convocation(rows, session_id, str(event.candidate_id))
        elif isinstance(event, Centre.CentreRegistered):
            centre = {"id": str(event.originator_id), "name": event.name}
            rows.put(CENTRE, centre["id"], centre | {"national_code": event.national_code})
        else:
            self._candidate(event, rows)

    def _candidate(self, event: Any, rows: Rows) -> None:
        candidate_id = str(event.originator_id)
        before = rows.get(SHEET_ROW, candidate_id)
        if isinstance(event, Candidate.CandidateAdded):
            row = {
                "candidate_id": candidate_id,
                "session_id": str(event.session_id),
                "extra_time": str(event.extra_time),
            } | personal(event.personal)
            rows.put(SHEET_ROW, candidate_id, row, parent=row["session_id"])
            self._count(rows, row["session_id"], "enrolled", +1)
        elif before is None:
            return
        elif isinstance(event, Candidate.CandidateDetailsChanged):
            rows.put(
                SHEET_ROW,
                candidate_id,
                before | personal(event.personal),
                parent=before["session_id"],
            )
        elif isinstance(event, Candidate.ExtraTimeNoted):
            rows.put(
                SHEET_ROW,
                candidate_id,
                before | {"extra_time": str(event.extra_time)},
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
            rows.put(SESSION, session_id, session | changes, parent=session["centre_id"])


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


def personal(value: Any) -> Doc:
    """What the printed sheet shows of a candidate: no email, no birth place."""
    return {
        "last_name": value.last_name,
        "first_name": value.first_name,
        "birthdate": value.birthdate.strftime("%d/%m/%Y"),
        "division": value.division,
        "external_id": value.external_id,
    }
