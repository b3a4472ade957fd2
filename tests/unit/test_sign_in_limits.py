"""The sign-in limits: moving windows of growing length, per address and per
subject from that address, in a store that several processes can share."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import limits as limits_package
import pytest
from limits.storage import MemoryStorage
from pydantic import ValidationError

from adapters.persistence.settings import ADDRESS_LIMITS, SUBJECT_LIMITS, Settings
from adapters.sign_in_limits import SignInLimits, source_network
from domain import errors

WRONG = errors.AuthenticationFailed("Unknown email or wrong password.")


def limits(storage: MemoryStorage | None = None) -> SignInLimits:
    return SignInLimits(SUBJECT_LIMITS, ADDRESS_LIMITS, storage or MemoryStorage())


def guess(door: SignInLimits, address: str, subject: str, right: bool = False) -> int | None:
    """One attempt: None if the application saw it, else the Retry-After of the 429."""
    try:
        with door.attempt("account", address, subject):
            if not right:
                raise WRONG
    except errors.TooManyAttempts as refused:
        return refused.retry_after
    except errors.AuthenticationFailed:
        return None
    return None


def test_a_guesser_meets_delays_that_grow_from_a_minute_to_a_day() -> None:
    door = limits()
    answers = [guess(door, "203.0.113.9", "admin@college.fr") for _ in range(60)]
    assert answers[:5] == [None] * 5
    waits = [wait for wait in answers[5:] if wait is not None]
    assert len(waits) == 55
    assert waits == sorted(waits)
    assert 50 <= waits[0] <= 60
    assert 500 <= waits[5] <= 600
    assert 3000 <= waits[15] <= 3600
    assert 80000 <= waits[-1] <= 86400


def test_the_real_holder_signs_in_from_another_address_while_a_guesser_is_held() -> None:
    door = limits()
    for _ in range(30):
        guess(door, "203.0.113.9", "admin@college.fr")
    assert guess(door, "203.0.113.9", "admin@college.fr", right=True) is not None
    assert guess(door, "198.51.100.4", "admin@college.fr", right=True) is None


def test_one_address_spraying_many_accounts_is_held_by_the_address_ladder() -> None:
    door = limits()
    answers = [guess(door, "203.0.113.9", f"pupil-{n}@college.fr") for n in range(80)]
    assert answers[:50] == [None] * 50
    assert all(wait is not None and wait > 0 for wait in answers[50:])


def test_a_malformed_request_is_not_counted_as_a_guess() -> None:
    door = limits()
    for _ in range(20):
        with pytest.raises(errors.InvalidInput), door.attempt("join", "203.0.113.9", "ent-1"):
            raise errors.InvalidAccessCode("not a code")
    assert guess(door, "203.0.113.9", "ent-1") is None


def test_two_processes_over_one_store_share_the_counts() -> None:
    """As two server processes with CERTIF_RATE_LIMIT_STORAGE=redis://… do."""
    shared = MemoryStorage()
    first, second = limits(shared), limits(shared)
    for n in range(5):
        guess(first if n % 2 else second, "203.0.113.9", "admin@college.fr")
    assert guess(first, "203.0.113.9", "admin@college.fr") is not None
    assert guess(second, "203.0.113.9", "admin@college.fr") is not None
    assert guess(limits(), "203.0.113.9", "admin@college.fr") is None  # a store of its own


def test_addresses_of_one_ipv6_subscriber_count_together() -> None:
    assert source_network("2001:db8:1:2:aaaa::1") == source_network("2001:db8:1:2:bbbb::7")
    assert source_network("2001:db8:1:3::1") != source_network("2001:db8:1:2::1")
    assert source_network("203.0.113.9") == "203.0.113.9"
    door = limits()
    for n in range(5):
        guess(door, f"2001:db8:1:2::{n + 1}", "admin@college.fr")
    assert guess(door, "2001:db8:1:2::99", "admin@college.fr") is not None


def test_a_flood_of_new_accounts_from_one_address_holds_memory_still() -> None:
    """Once every window of the address is full (1,000 a day by default), its
    attempts are refused without creating a counter or an entry."""
    door = limits()
    for n in range(2_000):
        guess(door, "203.0.113.9", f"flood-{n}@x.fr")
    # only what this test's own calls allocate: threads that other tests left
    # running (a browser's connection, say) allocate meanwhile too
    ours = [
        tracemalloc.Filter(True, str(Path(limits_package.__file__).parent / "*")),
        tracemalloc.Filter(True, str(Path(__file__).parents[2] / "adapters" / "*")),
        tracemalloc.Filter(True, __file__),
    ]
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot().filter_traces(ours)
        for n in range(20_000):
            guess(door, "203.0.113.9", f"more-{n}@x.fr")
        after = tracemalloc.take_snapshot().filter_traces(ours)
    finally:
        tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown < 32 * 1024, f"{grown} bytes for 20,000 refused attempts"


def test_an_unknown_limits_store_is_refused_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="rate_limit_storage"):
        Settings(rate_limit_storage="mysql://x", data_dir=tmp_path)
    assert Settings(rate_limit_storage="redis://127.0.0.1:6379", data_dir=tmp_path)
