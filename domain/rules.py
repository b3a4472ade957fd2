"""Rules of certification that are data, not code paths.

Values here are the defaults that DOMAIN facts give; the ones that change from
year to year (windows, eligibility thresholds) are recorded as events and only
fall back on these defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from domain.values import CertificationWindow

EFFECTIVE_TEST_MINUTES = 105
"""A session lasts 2 h, of which 1 h 45 is test time."""

MIN_POSITIONED_COMPETENCES = 5
"""A pupil is certifiable with at least this many competences at level 1 or more."""

PUPILS_PER_INVIGILATOR = 20
"""One invigilator for each 20 candidates of a session, at least one."""


def invigilators_needed(enrolled: int, per_invigilator: int = PUPILS_PER_INVIGILATOR) -> int:
    """Invigilators a session of ``enrolled`` candidates needs: one per
    ``per_invigilator``, rounded up, and at least one."""
    return max(1, math.ceil(enrolled / per_invigilator))


MAX_DAYS_AHEAD = 3 * 366
"""A session is scheduled at most about three years ahead."""


def display_end_time(day: date, start: time) -> time:
    """What the reference platform prints: start + 105 minutes, extra time ignored
    (on the clock face: a session starting at 23:00 ends at 00:45)."""
    return on_the_clock(start, EFFECTIVE_TEST_MINUTES)


def minutes_with_extra_time(extra_time: Decimal, minutes: int = EFFECTIVE_TEST_MINUTES) -> Decimal:
    """Test time × (1 + extra time): 105 minutes with a third more is 139.65."""
    return minutes * (1 + extra_time)


def theoretical_end(
    started_at: datetime, extra_time: Decimal, minutes: int = EFFECTIVE_TEST_MINUTES
) -> datetime:
    """When a candidate's test time runs out: their start + test time × (1 +
    extra time). The invigilator's alert, the workspace and the generated
    season all read it here."""
    return started_at + timedelta(minutes=float(minutes_with_extra_time(extra_time, minutes)))


def end_with_extra_time(start: time, extra_time: Decimal) -> time:
    """What a pupil with extra time reads: start + their test time, on the clock
    face, rounded up to the minute so that no printed end cuts their time short."""
    return on_the_clock(start, math.ceil(minutes_with_extra_time(extra_time)))


def on_the_clock(start: time, minutes: int) -> time:
    total = (start.hour * 60 + start.minute + minutes) % (24 * 60)
    return time(total // 60, total % 60)


def example_windows(year: int) -> list[CertificationWindow]:
    """The guide's calendar for collège 3e pupils: 8 March to 20 May."""
    return [CertificationWindow("Collège (3e)", date(year, 3, 8), date(year, 5, 20))]


@dataclass(frozen=True)
class EligibilityRule:
    """Certifiable = at least ``min_competences`` competences at ``min_level`` or more."""

    version: int
    min_competences: int = MIN_POSITIONED_COMPETENCES
    min_level: int = 1

    def positioned(self, levels: dict[str, int]) -> int:
        return sum(1 for level in levels.values() if level >= self.min_level)

    def is_certifiable(self, levels: dict[str, int]) -> bool:
        return self.positioned(levels) >= self.min_competences

    def describe(self) -> str:
        return f"at least {self.min_competences} competences at level {self.min_level} or more"


DEFAULT_RULE = EligibilityRule(version=1)
