"""The projections' lag, read from samples of their status."""

from bench.lag import Sample, lags


def test_a_samples_lag_is_the_time_until_the_projection_reached_its_head() -> None:
    samples = [
        Sample(0.0, 10, {"audit": 10}),
        Sample(0.1, 20, {"audit": 12}),
        Sample(0.2, 30, {"audit": 19}),
        Sample(0.5, 30, {"audit": 30}),
    ]
    found = lags(samples)
    assert found.events == [0, 8, 11, 0]
    assert [round(s, 3) for s in found.seconds] == [0.0, 0.4, 0.3, 0.0]
    assert found.unreached == 0


def test_each_projection_is_followed_on_its_own_and_an_unreached_head_is_counted_apart() -> None:
    samples = [
        Sample(0.0, 5, {"audit": 5, "chain": 1}),
        Sample(1.0, 9, {"audit": 9, "chain": 6}),
    ]
    found = lags(samples)
    assert sorted(found.seconds) == [0.0, 0.0, 1.0]
    assert sorted(found.events) == [0, 0, 3, 4]
    assert found.unreached == 1  # chain never reached 9
