"""Session numbers on every store: in order from 1, unique, never reused,
found again by number, and distinct when several processes create at once."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import time

import pytest

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain import errors
from domain.values import CentreType, Role
from tests.builders import SESSION_DAY, School, school


def another_session(app: CertificationApp, s: School, room: str) -> int:
    receipt = app.create_session(
        s.admin, s.centre, "Bâtiment B", room, "M. Benali", SESSION_DAY, time(9, 0)
    )
    number = app.get_session(s.admin, receipt.id).number
    assert number is not None
    return number


def test_sessions_are_numbered_one_after_another_from_one(app: CertificationApp) -> None:
    s = school(app)
    assert app.get_session(s.admin, s.session).number == 1
    assert [another_session(app, s, f"Salle {n}") for n in range(2, 6)] == [2, 3, 4, 5]


def test_a_deleted_sessions_number_is_never_given_again(
    make_app: Callable[[], CertificationApp],
) -> None:
    first = make_app()
    s = school(first)
    second_number = another_session(first, s, "Salle 102")
    first.delete_session(s.admin, first.session_id_of(second_number))
    assert another_session(first, s, "Salle 103") == 3
    restarted = first if first.factory.__module__.endswith("popo") else make_app()
    assert another_session(restarted, s, "Salle 104") == 4  # a new process goes on from 4


def test_a_number_names_its_session_and_a_number_never_given_names_none(
    app: CertificationApp,
) -> None:
    s = school(app)
    assert app.session_id_of(1) == s.session
    assert app.session_id_of(s.session) == s.session
    for never in (0, -3, 2, 10**12):
        assert app.find_session(never) is None
        with pytest.raises(errors.NotFound):
            app.session_id_of(never)


def test_applications_creating_sessions_at_once_get_distinct_numbers(
    make_app: Callable[[], CertificationApp],
) -> None:
    """Three 'processes' (when the store is shared) and twelve threads, in four
    centres so that only the numbers are contended: 1 to 12, each once."""
    apps = [make_app()]
    if not apps[0].factory.__module__.endswith("popo"):
        apps += [make_app(), make_app()]
    schools = [centre(apps[0], n) for n in range(4)]

    def create(n: int) -> int:
        app, s = apps[n % len(apps)], schools[n % 4]
        receipt = app.create_session(
            s.admin, s.centre, "Bâtiment B", f"Salle {n}", "M. Benali", SESSION_DAY, time(14, 0)
        )
        number = app.get_session(s.admin, receipt.id).number
        assert number is not None
        assert app.session_id_of(number) == receipt.id
        return number

    with ThreadPoolExecutor(max_workers=12) as pool:
        numbers = list(pool.map(create, range(12)))

    assert sorted(numbers) == list(range(5, 17))  # 1 to 4 are the schools' first sessions


def centre(app: CertificationApp, n: int) -> School:
    admin = app.open_account(
        SYSTEM_ACTOR,
        f"admin{n}@college.fr",
        "Claire Rousseau",
        "sable-quartz-17",
        Role.ADMINISTRATOR,
    )
    code = ["0691234S", "0751234J", "0131234W", "0311234Y"][n]
    created = app.register_centre(SYSTEM_ACTOR, f"Collège {n}", CentreType.SCO, code, admin.id)
    session = app.create_session(
        admin.id, created.id, "Bâtiment B", "Salle 101", "M. Benali", SESSION_DAY, time(9, 0)
    )
    return School(admin.id, created.id, session.id)
