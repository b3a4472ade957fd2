"""A populated world for walking the access table: two centres, sessions at
every stage of their day, and a token for each role.

Reads share one session; a command that may succeed gets a fresh target of
its own (built straight on the application, which is quick), so that every
allowed call finds the state it needs and no call depends on another.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from adapters.security import CANDIDATE, INVIGILATOR, TokenIssuer
from application.app import CertificationApp
from application.commands import CandidateInput
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from domain.actors import invigilator_actor
from domain.competences import COMPETENCES
from domain.values import CentreType, Role

DAY = date(2027, 3, 15)
PUPIL = ("Quatremain", "Zéphyrine", date(2011, 5, 1))
PASSWORD = "sable-quartz-17"
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
STAGES = (
    "created",
    "enrolled",
    "staffed",
    "started",
    "joined",
    "present",
    "running",
    "completed",
    "finalised",
    "in_review",
)


def uai(number: int) -> str:
    """A school's national code with its check letter."""
    return f"{number:07d}{UAI_LETTERS[number % 23]}"


@dataclass
class Target:
    """What one call acts on: the ids of its path, its body, and whose tokens
    the session-bound roles hold for it."""

    ids: dict[str, str]
    session: UUID
    candidate: tuple[UUID, str]
    body: Any = None
    content: bytes | None = None
    files: dict[str, tuple[str, bytes]] | None = None  # a multipart upload, with ``form``
    form: dict[str, str] | None = None
    query: str = ""
    invitee: UUID | None = None
    names_in_body: bool = False


@dataclass
class World:
    app: CertificationApp
    tokens: TokenIssuer
    client: TestClient
    accounts: dict[str, UUID] = field(default_factory=dict)
    ids: dict[str, UUID] = field(default_factory=dict)
    pupil_account: str = "ent-shared"
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    secrets: list[str] = field(default_factory=list)

    def next(self) -> int:
        return next(self.numbers)

    def open(self, name: str, role: Role) -> UUID:
        email = f"{name}-{self.next()}@certif.test"
        account = self.app.open_account(SYSTEM_ACTOR, email, name, PASSWORD, role).id
        self.accounts.setdefault(name, account)
        return account

    # Targets ----------------------------------------------------------------

    def shared(self, **extra: Any) -> Target:
        """Centre A, its one session S and the candidate who joined it."""
        ids = {
            "centre_id": str(self.ids["centre"]),
            "session_id": str(self.ids["session"]),
            "candidate_id": str(self.ids["candidate"]),
            "file_format": "csv",
        }
        candidate = (self.ids["candidate"], self.pupil_account)
        return Target(ids, self.ids["session"], candidate, **extra)

    def fresh(self, stage: str, **extra: Any) -> Target:
        """A new session of the workshop centre, taken to the given stage."""
        sid, code, password = self._session(self.ids["workshop"], self.accounts["admin"])
        steps = STAGES.index(stage)
        cid, account = self._candidate(sid) if steps >= 1 else (self.ids["candidate"], "")
        if steps >= 2:
            self.app.name_invigilators(self.accounts["admin"], sid, ["M. Benali"])
        if steps >= 3:
            self.app.start_session(invigilator_actor(sid), sid)
        self._day(sid, cid, code, account, steps)
        ids = {"centre_id": str(self.ids["workshop"]), "session_id": str(sid)}
        ids |= {"candidate_id": str(cid), "code": code, "password": password}
        return Target(ids, sid, (cid, account), **extra)

    def invited(self) -> Target:
        """A new administrator's account, invited to centre A and not answering yet."""
        invitee = self.open("invitee", Role.ADMINISTRATOR)
        email = self.app.get_account(invitee).email
        self.app.invite_administrator(self.accounts["admin"], self.ids["centre"], email)
        return self.shared(invitee=invitee)

    def _session(self, centre: UUID, admin: UUID) -> tuple[UUID, str, str]:
        room = f"Salle {self.next()}"
        made = self.app.create_session(
            admin, centre, "Bâtiment B", room, "M. Benali", DAY, time(9, 0)
        )
        return made.id, made.access_code, made.invigilator_password

    def _candidate(self, sid: UUID) -> tuple[UUID, str]:
        last, first, born = PUPIL
        given = CandidateInput(last_name=last, first_name=first, birthdate=born, division="3e A")
        return self.app.add_candidate(self.accounts["admin"], sid, given).id, f"ent-{sid.hex[:8]}"

    def _day(self, sid: UUID, cid: UUID, code: str, account: str, steps: int) -> None:
        app, admin, (last, first, born) = self.app, self.accounts["admin"], PUPIL
        actions: list[Callable[[], object]] = [
            lambda: app.join(code, last, first, born, account),
            lambda: app.confirm_presence(invigilator_actor(sid), sid, cid),
            lambda: app.start_test(cid, account),
            lambda: app.complete_test(cid, account),
        ]
        for action in actions[: max(0, min(steps - 3, len(actions)))]:
            action()
        if steps >= STAGES.index("finalised"):
            comment = "Un écran a figé." if steps == STAGES.index("in_review") else ""
            app.finalise(admin, sid, comment, False, False, {})

    # Tokens -----------------------------------------------------------------

    def token(self, role: str, target: Target) -> str | None:
        if role == "anonymous":
            return None
        if role in ("invigilator", "invigilator elsewhere"):
            sid = target.session if role == "invigilator" else self.ids["other_session"]
            gen = str(self.app.password_generation(sid))
            return self.tokens.issue(invigilator_actor(sid), INVIGILATOR, sid=str(sid), gen=gen)
        if role == "candidate":
            candidate, account = target.candidate
            return self.tokens.issue(candidate, CANDIDATE, acct=account or self.pupil_account)
        if role == "invitee" and target.invitee is not None:
            return self.tokens.issue(target.invitee)
        name = {"administrator": "admin", "administrator elsewhere": "other_admin"}.get(role, role)
        return self.tokens.issue(self.accounts[name])


def populate(world: World) -> None:
    """Centre A (stable, for reads), the workshop centre (same administrator,
    for fresh sessions) and centre B with a started session of its own."""
    app, admin = world.app, world.open("admin", Role.ADMINISTRATOR)
    other = world.open("other_admin", Role.ADMINISTRATOR)
    for role in (Role.REVIEWER, Role.AUDITOR, Role.OPERATOR):
        world.open(role.value, role)
    names = {"centre": "Collège Aurore-Boréale", "workshop": "Collège Aurore-Atelier"}
    for key, name in names.items():
        code = uai(750000 + world.next())
        world.ids[key] = app.register_centre(SYSTEM_ACTOR, name, CentreType.SCO, code, admin).id
        world.secrets += [name, code]
        record_profile(app, admin, world.ids[key])
    sid, code, _ = world._session(world.ids["centre"], admin)
    world.ids["session"] = sid
    world.ids["candidate"], world.pupil_account = world._candidate(sid)
    app.name_invigilators(admin, sid, ["M. Benali"])
    app.start_session(invigilator_actor(sid), sid)
    app.join(code, *PUPIL, world.pupil_account)
    world.secrets += [code, *PUPIL[:2], app.get_account(admin).email]
    world.invited()  # the first invitee stays pending: the table's invitee elsewhere
    b_code = uai(130001)
    world.ids["other_centre"] = app.register_centre(
        SYSTEM_ACTOR, "Lycée Bastide", CentreType.SCO, b_code, other
    ).id
    other_sid, _, _ = world._session(world.ids["other_centre"], other)
    app.name_invigilators(other, other_sid, ["Mme Lemoine"])
    app.start_session(invigilator_actor(other_sid), other_sid)
    world.ids["other_session"] = other_sid


def record_profile(app: CertificationApp, admin: UUID, centre: UUID) -> None:
    """The pupil is certifiable in the centre: six competences positioned."""
    last, first, born = PUPIL
    pix = dict.fromkeys(COMPETENCES[:6], 9)
    captured = datetime(2026, 10, 1, tzinfo=UTC)
    app.record_profile(admin, centre, ProfileInput(last, first, born, "Collecte", captured, pix))
