"""A rebuild's progress: its share of the log, its speed, the line the CLI draws."""

from __future__ import annotations

from adapters.cli_projections import bar_line, status_line
from projections.progress import ProjectionStatus, RebuildWatch


def test_the_speed_is_measured_between_the_readings_of_the_last_half_minute() -> None:
    watch = RebuildWatch(window=30)
    watch.saw("eligibility", 2, 0, at=0.0)
    watch.saw("eligibility", 2, 10_000, at=10.0)
    watch.saw("eligibility", 2, 10_000, at=15.0)  # no move: the first moment stays
    watch.saw("eligibility", 2, 40_000, at=50.0)
    assert watch.speed("eligibility", 2) == 750.0  # from 10 s: one reading before the window
    assert watch.speed("sessions", 1) is None


def test_the_progress_gives_the_share_done_and_the_time_left() -> None:
    watch = RebuildWatch()
    watch.saw("chain", 3, 0, at=0.0)
    watch.saw("chain", 3, 5_000, at=1.0)
    found = watch.progress("chain", 3, 5_000, 20_000)
    assert (found.generation, found.position, found.head, found.percent) == (3, 5_000, 20_000, 25.0)
    assert found.events_per_second is not None
    assert found.seconds_left is not None
    line = bar_line("chain", found)
    assert line.startswith("chain [#######.......................]  25.0% 5000/20000")
    running = ProjectionStatus("chain", 2, 20_000, 20_000, 0, 1, True, rebuild=found)
    assert "rebuilding: generation 3 [" in status_line(running)
    assert "rebuilding" not in status_line(ProjectionStatus("chain", 2, 9, 9, 0, 1, False))


def test_an_empty_log_is_rebuilt_whole() -> None:
    assert RebuildWatch().progress("audit", 2, 0, 0).percent == 100.0
