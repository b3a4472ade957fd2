"""The benchmark's one table: every row in the same columns, notes below."""

from bench.table import Row, percentile_ms, render


def test_the_table_has_one_line_per_row_under_its_headers_and_the_notes_below() -> None:
    rows = [
        Row("add a candidate", "900/s", "1,000/s", 0.9, "≥ 0.8 ×", True, notes="PostgreSQL"),
        Row("replay", "12 ms median"),
    ]
    lines = render(rows).splitlines()
    assert lines[0].startswith("| Row ")
    assert set(lines[1]) <= {"|", "-"}
    assert "0.90 ×" in lines[2]
    assert "| met" in lines[2]
    assert lines[3].count("—") == 4  # baseline, ratio, target and met not measured
    assert lines[-1] == "- add a candidate: PostgreSQL"
    assert len({len(line) for line in lines[:4]}) == 1  # the columns line up


def test_percentiles_take_the_nearest_rank_in_milliseconds() -> None:
    latencies = [i / 1000 for i in range(1, 101)]  # 1 ms … 100 ms
    assert percentile_ms(latencies, 0.5) == 50
    assert percentile_ms(latencies, 0.99) == 99
    assert percentile_ms([0.002], 0.99) == 2
