"""What printing papers records, on the three stores, and what the read model counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.persistence.settings import Settings
from adapters.wiring import Service, build_service
from application.app import CertificationApp
from domain.aggregates.session_activity import SessionActivity
from projections import queries
from tests.builders import pupil, school


@pytest.fixture
def service(settings: Settings, app: CertificationApp) -> Iterator[Service]:
    built = build_service(settings, app=app, embedded=False)
    yield built
    close = getattr(built.views, "close", None)
    if close:
        close()


def test_convocations_count_once_per_candidate_still_enrolled(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    durand = app.add_candidate(s.admin, s.session, pupil("Durand", "Léa")).id
    menard = app.add_candidate(s.admin, s.session, pupil("Ménard", "Zoé")).id
    app.record_convocations_sent(s.admin, s.session, [durand, menard])
    app.record_convocation_sent(s.admin, s.session, durand)
    app.remove_candidate(s.admin, s.session, menard)
    app.record_convocations_sent(s.admin, s.session, [durand, menard])
    service.runner.catch_up()
    row = queries.attendance_sheet(service.views, str(s.session))
    assert row is not None
    assert (row["session"]["enrolled"], row["session"]["convocations_sent"]) == (1, 1)
    sent = [
        e.candidate_id
        for e in app.repository.event_store.get(SessionActivity.id_for(s.session))
        if isinstance(e, SessionActivity.ConvocationSent)
    ]
    assert sent == [durand, menard, durand, durand]


def test_a_centre_export_records_a_download_on_each_session_it_holds(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    app.record_sheet_download(s.admin, s.session, "pdf")
    app.record_centre_sheets_download(s.admin, s.centre, [s.session])
    service.runner.catch_up()
    sheet = queries.attendance_sheet(service.views, str(s.session))
    assert sheet is not None
    assert sheet["session"]["sheet_downloads"] == 2
    assert sheet["centre"]["name"] == "Collège Jean Moulin"
    formats = [
        e.format
        for e in app.repository.event_store.get(SessionActivity.id_for(s.session))
        if isinstance(e, SessionActivity.AttendanceSheetDownloaded)
    ]
    assert formats == ["pdf", "centre-pdf"]
