"""Questions answered from the read models, never from the event store."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from domain.name_order import alphabetical, name_order
from domain.rules import PUPILS_PER_INVIGILATOR, EligibilityRule, invigilators_needed
from projections.eligibility import CANDIDATE, SESSION
from projections.eligibility import EligibilityProjection as Eligibility
from projections.engine import Doc, ViewStore
from projections.sessions import CENTRE, SHEET_ROW
from projections.sessions import SessionsProjection as Sessions


def by_name(doc: Doc) -> tuple[str, str, str, str]:
    return name_order(doc["last_name"], doc["first_name"])


def candidate_eligibility(views: ViewStore, candidate_id: str) -> Doc | None:
    return views.read(Eligibility.name, CANDIDATE, candidate_id)


def session_eligibility(views: ViewStore, session_id: str) -> Doc:
    """How many candidates are certifiable, and who is not yet, and why."""
    candidates = sorted(views.read_children(Eligibility.name, CANDIDATE, session_id), key=by_name)
    not_yet = [c for c in candidates if not c["certifiable"]]
    return {
        "session_id": session_id,
        "enrolled": len(candidates),
        "certifiable": len(candidates) - len(not_yet),
        "not_yet_certifiable": not_yet,
        "rule_version": rule_version(views),
    }


def centre_eligibility(views: ViewStore, centre_id: str) -> Doc:
    sessions = views.read_children(Eligibility.name, SESSION, centre_id)
    summaries = [session_eligibility(views, s["session_id"]) for s in sessions]
    return {
        "centre_id": centre_id,
        "enrolled": sum(s["enrolled"] for s in summaries),
        "certifiable": sum(s["certifiable"] for s in summaries),
        "sessions": [{k: v for k, v in s.items() if k != "not_yet_certifiable"} for s in summaries],
        "rule_version": rule_version(views),
    }


def rule_version(views: ViewStore) -> int:
    generation = next((g for g in views.generations(Eligibility.name) if g.active), None)
    return generation.rule_version if generation else 0


def attendance_sheet(views: ViewStore, session_id: str) -> Doc | None:
    """The printed sheet: its centre, header, then candidates sorted by last name."""
    session = views.read(Sessions.name, SESSION, session_id)
    if session is None:
        return None
    rows = sorted(views.read_children(Sessions.name, SHEET_ROW, session_id), key=by_name)
    centre = views.read(Sessions.name, CENTRE, session["centre_id"])
    return {"centre": centre, "session": session, "rows": rows}


def centre_attendance_sheets(views: ViewStore, centre_id: str) -> list[Doc]:
    """The sheet of every live session of the centre, in the order they take place."""
    sessions = [
        s for s in views.read_children(Sessions.name, SESSION, centre_id) if not s["deleted"]
    ]
    ordered = sorted(sessions, key=lambda s: (s["date"], s["start_time"], s["room"]))
    return [sheet for s in ordered if (sheet := attendance_sheet(views, s["id"])) is not None]


def session_overview(views: ViewStore, centre_id: str) -> list[Doc]:
    """Each live session with date, room, status and its counts."""
    sessions = [
        s for s in views.read_children(Sessions.name, SESSION, centre_id) if not s["deleted"]
    ]
    found = []
    for session in sorted(sessions, key=lambda s: (s["date"], s["start_time"])):
        eligibility = session_eligibility(views, session["id"])
        found.append(
            session
            | {
                "certifiable": eligibility["certifiable"],
                "not_yet_certifiable": len(eligibility["not_yet_certifiable"]),
            }
        )
    return found


def readiness(
    views: ViewStore, session_id: str, pupils_per_invigilator: int = PUPILS_PER_INVIGILATOR
) -> Doc | None:
    """The guide's preparation steps, each with its state."""
    session = views.read(Sessions.name, SESSION, session_id)
    if session is None:
        return None
    eligibility = session_eligibility(views, session_id)
    enrolled, missing = session["enrolled"], len(eligibility["not_yet_certifiable"])
    steps = [
        step("candidates_enrolled", enrolled > 0, f"{enrolled} candidate(s) enrolled"),
        step(
            "all_certifiable",
            enrolled > 0 and missing == 0,
            f"{missing} candidate(s) not yet certifiable" if missing else "all certifiable",
        ),
        invigilators_step(session, pupils_per_invigilator),
        step(
            "attendance_sheet_downloaded",
            session["sheet_downloads"] > 0,
            f"downloaded {session['sheet_downloads']} time(s)",
        ),
        step(
            "convocations_sent",
            enrolled > 0 and session["convocations_sent"] >= enrolled,
            f"{session['convocations_sent']} of {enrolled} sent",
        ),
    ]
    return {"session_id": session_id, "ready": all(s["done"] for s in steps), "steps": steps}


def invigilators_step(session: Doc, pupils_per_invigilator: int) -> Doc:
    """Enough invigilators named for the candidates: one per N, at least one."""
    named, enrolled = session.get("invigilators", 0), session["enrolled"]
    needed = invigilators_needed(enrolled, pupils_per_invigilator)
    return step("invigilators_named", named >= needed, f"{named} named, {needed} needed")


def step(name: str, done: bool, detail: str) -> Doc:
    return {"step": name, "done": done, "detail": detail}


def preview_rule(views: ViewStore, proposed: EligibilityRule) -> Doc:
    """Every candidate whose eligibility the proposed rule would change, per
    centre and session; nothing is changed."""
    changes: dict[str, dict[str, list[Doc]]] = defaultdict(lambda: defaultdict(list))
    count = 0
    for candidate in views.read_all(Eligibility.name, CANDIDATE):
        levels: dict[str, int] | None = candidate["levels"]
        would_be = proposed.is_certifiable(levels) if levels is not None else False
        if would_be != candidate["certifiable"]:
            count += 1
            changes[candidate["centre_id"]][candidate["session_id"]].append(
                change_of(candidate, would_be, proposed)
            )
    centres = [
        {
            "centre_id": centre,
            "sessions": [{"session_id": s, "candidates": c} for s, c in by.items()],
        }
        for centre, by in changes.items()
    ]
    return {"proposed": proposed.describe(), "changed": count, "centres": centres}


def change_of(candidate: Doc, would_be: bool, proposed: EligibilityRule) -> Doc:
    levels: dict[str, Any] = candidate["levels"] or {}
    return {
        "candidate_id": candidate["candidate_id"],
        "last_name": candidate["last_name"],
        "first_name": candidate["first_name"],
        "certifiable_now": candidate["certifiable"],
        "certifiable_then": would_be,
        "positioned_then": proposed.positioned(levels),
    }


def centre_directory(views: ViewStore) -> list[Doc]:
    """Every registered centre, as a French list is sorted (its id, name and code)."""
    centres = views.read_all(Sessions.name, CENTRE)
    return sorted(centres, key=lambda c: (alphabetical(c["name"]), c["national_code"]))


AFTER_THE_DAY = ("in_review", "finalised")


def review_queue(views: ViewStore) -> list[Doc]:
    """Every centre's sessions waiting for a review or ready to publish, each
    with its centre's name and time zone, those waiting first, oldest first."""
    centres = {c["id"]: c for c in views.read_all(Sessions.name, CENTRE)}
    waiting = [
        s
        for s in views.read_all(Sessions.name, SESSION)
        if s["status"] in AFTER_THE_DAY and not s["deleted"]
    ]
    found = []
    for session in waiting:
        centre = centres.get(session["centre_id"], {})
        found.append(
            session
            | {"centre_name": centre.get("name", ""), "timezone": centre.get("timezone", "")}
        )
    order = AFTER_THE_DAY.index
    return sorted(found, key=lambda s: (order(s["status"]), s["date"], s["start_time"]))


def session_numbers(views: ViewStore) -> dict[str, int | None]:
    """Each session's number by its id, to name sessions as people do."""
    return {s["id"]: s.get("number") for s in views.read_all(Sessions.name, SESSION)}


def session_and_centre(views: ViewStore, session_id: str) -> Doc | None:
    """A session's details and status with its centre (its name and time zone)."""
    session = views.read(Sessions.name, SESSION, session_id)
    if session is None:
        return None
    return {"session": session, "centre": views.read(Sessions.name, CENTRE, session["centre_id"])}
