"""A session's candidate list as a file: the dry run shows all, the commit does exactly that."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.commands import CandidateInput
from application.enrolment_files import RowProblem, TemplateFile, TemplateRow
from domain import errors
from domain.actors import invigilator_actor
from tests.builders import SESSION_DAY, pupil, school
from tests.conftest import FakeClock


def row(
    line: int, last: str, first: str, born: date = date(2011, 5, 1), **more: object
) -> TemplateRow:
    extra = more.pop("extra_time", Decimal(0))
    given_input = CandidateInput(last_name=last, first_name=first, birthdate=born, **more)  # type: ignore[arg-type]
    return TemplateRow(line, given_input, extra)  # type: ignore[arg-type]


def a_file(*rows: TemplateRow, problems: tuple[RowProblem, ...] = ()) -> TemplateFile:
    return TemplateFile("csv", rows, problems)


def test_a_dry_run_lists_additions_changes_removals_and_stores_nothing(
    app: CertificationApp,
) -> None:
    s = school(app)
    kept = app.add_candidate(s.admin, s.session, pupil("Durand", "Léa")).candidate
    app.add_candidate(s.admin, s.session, pupil("Martin", "Hugo"))
    before = app.position()
    plan = app.plan_candidate_list(
        s.admin,
        s.session,
        a_file(
            row(2, "DURAND", "Léa", extra_time=Decimal("0.33")),
            row(3, "Petit", "Noé"),
        ),
    )
    assert [a.given.last_name for a in plan.additions] == ["Petit"]
    assert [(c.line, c.candidate_id) for c in plan.changes] == [(2, kept.id)]
    assert [r.last_name for r in plan.removals] == ["Martin"]
    assert plan.problems == ()
    assert app.position() == before


def test_the_commit_applies_the_plan_in_one_save(app: CertificationApp) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Durand", "Léa"))
    app.add_candidate(s.admin, s.session, pupil("Martin", "Hugo"))
    given_file = a_file(row(2, "Durand", "Léa", extra_time=Decimal("0.33")), row(3, "Petit", "Noé"))
    plan = app.plan_candidate_list(s.admin, s.session, given_file)
    result = app.commit_candidate_list(s.admin, s.session, given_file, plan.token)
    assert (len(result.added), len(result.changed), len(result.removed)) == (1, 1, 1)
    listed = app.list_candidates(s.admin, s.session)
    assert [(c.last_name, c.extra_time, c.division) for c in listed] == [
        ("Durand", Decimal("0.33"), "3e A"),  # the class has no column: it stays
        ("Petit", Decimal(0), None),
    ]
    again = app.plan_candidate_list(s.admin, s.session, given_file)
    assert (again.additions, again.changes, again.removals, again.unchanged) == ((), (), (), 2)


def test_every_fault_of_every_row_is_listed_and_the_commit_refused(app: CertificationApp) -> None:
    s = school(app)
    given_file = a_file(
        row(2, " ", "Léa", born=date(2090, 1, 1), convocation_email="pas-une-adresse"),
        row(3, "Petit", "Noé"),
        row(4, "petit", "NOÉ"),
        row(5, "Roux", "Inès", birth_country="FRANCE", birth_insee_code="ABC"),
        problems=(RowProblem(6, "birthdate", "date-format", "Not a date.", "31/02/2011"),),
    )
    plan = app.plan_candidate_list(s.admin, s.session, given_file)
    found = {(p["row"], p["field"], p["rule"]) for p in plan.problems}
    assert found == {
        (2, "last_name", "name-required"),
        (2, "birthdate", "birthdate-out-of-range"),
        (2, "convocation_email", "email-invalid"),
        (4, None, "duplicate-in-file"),
        (5, "birth_insee_code", "birth-place-invalid"),
        (6, "birthdate", "date-format"),
    }
    before = app.position()
    with pytest.raises(errors.InvalidRows):
        app.commit_candidate_list(s.admin, s.session, given_file, plan.token)
    assert app.position() == before


def test_a_commit_after_the_session_changed_is_refused(app: CertificationApp) -> None:
    s = school(app)
    given_file = a_file(row(2, "Petit", "Noé"))
    plan = app.plan_candidate_list(s.admin, s.session, given_file)
    app.add_candidate(s.admin, s.session, pupil("Durand", "Léa"))
    with pytest.raises(errors.CandidateListChanged):
        app.commit_candidate_list(s.admin, s.session, given_file, plan.token)
    assert [c.last_name for c in app.list_candidates(s.admin, s.session)] == ["Durand"]


def test_a_candidate_who_joined_cannot_be_left_out(app: CertificationApp, clock: FakeClock) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Durand", "Léa"))
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    clock.current = datetime.combine(SESSION_DAY, time(8, 0), UTC)
    app.start_session(invigilator_actor(s.session), s.session)
    code = app.get_session(s.admin, s.session).access_code
    app.join(code, "Durand", "Léa", date(2011, 5, 1), "ent-lea")
    given_file = a_file(row(2, "Petit", "Noé"))
    plan = app.plan_candidate_list(s.admin, s.session, given_file)
    assert [(p["rule"], p["value"]) for p in plan.problems] == [
        ("candidate-has-joined", "Léa Durand")
    ]
    with pytest.raises(errors.InvalidRows):
        app.commit_candidate_list(s.admin, s.session, given_file, plan.token)


names = st.sampled_from(["Durand", "Martin", "Çelik", "N'Diaye", "Lefèvre", "Petit", "Roux"])
firsts = st.sampled_from(["Léa", "Hugo", "Inès", "Noé", "Zoé"])
days = st.integers(min_value=1, max_value=28)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(names, firsts, days), max_size=12),
    existing=st.lists(st.tuples(names, firsts, days), max_size=4, unique=True),
)
def test_what_the_dry_run_would_add_is_what_the_commit_adds(
    tmp_path: Path,
    clock: FakeClock,
    hasher: Argon2Hasher,
    rows: list[tuple[str, str, int]],
    existing: list[tuple[str, str, int]],
) -> None:
    """On the memory store, a new one for each example."""
    memory = Settings(database_url="memory://", data_dir=tmp_path)
    app = build_application(memory, hasher=hasher, clock=clock)
    s = school(app)
    for last, first, day in existing:
        app.add_candidate(s.admin, s.session, pupil(last, first, date(2011, 5, day)))
    given_file = a_file(
        *(
            row(n, last, first, date(2011, 5, day))
            for n, (last, first, day) in enumerate(rows, start=2)
        )
    )
    plan = app.plan_candidate_list(s.admin, s.session, given_file)
    if plan.problems:
        with pytest.raises(errors.InvalidRows):
            app.commit_candidate_list(s.admin, s.session, given_file, plan.token)
        return
    before = {c.id for c in app.list_candidates(s.admin, s.session)}
    result = app.commit_candidate_list(s.admin, s.session, given_file, plan.token)
    after = {c.id: c for c in app.list_candidates(s.admin, s.session)}
    added = [after[i] for i in after.keys() - before]
    assert sorted((c.last_name, c.first_name, c.birthdate) for c in added) == sorted(
        (a.given.last_name, a.given.first_name, a.given.birthdate) for a in plan.additions
    )
    assert set(result.added) == after.keys() - before
    assert before - after.keys() == {r.id for r in plan.removals}
