"""Replay for auditors, on the three stores: the state of a session and its
candidates at any moment or version is exactly the state seen then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from application.app import CertificationApp
from application.views import CandidateView, SessionView
from domain import errors
from domain.actors import invigilator_actor
from tests.builders import SESSION_DAY, School, pupil, school
from tests.conftest import FakeClock


@dataclass(frozen=True)
class Seen:
    """What the administrator read right after a command."""

    moment: datetime
    session: SessionView
    candidates: list[CandidateView]


def seen(app: CertificationApp, s: School) -> Seen:
    return Seen(
        app.now(), app.get_session(s.admin, s.session), app.list_candidates(s.admin, s.session)
    )


def a_morning_of_changes(app: CertificationApp, clock: FakeClock) -> tuple[School, list[Seen]]:
    """Six commands ten minutes apart, each followed by what was seen."""
    s = school(app)
    states = [seen(app, s)]
    clock.advance(minutes=10)
    lea = app.add_candidate(s.admin, s.session, pupil("Durand", "Léa")).id
    states.append(seen(app, s))
    clock.advance(minutes=10)
    app.note_extra_time(s.admin, s.session, lea, Decimal("0.33"))
    states.append(seen(app, s))
    clock.advance(minutes=10)
    app.change_session(s.admin, s.session, {"room": "CDI"})
    states.append(seen(app, s))
    clock.advance(minutes=10)
    app.add_candidate(s.admin, s.session, pupil("Ménard", "Zoé"))
    states.append(seen(app, s))
    clock.advance(minutes=10)
    app.remove_candidate(s.admin, s.session, lea)
    states.append(seen(app, s))
    return s, states


def test_a_replay_between_two_events_gives_exactly_the_state_seen_then(
    app: CertificationApp, clock: FakeClock
) -> None:
    s, states = a_morning_of_changes(app, clock)
    for state in states:
        replay = app.session_as_of(s.admin, s.session, moment=state.moment + timedelta(minutes=5))
        assert (replay.session, replay.candidates) == (state.session, state.candidates)
        assert replay.moment == state.moment + timedelta(minutes=5)


def test_a_replay_at_the_exact_moment_of_an_event_includes_it(
    app: CertificationApp, clock: FakeClock
) -> None:
    s, states = a_morning_of_changes(app, clock)
    replay = app.session_as_of(s.admin, s.session, moment=states[2].moment)
    assert [c.extra_time for c in replay.candidates] == [Decimal("0.33")]
    assert replay.last_event == "CandidateEntryChanged"


def test_a_replay_by_version_gives_the_state_that_version_made(
    app: CertificationApp, clock: FakeClock
) -> None:
    s, states = a_morning_of_changes(app, clock)
    for state in states:
        replay = app.session_as_of(s.admin, s.session, version=state.session.version)
        assert (replay.session, replay.candidates) == (state.session, state.candidates)
        assert replay.moment == replay.last_event_at == state.moment


def test_commands_in_the_same_instant_are_told_apart_by_version(app: CertificationApp) -> None:
    s = school(app)
    lea = app.add_candidate(s.admin, s.session, pupil("Durand", "Léa")).id
    before = seen(app, s)
    app.note_extra_time(s.admin, s.session, lea, Decimal("0.5"))
    replay = app.session_as_of(s.admin, s.session, version=before.session.version)
    assert replay.candidates == before.candidates
    assert replay.candidates[0].extra_time == 0


def test_a_moment_before_the_session_existed_is_not_found(
    app: CertificationApp, clock: FakeClock
) -> None:
    s = school(app)
    with pytest.raises(errors.NotFound, match="did not exist yet"):
        app.session_as_of(s.admin, s.session, moment=clock() - timedelta(microseconds=1))


def test_a_version_the_session_never_had_is_not_found(app: CertificationApp) -> None:
    s = school(app)
    with pytest.raises(errors.NotFound, match="no version 9: its latest is 1"):
        app.session_as_of(s.admin, s.session, version=9)


@pytest.mark.parametrize(
    "asked",
    [{}, {"version": 1, "moment": datetime(2027, 1, 1)}],
    ids=["neither", "both"],
)
def test_a_replay_needs_one_moment_or_one_version(
    app: CertificationApp, asked: dict[str, object]
) -> None:
    s = school(app)
    with pytest.raises(errors.InvalidInput):
        app.session_as_of(s.admin, s.session, **asked)  # type: ignore[arg-type]


def test_a_moment_without_a_time_zone_is_read_on_the_centres_clock(
    app: CertificationApp, clock: FakeClock
) -> None:
    """The school is in Europe/Paris: its 10:00 is 09:00 UTC in November."""
    s = school(app)
    created = clock().astimezone(ZoneInfo("Europe/Paris")).replace(tzinfo=None)
    replay = app.session_as_of(s.admin, s.session, moment=created)
    assert replay.moment == clock()
    with pytest.raises(errors.NotFound, match="did not exist yet"):
        app.session_as_of(s.admin, s.session, moment=created - timedelta(minutes=1))
    with pytest.raises(errors.NotFound, match="did not exist yet"):
        app.session_as_of(s.admin, s.session, moment=clock().replace(tzinfo=None))


def test_another_centres_administrator_cannot_replay_the_session(
    app: CertificationApp, clock: FakeClock
) -> None:
    s = school(app)
    other = school(app, code="0750002V", email="other@lycee.fr")
    with pytest.raises(errors.NotFound, match="No such session"):
        app.session_as_of(other.admin, s.session, moment=clock())
    with pytest.raises(errors.NotFound, match="No such session"):
        app.audited_session(other.admin, s.session)


def test_a_deleted_session_can_still_be_replayed_by_its_centre(
    app: CertificationApp, clock: FakeClock
) -> None:
    s = school(app)
    clock.advance(minutes=1)
    app.delete_session(s.admin, s.session)
    with pytest.raises(errors.NotFound):
        app.get_session(s.admin, s.session)
    assert app.audited_session(s.admin, s.session).status == "deleted"
    before = app.session_as_of(s.admin, s.session, moment=clock() - timedelta(seconds=1))
    assert before.session.status == "created"


def test_a_removed_candidate_can_still_be_audited_but_not_from_another_session(
    app: CertificationApp,
) -> None:
    s = school(app)
    lea = app.add_candidate(s.admin, s.session, pupil("Durand", "Léa")).id
    app.remove_candidate(s.admin, s.session, lea)
    assert app.audited_candidate(s.admin, s.session, lea).last_name == "Durand"
    elsewhere = app.create_session(
        s.admin,
        s.centre,
        "Bâtiment B",
        "Salle 102",
        "M. Benali",
        app.now().date(),
        app.now().time(),
    ).id
    with pytest.raises(errors.NotFound, match="No such candidate"):
        app.audited_candidate(s.admin, elsewhere, lea)
    with pytest.raises(errors.NotFound):
        app.audited_candidate(s.admin, s.session, UUID(int=5))


def test_an_extra_time_noted_on_the_day_after_joining_is_in_the_replay(
    app: CertificationApp, clock: FakeClock
) -> None:
    """The pupil's own events (joining) are on the candidate's stream only: the
    replay still finds the candidate as the invigilator's extra time left it."""
    s = school(app)
    lea = app.add_candidate(s.admin, s.session, pupil("Durand", "Léa")).id
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    clock.current = datetime.combine(SESSION_DAY, time(8, 0), UTC)
    invigilator = invigilator_actor(s.session)
    app.start_session(invigilator, s.session)
    code = app.get_session(s.admin, s.session).access_code
    app.join(code, "Durand", "Léa", date(2011, 5, 1), "ent-durand")
    clock.advance(minutes=10)
    app.note_extra_time(invigilator, s.session, lea, Decimal("0.33"))
    clock.advance(minutes=10)
    replay = app.session_as_of(s.admin, s.session, moment=clock())
    assert [c.extra_time for c in replay.candidates] == [Decimal("0.33")]
    assert replay.states == {str(lea): "joined"}
    before = app.session_as_of(s.admin, s.session, moment=clock() - timedelta(minutes=15))
    assert [c.extra_time for c in before.candidates] == [0]
