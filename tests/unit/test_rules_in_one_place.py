"""The rules that several parts read — invigilators needed, theoretical end,
length limits — each from one function or figure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from domain import errors, limits
from domain.rules import invigilators_needed, theoretical_end
from domain.values import required_name
from projections.invigilation import with_alerts
from projections.queries import invigilators_step

STARTED = datetime(2027, 3, 15, 8, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("enrolled", "needed"), [(0, 1), (1, 1), (20, 1), (21, 2), (40, 2), (41, 3), (250, 13)]
)
def test_one_invigilator_per_twenty_candidates_and_at_least_one(enrolled: int, needed: int) -> None:
    assert invigilators_needed(enrolled) == needed
    step = invigilators_step({"enrolled": enrolled, "invigilators": needed}, 20)
    assert step["done"] is True
    assert (
        invigilators_step({"enrolled": enrolled, "invigilators": needed - 1}, 20)["done"] is False
    )


def test_the_theoretical_end_counts_extra_time_and_the_workspace_reads_it() -> None:
    assert theoretical_end(STARTED, Decimal(0)) == STARTED + timedelta(minutes=105)
    third = theoretical_end(STARTED, Decimal("0.33"))
    assert third == STARTED + timedelta(minutes=139.65)
    candidate = {"started_at": STARTED.isoformat(), "extra_time": "0.33", "state": "in_test"}
    candidate |= {"certifiable": True, "help_requested": False}
    before = with_alerts(candidate, third - timedelta(seconds=1))
    after = with_alerts(candidate, third + timedelta(seconds=1))
    assert before["theoretical_end"] == third.isoformat()
    assert "past_theoretical_end" not in before["alerts"]
    assert "past_theoretical_end" in after["alerts"]


def test_a_name_at_the_limit_is_kept_and_one_more_character_is_refused() -> None:
    assert required_name("a" * limits.NAME, "last_name") == "a" * limits.NAME
    with pytest.raises(errors.InvalidInput):
        required_name("a" * (limits.NAME + 1), "last_name")
