"""The eligibility rule as versioned data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import errors
from domain.competences import COMPETENCES
from domain.rules import DEFAULT_RULE, EligibilityRule
from domain.text import safe_text

RULEBOOK_ID = UUID("c0ffee00-0000-4000-8000-00000000e1e1")
MAX_LEVEL = 8


@dataclass(frozen=True)
class RuleVersion:
    """One version of the rule: what it says, from when, why, and who decided."""

    rule: EligibilityRule
    effective_from: date
    reason: str
    by: UUID | None
    at: datetime | None


ORIGINAL_VERSION = RuleVersion(DEFAULT_RULE, date(2000, 1, 1), "The guide's rule", None, None)


class RuleBook(Aggregate):
    """The history of the eligibility rule; version 1 is the guide's default.

    Rules it protects: versions follow each other without gaps; a version states
    a threshold within the framework (1 to 16 competences, level 1 to 8), a
    reason, and the date from which it applies. The rule in force on a day is
    the newest version whose date has come.
    """

    TOPIC = "certif:RuleBook"

    class Event(Aggregate.Event):
        TOPIC = "certif:RuleBook.Event"
        by: UUID
        at: datetime

    class RuleBookOpened(Aggregate.Created, Event):
        TOPIC = "certif:RuleBook.RuleBookOpened"

    class EligibilityRuleChanged(Event):
        TOPIC = "certif:RuleBook.EligibilityRuleChanged"
        version: int
        min_competences: int
        min_level: int
        effective_from: date
        reason: str

        def apply(self, book: RuleBook) -> None:
            rule = EligibilityRule(self.version, self.min_competences, self.min_level)
            book.versions.append(
                RuleVersion(rule, self.effective_from, self.reason, self.by, self.at)
            )

    def __init__(self, by: UUID, at: datetime) -> None:
        self.versions = [
            RuleVersion(DEFAULT_RULE, date(2000, 1, 1), "The guide's rule", None, None)
        ]

    @classmethod
    def open(cls, by: UUID, at: datetime) -> RuleBook:
        return cls._create(cls.RuleBookOpened, id=RULEBOOK_ID, by=by, at=at)

    def change_eligibility(
        self,
        min_competences: int,
        min_level: int,
        effective_from: date,
        reason: str,
        by: UUID,
        at: datetime,
    ) -> None:
        check_rule(min_competences, min_level)
        why = " ".join(safe_text(reason, "reason").split())
        if not why:
            raise errors.InvalidRule("Say why the rule changes.", field="reason")
        self.trigger_event(
            self.EligibilityRuleChanged,
            version=self.versions[-1].rule.version + 1,
            min_competences=min_competences,
            min_level=min_level,
            effective_from=effective_from,
            reason=why,
            by=by,
            at=at,
        )

    def in_force(self, day: date) -> EligibilityRule:
        applicable = [v for v in self.versions if v.effective_from <= day]
        return max(applicable, key=lambda v: v.rule.version).rule

    def numbered(self, number: int) -> EligibilityRule:
        for recorded in self.versions:
            if recorded.rule.version == number:
                return recorded.rule
        raise errors.NotFound(f"No version {number} of the eligibility rule.")


def check_rule(min_competences: int, min_level: int) -> EligibilityRule:
    """A proposed rule, checked: 1 to 16 competences, level 1 to 8."""
    if not 1 <= min_competences <= len(COMPETENCES):
        raise errors.InvalidRule(
            f"The threshold is 1 to {len(COMPETENCES)} competences.", field="min_competences"
        )
    if not 1 <= min_level <= MAX_LEVEL:
        raise errors.InvalidRule(f"The level is 1 to {MAX_LEVEL}.", field="min_level")
    return EligibilityRule(0, min_competences, min_level)
