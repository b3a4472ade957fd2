"""A generated certification season, written through the domain's own events.

Centres (collèges and lycées with valid national codes), their administrators,
sessions in the spring window (numbered by the store's numbering, each with
its access code reserved), candidates sealed with their own keys, profiles,
and each session's day through to published results. Every aggregate is
built in memory with its own commands, so the domain's rules hold for every
event; each centre, with all its sessions and candidates, is one atomic save
(ADR 0028). The same seed gives the same season.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate

from adapters.season_day import Day, Sitter, hold_session
from adapters.season_people import (
    EXAMINERS,
    HOURS,
    INVIGILATORS,
    ROOMS,
    SITES,
    School,
    draw_access_code,
    draw_pupil,
    draw_school,
    last_spring,
    new_uuid,
    season_start,
    spring_days,
    spring_window,
)
from adapters.season_plan import SeasonOptions, SeasonSummary
from application.app import CertificationApp
from application.centres import DEFAULT_TIMEZONE, NATIONAL_CODE
from application.commands import CandidateInput
from application.ports import SYSTEM_ACTOR
from application.sessions import ACCESS_CODE, new_invigilator_password
from application.sitting import eligibility_decision
from domain import errors
from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.profile import PupilProfile
from domain.aggregates.reservation import Reservation
from domain.aggregates.session import Session
from domain.aggregates.session_number import SessionNumber
from domain.rules import invigilators_needed
from domain.values import CentreType, Role, session_details

EVENTS_PER_PUPIL = 11.8
"""About what one pupil brings to the log (for the progress bar's target)."""
SEASON_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


class SeasonGenerator:
    """Writes ``pupils`` pupils' season into the application's store."""

    def __init__(
        self,
        app: CertificationApp,
        seed: int = 2027,
        year: int | None = None,
        options: SeasonOptions | None = None,
    ) -> None:
        self.app, self.options = app, options or SeasonOptions()
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible fake season, not secrets
        self.summary = SeasonSummary(year or last_spring(app.now().date()), seed)
        self.rule = app.rule_in_force()
        self.password = new_invigilator_password()
        self.password_hash = app.hasher.hash(self.password)
        self.summary.password = self.password
        self.codes: set[str] = set()
        self.schools: set[str] = set()
        self.window = spring_window(self.summary.year)
        self.days = spring_days(self.window.first_day, self.window.last_day)

    def run(self, pupils: int, progress: Callable[[int, int], None] | None = None) -> SeasonSummary:
        """Builds each centre while the one before is being saved (ADR 0028);
        ``progress`` is told (events written, pupils written) after each save."""
        start, left = time.perf_counter(), pupils
        self.next_number = self.app.next_session_number()
        self.summary.first_number = self.next_number
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="season-save") as saver:
            saving: Future[None] | None = None
            while left > 0:
                school = self._new_school()
                size = self._size(school, left)
                aggregates = self._centre(school, size)
                left -= size
                self.summary.events += sum(len(a.pending_events) for a in aggregates)
                self.summary.candidates += size
                told = (self.summary.events, pupils - left)
                if saving is not None:
                    saving.result()  # one save at a time, in the order built
                saving = saver.submit(self._save, aggregates, self.next_number - 1, told, progress)
            if saving is not None:
                saving.result()
        self.summary.last_number = self.next_number - 1
        self.summary.seconds = time.perf_counter() - start
        return self.summary

    def _save(
        self,
        aggregates: list[Aggregate],
        last_number: int,
        told: tuple[int, int],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """One atomic save; the keys of its new candidates made beforehand at once."""
        self.app.keys.prepare(a.id for a in aggregates if isinstance(a, Candidate))
        self.app.commit(*aggregates)
        self.app.number_saved(last_number)
        if progress is not None:
            progress(*told)

    def _size(self, school: School, left: int) -> int:
        """A collège's 3e pupils or a lycée's terminale; whole sessions if their size is set."""
        size = self.rng.randint(150, 300) if school.lycee else self.rng.randint(60, 220)
        if self.options.session_size:
            size = math.ceil(size / self.options.session_size) * self.options.session_size
        return min(left, size)

    def _new_school(self) -> School:
        """A school whose code (and so the head's address) the store does not hold."""
        while True:
            school = draw_school(self.rng, self.schools)
            if not self.app.exists(Reservation.id_for(NATIONAL_CODE, school.national_code)):
                return school

    def _centre(self, school: School, size: int) -> list[Aggregate]:
        rng = self.rng
        at = season_start(self.summary.year) + timedelta(minutes=self.summary.centres)
        self.summary.centres += 1
        admin = Account.open(
            school.email, f"Direction {school.name}", self.password_hash,
            Role.ADMINISTRATOR, by=SYSTEM_ACTOR, at=at,
        )  # fmt: skip
        centre = Centre.register(
            new_uuid(rng), school.name, CentreType.SCO, school.national_code,
            DEFAULT_TIMEZONE, SYSTEM_ACTOR, at,
        )  # fmt: skip
        code = Reservation.reserve(NATIONAL_CODE, centre.national_code, centre.id, SYSTEM_ACTOR, at)
        admin.grant_centre(centre.id, by=SYSTEM_ACTOR, at=at)
        centre.grant_administration(admin.id, by=SYSTEM_ACTOR, at=at)
        centre.set_windows([self.window], by=admin.id, at=at + timedelta(hours=1))
        self.summary.emails.append(admin.email)
        self.summary.centre_ids.append(centre.id)
        self.admin_id, self.pupil_keys = admin.id, set[str]()
        written: list[Aggregate] = [admin, centre, code]
        profiles: dict[str, PupilProfile] = {}
        slots: set[tuple[date, int, str]] = set()
        number = 0
        while number < size:
            count = min(size - number, self.options.session_size or rng.randint(14, 26))
            written += self._session(school, centre, admin.id, slots, number, count, profiles)
            number += count
        return written + list(profiles.values())

    def _session(
        self,
        school: School,
        centre: Centre,
        admin_id: UUID,
        slots: set[tuple[date, int, str]],
        first: int,
        count: int,
        profiles: dict[str, PupilProfile],
    ) -> list[Aggregate]:
        rng = self.rng
        day, hour, room = self._slot(slots)
        created = season_start(self.summary.year) + timedelta(days=rng.randint(3, 50))
        details = session_details(
            rng.choice(SITES), room, rng.choice(EXAMINERS), day, clock_time(hour, 0)
        )
        session_id = new_uuid(rng)
        access, code = self._access_code(session_id, admin_id, created)
        number = SessionNumber.give(self.next_number, session_id, admin_id, created)
        self.next_number += 1
        session = Session.create(
            session_id, centre.id, details, access, self.password_hash,
            today=centre.today(created), by=admin_id, at=created, number=number.number,
        )  # fmt: skip
        centre.schedule(session.id, details, by=admin_id, at=created)
        needed = invigilators_needed(count, self.app.pupils_per_invigilator) + (rng.random() < 0.1)
        names = rng.sample(INVIGILATORS, min(needed, len(INVIGILATORS)))
        session.name_invigilators(names, by=admin_id, at=created + timedelta(minutes=5))
        sitters = self._candidates(school, centre, session, admin_id, first, count, profiles)
        start = datetime.combine(day, clock_time(hour, 0), tzinfo=SEASON_ZONE)
        if self.options.hold:
            ratio = self.app.pupils_per_invigilator
            hold_session(rng, session, sitters, Day(start, admin_id, self.rule, ratio))
        if self.options.on_session is not None:
            self.options.on_session(session, [s.candidate for s in sitters])
        self.summary.sessions += 1
        self.summary.enrolled[session.id] = len(sitters)
        self.summary.published += session.published
        return [session, code, number, *(s.candidate for s in sitters)]

    def _candidates(
        self,
        school: School,
        centre: Centre,
        session: Session,
        admin_id: UUID,
        first: int,
        count: int,
        profiles: dict[str, PupilProfile],
    ) -> list[Sitter]:
        rng, year = self.rng, self.summary.year
        sitters: list[Sitter] = []
        at = session.created_at + timedelta(minutes=10)
        division = f"{school.level} {'ABCDEFGHJK'[(first // 25) % 10]}"
        captured = datetime(year, 2, 1, 9, 0, tzinfo=SEASON_ZONE)
        while len(sitters) < count:
            pupil = draw_pupil(rng, school, year, division, first + len(sitters))
            candidate_id = new_uuid(rng)
            given = pupil.given
            pupil_key = self.app.pseudonyms.pupil(
                centre.id, given.last_name, given.first_name, given.birthdate
            )
            if pupil_key in self.pupil_keys:
                continue  # the same names and birthdate in one school: another pupil
            self.pupil_keys.add(pupil_key)
            record = given.to_record(centre.today(at))
            key = self.app.identity_key(session.id, record)
            try:
                session.enrol(candidate_id, key, by=admin_id, at=at)
            except errors.DuplicateCandidate:
                continue  # the same names and birthdate twice: another pupil
            extra = Decimal("0.33") if rng.random() < 0.04 else Decimal(0)
            candidate = Candidate.add(
                candidate_id, session.id, centre.id, CentreType.SCO, record, extra,
                admin_id, at,
            )  # fmt: skip
            profile = self._profile(centre.id, pupil_key, pupil.given, pupil.pix, (captured, at))
            if profile is not None:
                profiles[pupil_key] = profile
            latest = profile.latest if profile else None
            self.summary.certifiable += eligibility_decision(self.rule, latest).certifiable
            sitters.append(Sitter(candidate, key, profile, pupil.absent))
        return sitters

    def _profile(
        self,
        centre_id: UUID,
        key: str,
        given: CandidateInput,
        pix: dict[str, int] | None,
        when: tuple[datetime, datetime],
    ) -> PupilProfile | None:
        """The pupil's capture of the campaign, recorded when the candidate is added
        (or on the campaign's day, if later); none for a pupil who did not take it."""
        if pix is None:
            return None
        captured, at = when
        by, at = self.admin_id, max(at, captured)
        profile = PupilProfile.open(centre_id, key, by, at)
        profile.capture(f"Collecte de profils {given.division}", captured, pix, by, at)
        return profile

    def _slot(self, slots: set[tuple[date, int, str]]) -> tuple[date, int, str]:
        while True:
            slot = (self.rng.choice(self.days), self.rng.choice(HOURS), self.rng.choice(ROOMS))
            if slot not in slots:
                slots.add(slot)
                return slot

    def _access_code(self, session_id: UUID, by: UUID, at: datetime) -> tuple[str, Reservation]:
        """A code neither this season nor the store holds (a released one is not reused)."""
        while True:
            code = draw_access_code(self.rng)
            if code not in self.codes and not self.app.exists(
                Reservation.id_for(ACCESS_CODE, code)
            ):
                self.codes.add(code)
                return code, Reservation.reserve(ACCESS_CODE, code, session_id, by, at)
