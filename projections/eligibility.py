"""Eligibility: who is certifiable, under which rule, from which profile capture."""

from __future__ import annotations

from typing import Any

from domain.aggregates.candidate import Candidate
from domain.aggregates.profile import PupilProfile
from domain.aggregates.session import Session
from domain.competences import levels_of
from projections.engine import Doc, Projection, Rows, personal

CANDIDATE, PROFILE, BY_PUPIL, SESSION = "candidate", "profile", "by-pupil", "session"
OWNER = "profile-owner"


class EligibilityProjection(Projection):
    """Each candidate's positioned competences and whether they are certifiable,
    computed with the latest capture of their profile under the rule this
    generation is built with; a rule change rebuilds it."""

    name = "eligibility"
    uses_rule = True
    version = 2
    topics = (
        Candidate.CandidateAdded.TOPIC,
        Candidate.CandidateDetailsChanged.TOPIC,
        Candidate.CandidateRemoved.TOPIC,
        Candidate.PersonalDataErased.TOPIC,
        PupilProfile.ProfileOpened.TOPIC,
        PupilProfile.ProfileCaptured.TOPIC,
        Session.SessionCreated.TOPIC,
        Session.SessionDeleted.TOPIC,
    )

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        if isinstance(event, Candidate.CandidateAdded | Candidate.CandidateDetailsChanged):
            self._candidate(event, rows)
        elif isinstance(event, Candidate.CandidateRemoved):
            self._remove(str(event.originator_id), rows)
        elif isinstance(event, Candidate.PersonalDataErased):
            self._unlink(str(event.originator_id), rows)
        elif isinstance(event, PupilProfile.ProfileOpened):
            rows.put(OWNER, str(event.originator_id), {"pupil_key": event.pupil_key})
        elif isinstance(event, PupilProfile.ProfileCaptured):
            self._capture(event, position, rows)
        elif isinstance(event, Session.SessionCreated):
            doc = {"session_id": str(event.originator_id), "deleted": False}
            rows.put(SESSION, str(event.originator_id), doc, parent=str(event.centre_id))
        elif isinstance(event, Session.SessionDeleted):
            self._delete_session(str(event.originator_id), rows)

    def _candidate(self, event: Any, rows: Rows) -> None:
        candidate_id = str(event.originator_id)
        before = rows.get(CANDIDATE, candidate_id) or {}
        session_id = str(getattr(event, "session_id", before.get("session_id")))
        centre_id = str(getattr(event, "centre_id", before.get("centre_id")))
        names = event.personal
        key = None
        if names.birthdate is not None:  # an erased candidate is linked to no profile
            key = self.pseudonyms.pupil(
                centre_id, names.last_name, names.first_name, names.birthdate
            )
        if before.get("pupil_key") and before["pupil_key"] != key:
            rows.delete(BY_PUPIL, f"{before['pupil_key']}:{candidate_id}")
        if key is not None:
            rows.put(BY_PUPIL, f"{key}:{candidate_id}", {"candidate_id": candidate_id}, parent=key)
        doc = {
            "candidate_id": candidate_id,
            "session_id": session_id,
            "centre_id": centre_id,
            "pupil_key": key,
            "last_name": personal(candidate_id, names.last_name),
            "first_name": personal(candidate_id, names.first_name),
            "division": personal(candidate_id, names.division),
        }
        profile = rows.get(PROFILE, key) if key is not None else None
        rows.put(CANDIDATE, candidate_id, self._judged(doc, profile), parent=session_id)

    def _unlink(self, candidate_id: str, rows: Rows) -> None:
        candidate = rows.get(CANDIDATE, candidate_id)
        if candidate is not None and candidate.get("pupil_key"):
            rows.delete(BY_PUPIL, f"{candidate['pupil_key']}:{candidate_id}")
            rows.put(
                CANDIDATE,
                candidate_id,
                candidate | {"pupil_key": None},
                parent=candidate["session_id"],
            )

    def _capture(self, event: Any, position: int, rows: Rows) -> None:
        owner = rows.get(OWNER, str(event.originator_id))
        if owner is None:
            return
        key = owner["pupil_key"]
        latest = rows.get(PROFILE, key)
        captured_at = event.captured_at.isoformat()
        if latest and latest["captured_at"] > captured_at:
            return  # an older capture recorded late does not replace a newer one
        profile = {
            "captured_at": captured_at,
            "campaign": event.campaign,
            "position": position,
            "levels": levels_of(event.pix),
        }
        rows.put(PROFILE, key, profile)
        for link in rows.children(BY_PUPIL, key):
            candidate = rows.get(CANDIDATE, link["candidate_id"])
            if candidate is not None:
                rows.put(
                    CANDIDATE,
                    link["candidate_id"],
                    self._judged(candidate, profile),
                    parent=candidate["session_id"],
                )

    def _judged(self, candidate: Doc, profile: Doc | None) -> Doc:
        rule = self.rule
        verdict: Doc
        if profile is None:
            verdict = {
                "levels": None,
                "positioned": 0,
                "certifiable": False,
                "capture": None,
                "reason": "No competence profile has been recorded for this pupil.",
            }
        else:
            levels: dict[str, int] = profile["levels"]
            positioned = rule.positioned(levels)
            certifiable = rule.is_certifiable(levels)
            reason = (
                None
                if certifiable
                else (
                    f"{positioned} competence(s) at level {rule.min_level} or more; "
                    f"{rule.min_competences} needed."
                )
            )
            capture = {k: profile[k] for k in ("campaign", "captured_at", "position")}
            verdict = {
                "levels": levels,
                "positioned": positioned,
                "certifiable": certifiable,
                "capture": capture,
                "reason": reason,
            }
        return candidate | verdict | {"rule_version": rule.version}

    def _remove(self, candidate_id: str, rows: Rows) -> None:
        candidate = rows.get(CANDIDATE, candidate_id)
        if candidate is not None:
            if candidate.get("pupil_key"):
                rows.delete(BY_PUPIL, f"{candidate['pupil_key']}:{candidate_id}")
            rows.delete(CANDIDATE, candidate_id)

    def _delete_session(self, session_id: str, rows: Rows) -> None:
        for candidate in rows.children(CANDIDATE, session_id):
            self._remove(candidate["candidate_id"], rows)
        rows.delete(SESSION, session_id)
