"""Use cases of eligibility: pupils' profiles and the versioned rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from application.service import ServiceBase, check_version, retried_on_conflict
from application.views import Receipt
from domain import errors
from domain.aggregates.profile import PupilProfile
from domain.aggregates.rulebook import ORIGINAL_VERSION, RULEBOOK_ID, RuleBook, RuleVersion
from domain.rules import DEFAULT_RULE, EligibilityRule
from domain.values import birthdate, local_date, required_name

RULE_TIMEZONE = "Europe/Paris"


@dataclass(frozen=True)
class ProfileInput:
    """One capture of a pupil's profile, as a campaign exported it."""

    last_name: str
    first_name: str
    birthdate: date
    campaign: str
    captured_at: datetime
    pix: dict[str, int]


class EligibilityUseCases(ServiceBase):
    """Profiles and rules. Rules: every capture is kept; a bulk file with one
    faulty row stores nothing; only operators change the rule."""

    @retried_on_conflict
    def record_profile(self, actor: UUID, centre_id: UUID, given: ProfileInput) -> Receipt:
        profiles = self._captured(actor, centre_id, [given])
        profile = next(iter(profiles.values()))
        return Receipt(profile.id, profile.version, self.commit(*profiles.values()))

    @retried_on_conflict
    def record_profiles(
        self, actor: UUID, centre_id: UUID, rows: list[ProfileInput], *, dry_run: bool = False
    ) -> int:
        """Records every row or, if any row is faulty, none; answers the position.
        A dry run only checks the rows (InvalidRows lists each fault by row)."""
        profiles = self._captured(actor, centre_id, rows)
        return self.position() if dry_run else self.commit(*profiles.values())

    @retried_on_conflict
    def change_eligibility_rule(
        self,
        actor: UUID,
        min_competences: int,
        min_level: int,
        effective_from: date,
        reason: str,
        expected_version: int | None = None,
    ) -> Receipt:
        self.require_operator(actor)
        now = self.now()
        book = self._rulebook() or RuleBook.open(actor, now)
        check_version(book, expected_version, "rule book")
        book.change_eligibility(min_competences, min_level, effective_from, reason, actor, now)
        return Receipt(book.id, book.version, self.commit(book))

    def rule_in_force(self) -> EligibilityRule:
        book = self._rulebook()
        today = local_date(self.now(), RULE_TIMEZONE)
        return book.in_force(today) if book else DEFAULT_RULE

    def rule_version(self, version: int) -> EligibilityRule:
        book = self._rulebook()
        if book is None:
            if version == DEFAULT_RULE.version:
                return DEFAULT_RULE
            raise errors.NotFound(f"No version {version} of the eligibility rule.")
        return book.numbered(version)

    def rule_history(self) -> tuple[int, list[RuleVersion]]:
        """The number of the version in force and every version, from one reading
        of the rule book (two readings may straddle a change)."""
        book = self._rulebook()
        if book is None:
            return DEFAULT_RULE.version, [ORIGINAL_VERSION]
        today = local_date(self.now(), RULE_TIMEZONE)
        return book.in_force(today).version, list(book.versions)

    def _rulebook(self) -> RuleBook | None:
        return self.load(RuleBook, RULEBOOK_ID, "rule book") if self.exists(RULEBOOK_ID) else None

    def _captured(
        self, actor: UUID, centre_id: UUID, rows: list[ProfileInput]
    ) -> dict[UUID, PupilProfile]:
        centre = self.centre_for(actor, centre_id)
        now, today = self.now(), centre.today(self.now())
        profiles: dict[UUID, PupilProfile] = {}
        faults: list[dict[str, object]] = []
        for number, row in enumerate(rows, start=1):
            try:
                key = self.pseudonyms.pupil(
                    centre.id,
                    required_name(row.last_name, "last_name"),
                    required_name(row.first_name, "first_name"),
                    birthdate(row.birthdate, today),
                )
                profile = profiles.get(PupilProfile.id_for(centre.id, key)) or self._profile(
                    centre.id, key, actor
                )
                profile.capture(row.campaign, row.captured_at, row.pix, actor, now)
                profiles[profile.id] = profile
            except errors.InvalidInput as fault:
                faults.append({"row": number, "field": fault.field, "message": fault.message})
        if faults:
            raise errors.InvalidRows(f"{len(faults)} faulty row(s): nothing was recorded.", faults)
        return profiles

    def _profile(self, centre_id: UUID, key: str, actor: UUID) -> PupilProfile:
        profile_id = PupilProfile.id_for(centre_id, key)
        if self.exists(profile_id):
            return self.load(PupilProfile, profile_id, "profile")
        return PupilProfile.open(centre_id, key, actor, self.now())
