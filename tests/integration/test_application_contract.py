"""The application's contract, run on the in-memory store, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from application.app import CertificationApp
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from application.sessions import ACCESS_CODE
from domain import errors
from domain.actors import invigilator_actor
from domain.aggregates.reservation import Reservation
from domain.values import ACCESS_CODE_PATTERN, CentreType, Role
from tests.builders import SESSION_DAY, pupil, school
from tests.conftest import FakeClock

BORN = date(2011, 5, 1)


def test_an_administrator_prepares_a_session_end_to_end(app: CertificationApp) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Ménard", "Zoé"))
    app.add_candidate(s.admin, s.session, pupil("Durand", "Hugo"), Decimal("0.33"))
    app.add_candidate(s.admin, s.session, pupil("Lefèvre", "Anaïs"))
    names = [c.last_name for c in app.list_candidates(s.admin, s.session)]
    assert names == ["Durand", "Lefèvre", "Ménard"]
    view = app.get_session(s.admin, s.session)
    assert ACCESS_CODE_PATTERN.match(view.access_code)
    assert view.candidate_count == 3
    assert view.end_time == time(10, 45)
    assert view.status == "created"


def test_every_event_records_who_acted_and_when(app: CertificationApp, clock: FakeClock) -> None:
    s = school(app)
    clock.advance(minutes=5)
    app.add_candidate(s.admin, s.session, pupil())
    last_two = list(app.notification_log.select(start=app.position() - 1, limit=2))
    events = [app.mapper.to_domain_event(n) for n in last_two]
    assert {type(e).__name__ for e in events} == {"CandidateAdded", "CandidateEnrolled"}
    assert all(e.by == s.admin for e in events)  # type: ignore[attr-defined]
    assert all(e.at == clock.current for e in events)  # type: ignore[attr-defined]


def test_stored_topics_are_stable_names_not_module_paths(app: CertificationApp) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil())
    topics = {n.topic for n in app.recorder.select_notifications(start=1, limit=100)}
    assert "certif:Session.SessionCreated" in topics
    assert "certif:Candidate.CandidateAdded" in topics
    assert all(topic.startswith("certif:") for topic in topics)


def test_the_same_pupil_twice_in_a_session_is_refused(app: CertificationApp) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Lefèvre", "Élodie"))
    with pytest.raises(errors.DuplicateCandidate):
        app.add_candidate(s.admin, s.session, pupil(" LEFEVRE ", "elodie"))
    assert len(app.list_candidates(s.admin, s.session)) == 1


def test_renaming_a_candidate_into_another_is_refused(app: CertificationApp) -> None:
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Martin", "Léa"))
    other = app.add_candidate(s.admin, s.session, pupil("Martin", "Noé"))
    with pytest.raises(errors.DuplicateCandidate):
        app.change_candidate(s.admin, s.session, other.id, {"first_name": "Lea"})
    assert app.get_candidate(s.admin, s.session, other.id).first_name == "Noé"


def test_a_partial_change_keeps_the_other_fields(app: CertificationApp) -> None:
    s = school(app)
    added = app.add_candidate(s.admin, s.session, pupil("Martin", "Léa"))
    receipt = app.change_candidate(s.admin, s.session, added.id, {"division": "3e B"})
    view = app.get_candidate(s.admin, s.session, added.id)
    assert (view.division, view.first_name, receipt.version) == ("3e B", "Léa", 2)


def test_a_stale_version_is_refused_and_changes_nothing(app: CertificationApp) -> None:
    s = school(app)
    added = app.add_candidate(s.admin, s.session, pupil())
    app.note_extra_time(s.admin, s.session, added.id, Decimal("0.33"), expected_version=1)
    with pytest.raises(errors.StaleVersion):
        app.note_extra_time(s.admin, s.session, added.id, Decimal("0.5"), expected_version=1)
    assert app.get_candidate(s.admin, s.session, added.id).extra_time == Decimal("0.33")


def test_a_removed_candidate_is_gone_and_can_be_enrolled_again(app: CertificationApp) -> None:
    s = school(app)
    added = app.add_candidate(s.admin, s.session, pupil())
    app.remove_candidate(s.admin, s.session, added.id)
    with pytest.raises(errors.NotFound):
        app.get_candidate(s.admin, s.session, added.id)
    app.add_candidate(s.admin, s.session, pupil())
    assert len(app.list_candidates(s.admin, s.session)) == 1


def test_a_room_cannot_hold_two_sessions_at_once(app: CertificationApp) -> None:
    s = school(app)
    with pytest.raises(errors.SlotTaken):
        app.create_session(s.admin, s.centre, "bâtiment b", "SALLE 101", "X", SESSION_DAY, time(9))
    app.create_session(s.admin, s.centre, "Bâtiment B", "Salle 101", "X", SESSION_DAY, time(14))


def test_a_session_outside_the_centres_window_is_refused(app: CertificationApp) -> None:
    s = school(app)
    app.set_certification_windows(
        s.admin, s.centre, [("Collège (3e)", date(2027, 3, 8), date(2027, 5, 20))]
    )
    with pytest.raises(errors.OutsideCertificationWindow):
        app.create_session(s.admin, s.centre, "B", "CDI", "X", date(2027, 6, 2), time(9))


def test_a_session_in_the_past_is_refused(app: CertificationApp) -> None:
    s = school(app)
    with pytest.raises(errors.SessionInThePast):
        app.create_session(s.admin, s.centre, "B", "CDI", "X", date(2026, 11, 25), time(9))


def test_deleting_a_session_frees_its_room_and_its_access_code(app: CertificationApp) -> None:
    s = school(app)
    code = app.get_session(s.admin, s.session).access_code
    app.delete_session(s.admin, s.session)
    with pytest.raises(errors.NotFound):
        app.get_session(s.admin, s.session)
    reservation = app.repository.get(Reservation.id_for(ACCESS_CODE, code))
    assert not reservation.is_held
    app.create_session(s.admin, s.centre, "Bâtiment B", "Salle 101", "X", SESSION_DAY, time(9))


def test_live_sessions_hold_distinct_access_codes(app: CertificationApp) -> None:
    s = school(app)
    codes = {app.get_session(s.admin, s.session).access_code}
    for hour in range(10, 18):
        receipt = app.create_session(s.admin, s.centre, "B", "CDI", "X", SESSION_DAY, time(hour))
        codes.add(receipt.access_code)
        assert app.repository.get(Reservation.id_for(ACCESS_CODE, receipt.access_code)).is_held
    assert len(codes) == 9


def test_another_centres_resources_do_not_exist_for_an_administrator(
    app: CertificationApp,
) -> None:
    ours, theirs = school(app), school(app, code="0750002V", email="other@lycee.fr")
    app.add_candidate(theirs.admin, theirs.session, pupil())
    for look in (
        lambda: app.get_centre(ours.admin, theirs.centre),
        lambda: app.get_session(ours.admin, theirs.session),
        lambda: app.list_candidates(ours.admin, theirs.session),
        lambda: app.add_candidate(ours.admin, theirs.session, pupil("Intrus")),
        lambda: app.delete_session(ours.admin, theirs.session),
        lambda: app.list_sessions(ours.admin, theirs.centre),
    ):
        with pytest.raises(errors.NotFound):
            look()
    assert app.get_session(theirs.admin, theirs.session).candidate_count == 1


def test_an_administrator_invites_a_colleague_who_accepts(app: CertificationApp) -> None:
    s = school(app)
    app.invite_administrator(s.admin, s.centre, "CPE@college.fr")
    colleague = app.open_account(
        SYSTEM_ACTOR, "cpe@college.fr", "Paul Girard", "sable-quartz-27", Role.ADMINISTRATOR
    ).id
    with pytest.raises(errors.NotFound):
        app.get_session(colleague, s.session)  # invited is not yet administrator
    assert [i.centre_id for i in app.pending_invitations(colleague)] == [s.centre]
    app.accept_invitation(colleague, s.centre)
    assert app.get_session(colleague, s.session).id == s.session
    assert app.get_account(colleague).centre_ids == [s.centre]
    assert app.pending_invitations(colleague) == []
    with pytest.raises(errors.NoSuchInvitation):
        app.accept_invitation(colleague, s.centre)
    app.invite_administrator(s.admin, s.centre, "cpe@college.fr")  # already one: nothing new
    assert app.pending_invitations(colleague) == []


def test_inviting_answers_alike_whether_or_not_the_address_has_an_account(
    app: CertificationApp,
) -> None:
    s = school(app)
    app.open_account(
        SYSTEM_ACTOR, "known@college.fr", "Known", "sable-quartz-27", Role.ADMINISTRATOR
    )
    known = app.invite_administrator(s.admin, s.centre, "known@college.fr")
    unknown = app.invite_administrator(s.admin, s.centre, "nobody@college.fr")
    assert (known.id, unknown.version) == (unknown.id, known.version + 1)
    later = app.open_account(
        SYSTEM_ACTOR, "nobody@college.fr", "Newcomer", "sable-quartz-27", Role.ADMINISTRATOR
    )
    app.decline_invitation(later.id, s.centre)
    assert app.pending_invitations(later.id) == []
    with pytest.raises(errors.NoSuchInvitation):
        app.accept_invitation(later.id, s.centre)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.AUDITOR, Role.OPERATOR])
def test_reviewers_auditors_and_operators_cannot_become_administrators(
    app: CertificationApp, role: Role
) -> None:
    s = school(app)
    staff = app.open_account(SYSTEM_ACTOR, "staff@certif.fr", "Staff", "sable-quartz-27", role).id
    app.invite_administrator(s.admin, s.centre, "staff@certif.fr")
    with pytest.raises(errors.CannotAdministerCentres):
        app.accept_invitation(staff, s.centre)
    with pytest.raises(errors.CannotAdministerCentres):
        app.register_centre(SYSTEM_ACTOR, "Lycée", CentreType.SCO, "0750009C", staff)
    assert app.get_centre(s.admin, s.centre).administrator_ids == [s.admin]
    if role is not Role.OPERATOR:
        with pytest.raises(errors.Forbidden):
            app.invite_administrator(staff, s.centre, "x@college.fr")


def test_only_operators_register_centres(app: CertificationApp) -> None:
    s = school(app)
    with pytest.raises(errors.Forbidden):
        app.register_centre(s.admin, "Lycée", CentreType.SCO, "0750009C")
    operator = app.open_account(
        SYSTEM_ACTOR, "ops@certif.fr", "Ops", "sable-quartz-37", Role.OPERATOR
    )
    app.register_centre(operator.id, "Lycée", CentreType.SCO, "0750009C")
    with pytest.raises(errors.NationalCodeTaken):
        app.register_centre(operator.id, "Lycée bis", CentreType.SCO, "0750009c")


def test_signing_in_refuses_wrong_passwords_and_unknown_emails_alike(
    app: CertificationApp,
) -> None:
    s = school(app)
    assert app.authenticate("admin@college.fr", "sable-quartz-17") == s.admin
    for email, password in [("admin@college.fr", "wrong-pass"), ("nobody@x.fr", "sable-quartz-17")]:
        with pytest.raises(errors.AuthenticationFailed, match="Unknown email or wrong password"):
            app.authenticate(email, password)


def test_pages_of_sessions_are_ordered_by_date_and_time(app: CertificationApp) -> None:
    s = school(app)
    for hour in (16, 11, 14):
        app.create_session(s.admin, s.centre, "B", "CDI", "X", SESSION_DAY, time(hour))
    first = app.list_sessions(s.admin, s.centre, page=1, page_size=3)
    second = app.list_sessions(s.admin, s.centre, page=2, page_size=3)
    hours = [v.start_time.hour for v in first.items + second.items]
    assert (hours, first.total) == ([9, 11, 14, 16], 4)


def test_stray_process_variables_do_not_configure_the_store(
    monkeypatch: pytest.MonkeyPatch, app: CertificationApp
) -> None:
    monkeypatch.setenv("CERTIF_PERSISTENCE_MODULE", "eventsourcing.no_such_module")
    monkeypatch.setenv("POSTGRES_ENABLE_DB_FUNCTIONS", "y")
    again = CertificationApp(
        dict(app.env), hasher=app.hasher, keys=app.keys, pseudonyms=app.pseudonyms
    )
    try:
        assert again.env.get("PERSISTENCE_MODULE") == app.env.get("PERSISTENCE_MODULE")
        assert again.env.get("POSTGRES_ENABLE_DB_FUNCTIONS") is None
    finally:
        again.close()


def test_a_presence_confirmed_by_mistake_is_cancelled_until_a_start_spends_it(
    app: CertificationApp, clock: FakeClock
) -> None:
    s, other = school(app), school(app, "0693456G", "admin@lycee.fr")
    zoe = app.add_candidate(s.admin, s.session, pupil("Ménard", "Zoé")).id
    pix = dict.fromkeys(("1.1", "1.2", "2.1", "3.1", "4.1"), 16)
    app.record_profile(
        s.admin, s.centre, ProfileInput("Ménard", "Zoé", BORN, "Collecte", clock(), pix)
    )
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    clock.current = datetime.combine(SESSION_DAY, time(8, 0), UTC)
    room = invigilator_actor(s.session)
    app.start_session(room, s.session)
    app.join(app.get_session(s.admin, s.session).access_code, "Ménard", "Zoé", BORN, "ent-zoe")
    app.confirm_presence(room, s.session, zoe)
    with pytest.raises(errors.NotFound):
        app.cancel_presence(invigilator_actor(other.session), other.session, zoe)
    receipt = app.cancel_presence(room, s.session, zoe)
    [stored] = app.recorder.select_notifications(start=receipt.position, limit=1)
    assert stored.topic == "certif:Candidate.PresenceCancelled"
    assert (receipt.id, receipt.version) == (zoe, stored.originator_version)
    with pytest.raises(errors.StartNotAuthorised):
        app.start_test(zoe, "ent-zoe")
    app.confirm_presence(room, s.session, zoe)
    app.start_test(zoe, "ent-zoe")
    with pytest.raises(errors.PresenceNotCancellable):
        app.cancel_presence(room, s.session, zoe)
    assert app.position() == receipt.position + 3  # confirmed, started (candidate and session)
