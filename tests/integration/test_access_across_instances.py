"""Access is checked on aggregates held in each process's cache, fast-forwarded
from the store on every use: what one instance of the application changes,
a second one on the same store sees at its very next check, never later."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain import errors
from domain.values import Role
from tests.builders import pupil, school

pytestmark = pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)


def test_a_session_deleted_by_one_instance_is_gone_for_the_other_at_once(
    make_app: Callable[[], CertificationApp],
) -> None:
    first, second = make_app(), make_app()
    s = school(first)
    second.add_candidate(s.admin, s.session, pupil())  # the second caches the session
    assert second.get_session(s.admin, s.session).candidate_count == 1
    first.delete_session(s.admin, s.session)
    with pytest.raises(errors.NotFound):
        second.get_session(s.admin, s.session)
    with pytest.raises(errors.NotFound):
        second.add_candidate(s.admin, s.session, pupil("Martin"))
    with pytest.raises(errors.NotFound):
        second.list_candidates(s.admin, s.session)


def test_an_administrator_of_another_centre_stays_outside_after_the_other_cached_it(
    make_app: Callable[[], CertificationApp],
) -> None:
    first, second = make_app(), make_app()
    s, other = school(first), school(first, "0693456G", "admin@lycee.fr")
    second.get_session(s.admin, s.session)  # cached, with the centre
    with pytest.raises(errors.NotFound):
        second.get_session(other.admin, s.session)
    with pytest.raises(errors.NotFound):
        second.add_candidate(other.admin, s.session, pupil())


def test_an_administrator_who_joins_a_centre_is_seen_by_the_other_instance(
    make_app: Callable[[], CertificationApp],
) -> None:
    """The cached centre is brought up to date, not served as it was cached:
    the same path that makes a grant visible makes a withdrawal visible."""
    first, second = make_app(), make_app()
    s = school(first)
    colleague = first.open_account(
        SYSTEM_ACTOR, "adjoint@college.fr", "Paul Adjoint", "granit-vert-42", Role.ADMINISTRATOR
    )
    second.get_session(s.admin, s.session)  # the centre, cached without the colleague
    with pytest.raises(errors.NotFound):
        second.get_session(colleague.id, s.session)
    first.invite_administrator(s.admin, s.centre, "adjoint@college.fr")
    first.accept_invitation(colleague.id, s.centre)
    assert second.get_session(colleague.id, s.session).id == s.session


def test_a_command_refused_after_a_change_leaves_the_cache_unchanged(
    make_app: Callable[[], CertificationApp],
) -> None:
    """A command that fails after changing the aggregate in hand changes a
    copy: the cached session still answers as the store holds it."""
    first, second = make_app(), make_app()
    s = school(first)
    second.add_candidate(s.admin, s.session, pupil())
    with pytest.raises(errors.DuplicateCandidate):
        second.add_candidate(s.admin, s.session, pupil())  # the same pupil twice
    assert second.get_session(s.admin, s.session).candidate_count == 1
    assert first.get_session(s.admin, s.session).candidate_count == 1
