"""Limits on sign-in: failed attempts counted per source address and per
account (or session) from that address, in moving windows of growing length.

Each door (account sign-in, invigilator's workspace, joining) has two ladders
of moving windows, e.g. 5 a minute, 10 in 10 minutes, 20 an hour, 50 a day:
one per address and subject, and a wider one per address alone. An attempt
while a window is full is refused with the time until it frees, and counted
in the ladder that refused it, so a guesser who keeps trying climbs to the
longer windows: the delays grow from a minute to a day. Nothing is counted
against a subject from everywhere, so nobody can lock out the real holder
from another address. The counts live in a `limits` storage: in memory for
one process, or Redis (``redis://…``) shared by every process of the service.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from domain import errors

Ladder = Sequence[RateLimitItem]


class SignInLimits:
    """Counts failed sign-ins and refuses attempts over the limits (429)."""

    def __init__(
        self, per_subject: str, per_address: str, storage: Storage | str = "memory://"
    ) -> None:
        self.storage = storage_from_string(storage) if isinstance(storage, str) else storage
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._per_subject: Ladder = parse_many(per_subject)
        self._per_address: Ladder = parse_many(per_address)

    @contextmanager
    def attempt(self, door: str, address: str, subject: str) -> Iterator[None]:
        """Lets an attempt through unless a limit is reached; counts it if the
        application refuses it (a wrong password, an unknown code or pupil)."""
        network = source_network(address)
        ladders = [
            (self._per_address, (door, network)),
            (self._per_subject, (door, network, digest(subject))),
        ]
        for ladder, keys in ladders:
            wait = self._wait(ladder, keys)
            if wait:
                self._count(ladder, keys)
                raise errors.TooManyAttempts(
                    "Too many failed attempts from this address: wait before trying again.", wait
                )
        try:
            yield
        except errors.DomainError as refusal:
            if counts_as_failure(refusal):
                for ladder, keys in ladders:
                    self._count(ladder, keys)
            raise

    def _wait(self, ladder: Ladder, keys: tuple[str, ...]) -> int:
        """Seconds until every window of the ladder has room again (0: now)."""
        full = [item for item in ladder if not self._limiter.test(item, *keys)]
        if not full:
            return 0
        now = time.time()
        resets = [self._limiter.get_window_stats(item, *keys).reset_time for item in full]
        return max(1, math.ceil(max(resets) - now))

    def _count(self, ladder: Ladder, keys: tuple[str, ...]) -> None:
        for item in ladder:
            self._limiter.hit(item, *keys)


def counts_as_failure(refusal: errors.DomainError) -> bool:
    """A malformed request is no guess; a refusal by the state or the
    credentials is one (it tells the guesser something)."""
    return not isinstance(refusal, errors.InvalidInput | errors.TooManyAttempts)


def source_network(address: str) -> str:
    """IPv4 addresses one by one; IPv6 by /64, the block one subscriber holds."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def digest(subject: str) -> str:
    """Counters never hold an email or a pupil's account in clear, nor a long key."""
    normalised = subject.strip().casefold()
    return hashlib.blake2b(normalised.encode(), digest_size=12).hexdigest()
