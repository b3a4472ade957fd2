"""A school's roster: which pupils its imports listed, and what each import changed."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

_ROSTER_NAMESPACE = UUID("c4d1e9a2-6b3f-4a70-8e15-9f2b7c0d3e46")


class Roster(Aggregate):
    """The index of one centre's pupils, one per centre (its id derives from the centre's).

    Rules it protects: an import that changes nothing records nothing; a
    pupil is listed once (their id derives from their national id's keyed
    pseudonym); an erased pupil is never listed again. Each entry holds a
    keyed digest of the pupil's details, so a new import finds what changed
    without opening every pupil's sealed data. Nothing personal is here.
    """

    TOPIC = "certif:Roster"

    class Event(Aggregate.Event):
        TOPIC = "certif:Roster.Event"
        by: UUID
        at: datetime

    class RosterOpened(Aggregate.Created, Event):
        TOPIC = "certif:Roster.RosterOpened"
        centre_id: UUID

    class RosterImported(Event):
        """What one import changed: pupils listed, changed (with their new
        digest), gone and back; ``counts`` says what the file held besides."""

        TOPIC = "certif:Roster.RosterImported"
        file_format: str
        listed: dict[str, str]
        changed: dict[str, str]
        gone: list[str]
        returned: list[str]
        counts: dict[str, int]

        def apply(self, roster: Roster) -> None:
            roster.entries.update(self.listed)
            roster.entries.update(self.changed)
            roster.gone.update(self.gone)
            roster.gone.difference_update(self.returned)
            roster.imports += 1

    class PupilForgotten(Event):
        """The pupil was erased: their entry goes, and their id stays refused."""

        TOPIC = "certif:Roster.PupilForgotten"
        pupil_id: UUID

        def apply(self, roster: Roster) -> None:
            roster.entries.pop(self.pupil_id.hex, None)
            roster.gone.discard(self.pupil_id.hex)
            roster.erased.add(self.pupil_id.hex)

    def __init__(self, centre_id: UUID, by: UUID, at: datetime) -> None:
        self.centre_id = centre_id
        self.entries: dict[str, str] = {}
        self.gone: set[str] = set()
        self.erased: set[str] = set()
        self.imports = 0

    @staticmethod
    def id_for(centre_id: UUID) -> UUID:
        return uuid5(_ROSTER_NAMESPACE, f"roster:{centre_id}")

    @classmethod
    def open(cls, centre_id: UUID, by: UUID, at: datetime) -> Roster:
        return cls._create(
            cls.RosterOpened, id=cls.id_for(centre_id), centre_id=centre_id, by=by, at=at
        )

    @property
    def present(self) -> list[UUID]:
        """The pupils listed by the latest import."""
        return [UUID(hex_id) for hex_id in self.entries if hex_id not in self.gone]

    def record_import(
        self,
        file_format: str,
        listed: dict[str, str],
        changed: dict[str, str],
        gone: list[str],
        returned: list[str],
        counts: dict[str, int],
        by: UUID,
        at: datetime,
    ) -> bool:
        """Records the import if it changed anything; says whether it did."""
        if not (listed or changed or gone or returned):
            return False
        self.trigger_event(
            self.RosterImported,
            file_format=file_format,
            listed=listed,
            changed=changed,
            gone=gone,
            returned=returned,
            counts=counts,
            by=by,
            at=at,
        )
        return True

    def forget(self, pupil_id: UUID, by: UUID, at: datetime) -> None:
        if pupil_id.hex not in self.erased:
            self.trigger_event(self.PupilForgotten, pupil_id=pupil_id, by=by, at=at)
