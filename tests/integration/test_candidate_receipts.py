"""A command on a candidate answers the candidate as stored, without a reload."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from adapters.persistence.settings import Settings
from application.app import CertificationApp
from tests.builders import pupil, school


@pytest.fixture
def apps(
    settings: Settings, make_app: Callable[[], CertificationApp]
) -> tuple[CertificationApp, CertificationApp]:
    """The application that commands, and another process reading the same store
    (in memory, where nothing is shared, the same one)."""
    app = make_app()
    return app, app if settings.backend == "memory" else make_app()


def test_adding_a_candidate_answers_the_candidate_another_process_reads(
    apps: tuple[CertificationApp, CertificationApp],
) -> None:
    app, elsewhere = apps
    s = school(app)
    receipt = app.add_candidate(s.admin, s.session, pupil("Çelik", "Zoé"), Decimal("0.25"))
    stored = elsewhere.get_candidate(s.admin, s.session, receipt.id)
    assert receipt.candidate == stored
    assert (stored.last_name, stored.extra_time, stored.version) == (
        "Çelik",
        Decimal("0.25"),
        receipt.version,
    )


def test_noting_extra_time_answers_the_candidate_as_changed_or_as_it_was(
    apps: tuple[CertificationApp, CertificationApp],
) -> None:
    app, elsewhere = apps
    s = school(app)
    added = app.add_candidate(s.admin, s.session, pupil())
    noted = app.note_extra_time(s.admin, s.session, added.id, Decimal("0.33"))
    assert noted.candidate == elsewhere.get_candidate(s.admin, s.session, added.id)
    assert (noted.candidate.extra_time, noted.candidate.version) == (
        Decimal("0.33"),
        added.version + 1,
    )
    again = app.note_extra_time(s.admin, s.session, added.id, Decimal("0.33"))
    assert again.candidate == noted.candidate  # nothing to note: the same candidate
