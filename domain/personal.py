"""What is personal in each stored event, and whose it is.

A pupil's personal data is erased by destroying the key it was encrypted with
(crypto-shredding). This module is where the domain says which fields of
which events are personal and whose key seals them; the persistence layer
seals and opens them, and when a key is gone it puts the stand-in here in
place of the value. Extra time and the accessibility flag are personal too:
both can reveal a disability.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, is_dataclass, replace
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.aggregates.candidate import Candidate
from domain.aggregates.pupil import Pupil
from domain.aggregates.session import Session
from domain.values import ERASED, ERASED_PERSONAL, PersonalData

STAND_INS: dict[str, Any] = {
    "personal": ERASED_PERSONAL,
    "text": ERASED,
    "zero": Decimal(0),
    "false": False,
}


@dataclass(frozen=True)
class PersonalFields:
    """The personal fields of one kind of event.

    ``subject`` names whose key seals them: ``originator_id`` (the candidate's
    own events), a dotted path to a candidate id in the event, or ``*`` when
    a path walks a mapping keyed by candidate ids or a list of reports.
    ``paths`` are dotted attribute paths; a ``*`` segment stands for every
    value of a mapping (its key is the subject), a ``[]`` segment for every
    item of a list (its ``candidate_id`` is the subject; an item about no
    candidate holds nothing sealed, as in its event).
    """

    subject: str
    paths: tuple[str, ...]

    def changed(self, state: dict[str, Any], change: Change) -> dict[str, Any]:
        """The event's state with ``change(value, subject)`` made at every path."""
        subject = None if self.subject == "*" else value_at(state, self.subject)
        result = dict(state)
        for path in self.paths:
            result = changed_at(result, path.split("."), change, subject)
        return result


Change = Callable[[Any, UUID], Any]


PUPIL_PATHS = ("personal", "usage_name", "birth_country_code", "birth_city")

PERSONAL_FIELDS: dict[str, PersonalFields] = {
    Candidate.CandidateAdded.TOPIC: PersonalFields(
        "originator_id", ("personal", "extra_time", "accessibility_adjustment")
    ),
    Candidate.CandidateDetailsChanged.TOPIC: PersonalFields(
        "originator_id", ("personal", "accessibility_adjustment")
    ),
    Candidate.ExtraTimeNoted.TOPIC: PersonalFields("originator_id", ("extra_time",)),
    Candidate.CandidateJoined.TOPIC: PersonalFields("originator_id", ("pupil_account",)),
    Candidate.PupilAccountDetached.TOPIC: PersonalFields("originator_id", ("pupil_account",)),
    Pupil.PupilListed.TOPIC: PersonalFields("originator_id", PUPIL_PATHS),
    Pupil.PupilDetailsChanged.TOPIC: PersonalFields("originator_id", PUPIL_PATHS),
    Session.IncidentReported.TOPIC: PersonalFields("report.candidate_id", ("report.description",)),
    Session.FraudReported.TOPIC: PersonalFields(
        "report.candidate_id", ("report.observed", "report.witnesses", "report.measures")
    ),
    Session.CertificationCancelled.TOPIC: PersonalFields("candidate_id", ("reason",)),
    Session.SessionFinalised.TOPIC: PersonalFields("*", ("finalisation.candidate_comments.*",)),
    # A snapshot holds what those events left in the session: the same values,
    # sealed with the same keys, so that destroying a key erases them there too.
    Session.Snapshot.TOPIC: PersonalFields(
        "*",
        (
            "state.incidents.[].description",
            "state.frauds.[].observed",
            "state.frauds.[].witnesses",
            "state.frauds.[].measures",
            "state.cancelled.*",
            "state.finalisation.candidate_comments.*",
        ),
    ),
}


def stand_in_kind(value: Any) -> str:
    """Which stand-in replaces this value once its key is destroyed."""
    if isinstance(value, PersonalData):
        return "personal"
    if isinstance(value, bool):
        return "false"
    if isinstance(value, Decimal):
        return "zero"
    if isinstance(value, str):
        return "text"
    raise TypeError(f"No stand-in for a personal value of type {type(value).__name__}.")


def erased_twin(event: Any) -> Any:
    """The event as it reads once its subject's key is destroyed."""
    spec = PERSONAL_FIELDS.get(getattr(type(event), "TOPIC", ""))
    if spec is None:
        return event
    twin = object.__new__(type(event))
    stand_in = lambda value, subject: None if value is None else STAND_INS[stand_in_kind(value)]  # noqa: E731
    object.__setattr__(twin, "__dict__", spec.changed(vars(event), stand_in))
    return twin


def value_at(state: Any, path: str) -> Any:
    found = state
    for name in path.split("."):
        found = found.get(name) if isinstance(found, dict) else getattr(found, name, None)
    return found


def changed_at(value: Any, segments: list[str], change: Change, subject: UUID | None) -> Any:
    """The value with the change made at the path; a ``*`` segment walks a
    mapping whose keys are the subjects."""
    if not segments:
        return value if subject is None else change(value, subject)
    head, rest = segments[0], segments[1:]
    if value is None:
        return None
    if head == "*":
        return {k: changed_at(v, rest, change, UUID(k)) for k, v in value.items()}
    if head == "[]":
        return [changed_at(item, rest, change, item.candidate_id) for item in value]
    if isinstance(value, dict):
        return value | {head: changed_at(value.get(head), rest, change, subject)}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{head: changed_at(getattr(value, head), rest, change, subject)})
    raise TypeError(f"Cannot reach '{head}' in a {type(value).__name__}.")
