"""Races settled by optimistic concurrency, and a store that survives a restart."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from domain import errors
from tests.builders import pupil, school
from tests.conftest import FakeClock, settings_for


def test_forty_concurrent_enrolments_keep_every_candidate_once(
    make_app: Callable[[], CertificationApp],
) -> None:
    """20 threads add different pupils, 20 add the same one; two application
    instances share the store when the backend allows it (two processes)."""
    first = make_app()
    second = first if first.factory.__module__.endswith("popo") else make_app()
    s = school(first)

    def distinct(n: int) -> str:
        app = (first, second)[n % 2]
        app.add_candidate(s.admin, s.session, pupil(f"Élève{n:02d}", "Zoé", date(2011, 1, 1 + n)))
        return "added"

    def same(n: int) -> str:
        app = (first, second)[n % 2]
        try:
            app.add_candidate(s.admin, s.session, pupil("Lefèvre", "Anaïs", date(2011, 6, 1)))
        except errors.DuplicateCandidate:
            return "duplicate"
        return "added"

    with ThreadPoolExecutor(max_workers=40) as pool:
        futures = [pool.submit(distinct, n) for n in range(20)]
        futures += [pool.submit(same, n) for n in range(20)]
        outcomes = [f.result() for f in futures]

    names = sorted(c.last_name for c in second.list_candidates(s.admin, s.session))
    assert names == sorted([f"Élève{n:02d}" for n in range(20)] + ["Lefèvre"])
    assert outcomes[20:].count("added") == 1
    assert outcomes[20:].count("duplicate") == 19
    enrolled = [
        n
        for n in first.recorder.select_notifications(start=1, limit=10_000)
        if n.topic == "certif:Session.CandidateEnrolled"
    ]
    assert len(enrolled) == 21


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_restarting_the_service_loses_nothing(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    settings = settings_for(backend, tmp_path, request)
    before = build_application(settings, hasher=hasher, clock=clock)
    s = school(before)
    added = before.add_candidate(s.admin, s.session, pupil())
    expected = before.get_candidate(s.admin, s.session, added.id)
    before.close()

    after = build_application(settings, hasher=hasher, clock=clock)
    try:
        assert after.get_candidate(s.admin, s.session, added.id) == expected
        assert after.authenticate("admin@college.fr", "sable-quartz-17") == s.admin
        with pytest.raises(errors.DuplicateCandidate):
            after.add_candidate(s.admin, s.session, pupil())
    finally:
        after.close()
