"""The projections' lag from samples of ``GET /api/v1/projections``.

Each sample holds when it was taken, the log's head then and each projection's
position. The lag in events of a sample is head minus position; its lag in
seconds is how long until that projection's position first reached the
sample's head (a later sample), so it is measured to the sampling interval.
A head never reached by the last sample is counted apart, not guessed.
``Sampler`` takes the samples from a server while a load runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.http_load import Call, one


@dataclass(frozen=True)
class Sample:
    at: float
    """Seconds, on any clock that only goes forward."""
    head: int
    positions: dict[str, int]


@dataclass(frozen=True)
class Lags:
    seconds: list[float]
    events: list[int]
    unreached: int
    """Samples whose head some projection had not reached by the last sample."""


def lags(samples: Sequence[Sample]) -> Lags:
    """Every projection's lag at every sample, in seconds and in events."""
    seconds: list[float] = []
    events: list[int] = []
    unreached = 0
    names = sorted({name for s in samples for name in s.positions})
    for name in names:
        later = 0  # heads only grow, so the first sample to reach one never goes back
        for index, sample in enumerate(samples):
            if name not in sample.positions:
                continue
            events.append(max(sample.head - sample.positions[name], 0))
            later = max(later, index)
            while later < len(samples) and samples[later].positions.get(name, -1) < sample.head:
                later += 1
            if later == len(samples):
                unreached += 1
            else:
                seconds.append(samples[later].at - sample.at)
    return Lags(seconds, events, unreached)


class Sampler:
    """Samples ``GET /projections`` every `interval` s in a thread of its own."""

    def __init__(self, port: int, token: str, interval: float = 0.1) -> None:
        self.port, self.token, self.interval = port, token, interval
        self.samples: list[Sample] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def sample(self) -> Sample:
        auth = {"Authorization": f"Bearer {self.token}"}
        at = time.perf_counter()
        status = one(self.port, Call("GET", "/api/v1/projections", None, auth))
        head = max(s["head"] for s in status)
        return Sample(at, head, {s["name"]: s["position"] for s in status})

    def run(self) -> None:
        while not self.stopping.is_set():
            self.samples.append(self.sample())
            time.sleep(self.interval)

    def stop(self, catch_up: float = 10.0) -> list[Sample]:
        """Stops, then samples until every projection reached the last head."""
        self.stopping.set()
        self.thread.join()
        deadline = time.perf_counter() + catch_up
        while time.perf_counter() < deadline:
            last = self.sample()
            self.samples.append(last)
            if min(last.positions.values()) >= last.head:
                break
            time.sleep(self.interval)
        return self.samples
