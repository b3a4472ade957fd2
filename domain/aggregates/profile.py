"""A pupil's competence profiles, as profile-collection campaigns captured them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import errors
from domain.competences import campaign_name, competence_pix

_PROFILE_NAMESPACE = UUID("5b1f0e7c-2a4d-4c3b-9e8f-7a6b5c4d3e2f")


class PupilProfile(Aggregate):
    """Every capture of one pupil's profile in one centre, none overwritten.

    Rules it protects: a capture lists known competences with 0 to 64 pix, names
    its campaign, and was not captured in the future. The pupil is known only by
    a one-way key of their names and birthdate, so a profile can be recorded
    before or after the pupil is enrolled, and matches them either way.
    """

    TOPIC = "certif:PupilProfile"

    class Event(Aggregate.Event):
        TOPIC = "certif:PupilProfile.Event"
        by: UUID
        at: datetime

    class ProfileOpened(Aggregate.Created, Event):
        TOPIC = "certif:PupilProfile.ProfileOpened"
        centre_id: UUID
        pupil_key: str

    class ProfileCaptured(Event):
        TOPIC = "certif:PupilProfile.ProfileCaptured"
        campaign: str
        captured_at: datetime
        pix: dict[str, int]

        def apply(self, profile: PupilProfile) -> None:
            profile.captures += 1
            if profile.latest is None or self.captured_at >= profile.latest.captured_at:
                profile.latest = self  # a capture recorded late never hides a newer one

    def __init__(self, centre_id: UUID, pupil_key: str, by: UUID, at: datetime) -> None:
        self.centre_id = centre_id
        self.pupil_key = pupil_key
        self.captures = 0
        self.latest: PupilProfile.ProfileCaptured | None = None

    @staticmethod
    def id_for(centre_id: UUID, pupil_key: str) -> UUID:
        return uuid5(_PROFILE_NAMESPACE, f"{centre_id}|{pupil_key}")

    @classmethod
    def open(cls, centre_id: UUID, pupil_key: str, by: UUID, at: datetime) -> PupilProfile:
        return cls._create(
            cls.ProfileOpened,
            id=cls.id_for(centre_id, pupil_key),
            centre_id=centre_id,
            pupil_key=pupil_key,
            by=by,
            at=at,
        )

    def capture(
        self, campaign: str, captured_at: datetime, pix: dict[str, int], by: UUID, at: datetime
    ) -> None:
        if captured_at.tzinfo is None:
            raise errors.InvalidProfile("The capture time needs a time zone.", field="captured_at")
        if captured_at > at:
            raise errors.InvalidProfile(
                "A profile cannot have been captured in the future.", field="captured_at"
            )
        self.trigger_event(
            self.ProfileCaptured,
            campaign=campaign_name(campaign),
            captured_at=captured_at,
            pix=competence_pix(pix),
            by=by,
            at=at,
        )
