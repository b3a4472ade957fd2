"""A store of many events, quickly: one collège's season through the
application's commands, then copies of its events under new ids.

The template is made by the application (accounts, the centre, sessions,
candidates, profiles, extra time, invigilators, and the day: joins, presences,
tests started and completed). Each copy decodes the template's events with the
application's mapper, gives every aggregate a new id (the invigilator's and the
access log's ids are derived from their session's, as the application derives
them; a pupil's pseudonymous key from the new centre), and stores them again
through the mapper, so each copy's personal values are sealed with keys of
its own candidates. Copies are written in batches of stored events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from application.app import CertificationApp
from application.commands import CandidateInput
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from domain.actors import invigilator_actor
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from domain.competences import COMPETENCES
from domain.values import CentreType, Role

DAY = date(2027, 5, 18)
LAST = ["Lefèvre", "Straße", "Østergaard", "Çelik", "Martin", "Dubois", "Zola", "Petit"]
FIRST = ["Anaïs", "Jürgen", "Søren", "Zoé", "Hugo", "Élodie", "Inès", "Noé"]
WRITE_BATCH = 2000


class Clock:
    def __init__(self) -> None:
        self.current = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.current += timedelta(milliseconds=1)
        return self.current


def template(app: CertificationApp, clock: Clock, sessions: int = 4, pupils: int = 20) -> None:
    """One collège's season, command by command."""
    admin = app.open_account(
        SYSTEM_ACTOR, "bench@college.fr", "Claire Rousseau", "sable-quartz-17", Role.ADMINISTRATOR
    ).id
    centre = app.register_centre(SYSTEM_ACTOR, "Collège Bench", CentreType.SCO, "0691234S", admin)
    for number in range(sessions):
        clock.current = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
        session = app.create_session(
            admin, centre.id, "Bâtiment B", f"Salle {number}", "M. Benali", DAY, time(9, 0)
        ).id
        enrolled = []
        for index in range(pupils):
            last, first = f"{LAST[index % 8]} {number}{index}", FIRST[(index + number) % 8]
            born = date(2011, 1, 1) + timedelta(days=index * 11)
            given = CandidateInput(last_name=last, first_name=first, birthdate=born, division="3e")
            candidate = app.add_candidate(admin, session, given).id
            enrolled.append((candidate, last, first, born))
            pix = {code: (16 if i < 3 + index % 5 else 0) for i, code in enumerate(COMPETENCES)}
            app.record_profile(
                admin, centre.id, ProfileInput(last, first, born, "Collecte", clock(), pix)
            )
            if index % 5 == 0:
                app.note_extra_time(admin, session, candidate, Decimal("0.33"))
        app.name_invigilators(admin, session, ["M. Benali", "Mme Roux"])
        clock.current = datetime.combine(DAY, time(8, 30), UTC)
        room = invigilator_actor(session)
        app.start_session(room, session)
        code = app.get_session(admin, session).access_code
        for candidate, last, first, born in enrolled:
            account = f"ent-{candidate.hex[:8]}"
            if not app.join(code, last, first, born, account).certifiable:
                continue
            app.confirm_presence(room, session, candidate)
            app.start_test(candidate, account)
            app.complete_test(candidate, account)


class Copier:
    """Copies of the template's events, each under new ids."""

    def __init__(self, app: CertificationApp) -> None:
        self.app = app
        stored = app.recorder.select_notifications(1, 10**9)
        self.events = [app.mapper.to_domain_event(n) for n in stored]
        self.sessions = {
            e.originator_id for e in self.events if isinstance(e, Session.SessionCreated)
        }
        self.pupils: dict[str, tuple[UUID, str, str, date]] = {}
        for event in self.events:
            if isinstance(event, Candidate.CandidateAdded):
                names, born = event.personal, event.personal.birthdate
                key = app.pseudonyms.pupil(
                    event.centre_id, names.last_name, names.first_name, names.birthdate
                )
                self.pupils[key] = (event.centre_id, names.last_name, names.first_name, born)

    def copy(self) -> list[Any]:
        ids: dict[UUID, UUID] = {SYSTEM_ACTOR: SYSTEM_ACTOR}
        for session in self.sessions:
            new = ids[session] = uuid4()
            ids[invigilator_actor(session)] = invigilator_actor(new)
            ids[SessionActivity.id_for(session)] = SessionActivity.id_for(new)
        keys: dict[str, str] = {}

        def new_id(value: UUID) -> UUID:
            return ids.setdefault(value, uuid4())

        for old, (centre, last, first, born) in self.pupils.items():
            keys[old] = self.app.pseudonyms.pupil(new_id(centre), last, first, born)
        remap = _remapper(new_id, keys)
        copied = []
        for event in self.events:
            twin = object.__new__(type(event))
            object.__setattr__(twin, "__dict__", {k: remap(v) for k, v in vars(event).items()})
            copied.append(twin)
        return copied

    def write(self, events: int, progress: Callable[[int], None] = lambda n: None) -> int:
        """Copies until the store holds at least this many events; how many it holds."""
        held = self.app.recorder.max_notification_id() or 0
        pending: list[Any] = []
        while held + len(pending) < events:
            pending.extend(self.app.mapper.to_stored_event(e) for e in self.copy())
            if len(pending) >= WRITE_BATCH:
                self.app.recorder.insert_events(pending)
                held += len(pending)
                pending = []
                progress(held)
        if pending:
            self.app.recorder.insert_events(pending)
        return self.app.recorder.max_notification_id() or 0


def _remapper(new_id: Callable[[UUID], UUID], keys: dict[str, str]) -> Callable[[Any], Any]:
    def remap(value: Any) -> Any:
        if isinstance(value, UUID):
            return new_id(value)
        if isinstance(value, str):
            return keys.get(value, value)
        if isinstance(value, list | tuple | set | frozenset):
            return type(value)(remap(v) for v in value)
        if isinstance(value, dict):
            return {remap(k): remap(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changed = {f.name: remap(getattr(value, f.name)) for f in dataclasses.fields(value)}
            twin = object.__new__(type(value))
            for name, item in changed.items():
                object.__setattr__(twin, name, item)
            return twin
        return value

    return remap
