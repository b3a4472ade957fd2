"""Specifications of the Candidate and Centre aggregates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain import errors
from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.invitation_box import InvitationBox
from domain.values import BillingMode, CentreType, Role, Sex, certification_window
from tests.unit.given import (
    ADMIN,
    AT,
    a_candidate,
    a_centre,
    a_record,
    a_session,
    details,
    given,
    then,
)


def test_a_school_candidate_needs_no_birth_place_nor_billing_mode() -> None:
    candidate = Candidate.add(
        uuid4(), uuid4(), uuid4(), CentreType.SCO, a_record(), Decimal(0), ADMIN, AT
    )
    assert then(candidate) == ["CandidateAdded"]
    assert candidate.personal.birth_place is None


def test_a_school_candidate_with_a_billing_mode_is_refused() -> None:
    with pytest.raises(errors.InvalidBillingMode):
        Candidate.add(
            uuid4(),
            uuid4(),
            uuid4(),
            CentreType.SCO,
            a_record(billing_mode=BillingMode.FREE),
            Decimal(0),
            ADMIN,
            AT,
        )


@pytest.mark.parametrize("centre_type", [CentreType.SUP, CentreType.PRO])
def test_outside_schools_billing_mode_and_birth_place_are_required(centre_type: CentreType) -> None:
    with pytest.raises(errors.InvalidBillingMode):
        Candidate.add(
            uuid4(), uuid4(), uuid4(), centre_type, a_record(sex=Sex.F), Decimal(0), ADMIN, AT
        )
    with pytest.raises(errors.InvalidBirthPlace):
        Candidate.add(
            uuid4(),
            uuid4(),
            uuid4(),
            centre_type,
            a_record(sex=Sex.F, billing_mode=BillingMode.PAID),
            Decimal(0),
            ADMIN,
            AT,
        )
    complete = a_record(
        sex=Sex.F, billing_mode=BillingMode.PAID, birth_country="France", birth_insee_code="69123"
    )
    candidate = Candidate.add(
        uuid4(), uuid4(), uuid4(), centre_type, complete, Decimal(0), ADMIN, AT
    )
    assert then(candidate) == ["CandidateAdded"]


def test_changing_a_candidates_details_records_the_whole_personal_block() -> None:
    candidate = a_candidate(a_session())
    changed = candidate.change_details(CentreType.SCO, a_record(first_name="Élise"), ADMIN, AT)
    events = candidate.collect_events()
    assert changed
    assert [type(e).__name__ for e in events] == ["CandidateDetailsChanged"]
    assert events[0].personal.first_name == "Élise"  # type: ignore[attr-defined]


def test_extra_time_noted_twice_with_the_same_ratio_records_once() -> None:
    candidate = a_candidate(a_session())
    assert candidate.note_extra_time(Decimal("0.33"), ADMIN, AT)
    assert not candidate.note_extra_time(Decimal("0.33"), ADMIN, AT)
    assert then(candidate) == ["ExtraTimeNoted"]


def test_a_removed_candidate_stays_removed() -> None:
    candidate = a_candidate(a_session())
    candidate.remove(ADMIN, AT)
    assert then(candidate) == ["CandidateRemoved"]
    with pytest.raises(errors.CandidateRemoved):
        candidate.note_extra_time(Decimal("0.5"), ADMIN, AT)


def test_two_sessions_of_a_centre_cannot_share_room_date_and_time() -> None:
    centre = a_centre()
    centre.schedule(uuid4(), details(), ADMIN, AT)
    with pytest.raises(errors.SlotTaken):
        centre.schedule(uuid4(), details(room=" salle  101 "), ADMIN, AT)
    centre.schedule(uuid4(), details(room="CDI"), ADMIN, AT)


def test_a_session_outside_the_configured_window_is_refused() -> None:
    centre = a_centre()
    window = certification_window("Collège (3e)", date(2027, 3, 8), date(2027, 5, 20))
    centre.set_windows([window], ADMIN, AT)
    with pytest.raises(errors.OutsideCertificationWindow):
        centre.schedule(uuid4(), details(date=date(2027, 6, 1)), ADMIN, AT)
    centre.schedule(uuid4(), details(date=date(2027, 5, 20)), ADMIN, AT)


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(errors.InvalidCertificationWindow):
        certification_window("x", date(2027, 5, 20), date(2027, 3, 8))


def test_granting_administration_twice_is_refused() -> None:
    centre = a_centre()
    with pytest.raises(errors.AlreadyAdministrator):
        centre.grant_administration(ADMIN, ADMIN, AT)


def test_an_invited_address_accepted_becomes_administrator_with_who_and_when() -> None:
    centre, colleague = a_centre(), uuid4()
    centre.invite_administrator("cpe@college.fr", ADMIN, AT)
    assert not centre.invite_administrator("cpe@college.fr", ADMIN, AT)
    centre.accept_invitation(colleague, "cpe@college.fr", colleague, AT)
    invited, accepted = centre.collect_events()
    assert (type(invited).__name__, invited.email, invited.by, invited.at) == (
        "AdministratorInvited",
        "cpe@college.fr",
        ADMIN,
        AT,
    )
    assert (type(accepted).__name__, accepted.account_id, accepted.by) == (
        "InvitationAccepted",
        colleague,
        colleague,
    )
    assert centre.is_administered_by(colleague)
    assert centre.invited == []


def test_an_invitation_declined_or_never_sent_cannot_be_accepted() -> None:
    centre = a_centre()
    with pytest.raises(errors.NoSuchInvitation):
        centre.accept_invitation(uuid4(), "cpe@college.fr", ADMIN, AT)
    centre.invite_administrator("cpe@college.fr", ADMIN, AT)
    centre.decline_invitation("cpe@college.fr", ADMIN, AT)
    assert then(centre) == ["AdministratorInvited", "InvitationDeclined"]
    with pytest.raises(errors.NoSuchInvitation):
        centre.accept_invitation(uuid4(), "cpe@college.fr", ADMIN, AT)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.AUDITOR, Role.OPERATOR])
def test_only_an_administrators_account_is_granted_a_centre(role: Role) -> None:
    staff = given(Account.open("staff@certif.fr", "Staff", "h", role, ADMIN, AT))
    with pytest.raises(errors.CannotAdministerCentres):
        staff.grant_centre(uuid4(), ADMIN, AT)
    assert then(staff) == []


def test_an_invitation_box_lists_what_waits_and_forgets_what_is_answered() -> None:
    box, first, second = InvitationBox.open("cpe@college.fr", ADMIN, AT), uuid4(), uuid4()
    box.receive(first, ADMIN, AT)
    box.receive(second, ADMIN, AT)
    box.receive(first, ADMIN, AT)
    box.answer(first, accepted=False, by=ADMIN, at=AT)
    assert box.centre_ids() == [second]
    assert box.id == InvitationBox.id_for(" CPE@college.fr")
    with pytest.raises(errors.NoSuchInvitation):
        box.answer(first, accepted=True, by=ADMIN, at=AT)
    assert then(box) == [
        "BoxOpened",
        "InvitationReceived",
        "InvitationReceived",
        "InvitationAnswered",
    ]


def test_a_rescheduled_session_frees_its_old_slot() -> None:
    centre, moved = a_centre(), uuid4()
    centre.schedule(moved, details(), ADMIN, AT)
    centre.reschedule(moved, details(room="CDI"), ADMIN, AT)
    centre.schedule(uuid4(), details(), ADMIN, AT)
    assert then(centre) == ["SessionScheduled", "SessionRescheduled", "SessionScheduled"]


def test_a_session_outside_new_windows_may_still_change_its_room_but_not_its_date() -> None:
    centre, kept = a_centre(), uuid4()
    centre.schedule(kept, details(date=date(2027, 6, 10)), ADMIN, AT)
    window = certification_window("Collège (3e)", date(2027, 3, 8), date(2027, 5, 20))
    centre.set_windows([window], ADMIN, AT)
    centre.reschedule(kept, details(date=date(2027, 6, 10), room="CDI"), ADMIN, AT)
    with pytest.raises(errors.OutsideCertificationWindow):
        centre.reschedule(kept, details(date=date(2027, 6, 11), room="CDI"), ADMIN, AT)
