"""The projection engine on the three stores: exactly once, crash-safe, rebuildable."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from adapters.persistence.leases import AllLeases
from adapters.persistence.settings import Settings
from adapters.projector import Projector
from adapters.wiring import PROJECTIONS, Service, build_service
from application.app import CertificationApp
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from domain.aggregates.rulebook import check_rule
from domain.competences import COMPETENCES
from domain.rules import EligibilityRule
from domain.values import Role
from projections import queries
from projections.eligibility import EligibilityProjection
from projections.engine import Rows, active_generation
from projections.runner import ProjectionRunner
from projections.sessions import SessionsProjection
from tests.builders import School, pupil, school


@pytest.fixture
def service(settings: Settings, app: CertificationApp) -> Iterator[Service]:
    built = build_service(settings, app=app, embedded=False)
    yield built
    close = getattr(built.views, "close", None)
    if close:
        close()


def profile(last: str, first: str, positioned: int, born: date = date(2011, 5, 1)) -> ProfileInput:
    pix = {code: (8 if i < positioned else 0) for i, code in enumerate(COMPETENCES)}
    return ProfileInput(
        last, first, born, "Campagne 3e 2027", datetime(2026, 10, 1, tzinfo=UTC), pix
    )


def enrol_class(app: CertificationApp, s: School) -> None:
    """Three pupils: certifiable, not yet (3 competences), and one without profile."""
    app.record_profile(s.admin, s.centre, profile("Durand", "Léa", 6))
    app.add_candidate(s.admin, s.session, pupil("Durand", "Léa"))
    app.add_candidate(s.admin, s.session, pupil("Ménard", "Zoé"))
    app.record_profile(s.admin, s.centre, profile("menard", "ZOE", 3))
    app.add_candidate(s.admin, s.session, pupil("Lefèvre", "Hugo"))


def test_profiles_before_or_after_enrolment_decide_eligibility(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    service.runner.catch_up()
    summary = queries.session_eligibility(service.views, str(s.session))
    assert (summary["enrolled"], summary["certifiable"]) == (3, 1)
    reasons = {c["last_name"]: c["reason"] for c in summary["not_yet_certifiable"]}
    assert reasons["Ménard"] == "3 competence(s) at level 1 or more; 5 needed."
    assert reasons["Lefèvre"].startswith("No competence profile")
    sheet = queries.attendance_sheet(service.views, str(s.session))
    assert sheet is not None
    assert [r["last_name"] for r in sheet["rows"]] == ["Durand", "Lefèvre", "Ménard"]


def test_a_newer_capture_replaces_an_older_one_whatever_the_order_recorded(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Durand", "Léa"))
    newer = profile("Durand", "Léa", 6)
    older = replace(newer, captured_at=datetime(2026, 9, 1, tzinfo=UTC))
    app.record_profile(s.admin, s.centre, newer)
    app.record_profile(
        s.admin,
        s.centre,
        profile("Durand", "Léa", 2).__class__(
            **(older.__dict__ | {"pix": dict.fromkeys(COMPETENCES, 0)})
        ),
    )
    service.runner.catch_up()
    assert queries.session_eligibility(service.views, str(s.session))["certifiable"] == 1


def test_catching_up_twice_or_from_two_runners_applies_each_event_once(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    other = ProjectionRunner(app.recorder, app.mapper, service.views, PROJECTIONS, app)
    service.runner.catch_up()
    other.catch_up()
    service.runner.catch_up()
    overview = queries.session_overview(service.views, str(s.centre))
    assert [(o["enrolled"], o["certifiable"]) for o in overview] == [(3, 1)]


class Crashing(EligibilityProjection):
    """Fails on the fourth event of a batch, as a process killed mid-way would."""

    seen = 0

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        Crashing.seen += 1
        if Crashing.seen == 4:
            raise RuntimeError("killed")
        super().apply(event, position, rows)


def test_a_crash_in_the_middle_of_a_batch_loses_nothing_and_counts_nothing_twice(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    Crashing.seen = 0
    crashing = ProjectionRunner(
        app.recorder, app.mapper, service.views, [Crashing, SessionsProjection], app
    )
    crashing.catch_up()
    assert queries.attendance_sheet(service.views, str(s.session)) is not None
    assert crashing.errors["eligibility"] == "RuntimeError: killed"
    assert crashing.status()[0].error == "RuntimeError: killed"
    generation = active_generation(service.views, "eligibility")
    assert generation is not None
    assert generation.position == 0
    service.runner.catch_up()
    assert queries.session_eligibility(service.views, str(s.session))["enrolled"] == 3


def test_a_rebuild_gives_the_rows_of_the_live_projection(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    service.runner.catch_up()
    live = queries.session_eligibility(service.views, str(s.session))
    sheet = queries.attendance_sheet(service.views, str(s.session))
    for projection in PROJECTIONS:
        service.runner.rebuild(projection.name)
    assert queries.session_eligibility(service.views, str(s.session)) == live
    assert queries.attendance_sheet(service.views, str(s.session)) == sheet
    assert [g.number for g in service.views.generations("eligibility")] == [2]


def test_a_rebuild_of_a_store_never_projected_fills_its_rows(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    applied = service.runner.rebuild(EligibilityProjection.name)
    assert applied > 0
    assert [g.active for g in service.views.generations("eligibility")] == [True]
    view = queries.session_eligibility(service.views, str(s.session))
    assert (view["enrolled"], view["certifiable"]) == (3, 1)


def test_a_rule_change_rebuilds_eligibility_under_the_new_version(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    service.runner.catch_up()
    operator = app.open_account(
        SYSTEM_ACTOR, "ops@certif.fr", "Ops", "sable-quartz-37", Role.OPERATOR
    )
    preview = queries.preview_rule(service.views, app_rule(3))
    assert preview["changed"] == 1
    app.change_eligibility_rule(operator.id, 3, 1, date(2026, 11, 1), "Rentrée 2026")
    assert queries.session_eligibility(service.views, str(s.session))["rule_version"] == 1
    service.runner.catch_up()
    summary = queries.session_eligibility(service.views, str(s.session))
    assert (summary["rule_version"], summary["certifiable"]) == (2, 2)
    candidate = summary["not_yet_certifiable"][0]
    assert candidate["last_name"] == "Lefèvre"


def test_a_rule_change_saved_here_starts_its_rebuild_without_waiting_for_the_interval(
    app: CertificationApp, service: Service
) -> None:
    """The projector looks for a rebuild to do when it is told of a save, not
    only every interval (an hour here): a read after a rule change is answered
    as soon as the rebuild is done."""
    s = school(app)
    enrol_class(app, s)
    service.runner.catch_up()
    operator = app.open_account(
        SYSTEM_ACTOR, "ops@certif.fr", "Ops", "sable-quartz-37", Role.OPERATOR
    )
    projector = Projector(service.runner, AllLeases(), interval=3600)
    app.on_saved.append(projector.poke)
    projector.start()
    try:
        app.change_eligibility_rule(operator.id, 3, 1, date(2026, 11, 1), "Rentrée 2026")
        assert service.runner.wait_for(app.position(), 30, names=("eligibility",))
    finally:
        projector.stop()
        app.on_saved.remove(projector.poke)
    summary = queries.session_eligibility(service.views, str(s.session))
    assert (summary["rule_version"], summary["certifiable"]) == (2, 2)


def app_rule(min_competences: int) -> EligibilityRule:
    return check_rule(min_competences, 1)


def test_a_rule_that_is_not_yet_in_force_changes_nothing_today(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    operator = app.open_account(
        SYSTEM_ACTOR, "ops@certif.fr", "Ops", "sable-quartz-37", Role.OPERATOR
    )
    app.change_eligibility_rule(operator.id, 3, 1, date(2027, 9, 1), "Rentrée 2027")
    service.runner.catch_up()
    assert queries.session_eligibility(service.views, str(s.session))["certifiable"] == 1


class SessionsWrittenDifferently(SessionsProjection):
    """The same read model after a change to the rows its code writes."""

    version = SessionsProjection.version + 1


def test_a_new_version_of_a_projections_code_rebuilds_its_rows(
    app: CertificationApp, service: Service
) -> None:
    s = school(app)
    enrol_class(app, s)
    service.runner.catch_up()
    upgraded = ProjectionRunner(
        app.recorder, app.mapper, service.views, [SessionsWrittenDifferently], app
    )
    upgraded.catch_up()
    generation = active_generation(service.views, "sessions")
    assert generation is not None
    assert (generation.number, generation.code_version) == (2, SessionsWrittenDifferently.version)
    assert queries.session_overview(service.views, str(s.centre))[0]["enrolled"] == 3
    upgraded.catch_up()
    assert [g.number for g in service.views.generations("sessions")] == [2]
