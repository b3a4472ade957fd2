"""The season benchmark's quick run: the season, every read model rebuilt from it
and the morning measured, nothing left undone."""

from __future__ import annotations

import pytest

from bench import season


@pytest.mark.postgres
def test_the_quick_season_bench_writes_its_season_and_runs_its_whole_morning() -> None:
    generated, *rebuilt, morning = season.rows(quick=True)
    assert int(generated.extra["events"]) >= 5_000
    assert int(generated.extra["saves"]) >= 1
    assert generated.ratio is not None
    assert generated.ratio > 0
    assert len(rebuilt) == 5
    for row in rebuilt:
        assert row.what.startswith("rebuild "), row.what
        assert row.ratio is not None, row
        assert row.ratio > 0, row
    assert morning.extra["sessions"] == "20"
    assert morning.extra["done"] == morning.extra["candidates"] == "400"
