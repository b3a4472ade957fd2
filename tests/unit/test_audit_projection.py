"""Specifications of the audit trail: given events, then entries."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from adapters.persistence.doc_codec import DocCodec
from adapters.persistence.memory_views import MemoryViewStore
from adapters.security import Argon2Hasher
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from application.sealing import MemorySubjectKeys, Sealer
from domain.actors import invigilator_actor
from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.reports import EligibilityDecision, fraud_report, incident_report
from domain.values import CentreType, Role
from projections.audit import DESCRIBERS, AuditProjection
from projections.audit_queries import as_json_lines, candidate_trail, session_trail
from projections.runner import ProjectionRunner
from tests.builders import pupil, school
from tests.unit.given import AT, TODAY, a_record, details

RESULTS_EMAIL = "anais.lefevre@famille.fr"
CERTIFIABLE = EligibilityDecision(True, 1, 6, "Collecte", None)


class History:
    """Events in the order one save after another records them."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.admin = Account.open(
            "admin@college.fr", "Claire Rousseau", "h", Role.ADMINISTRATOR, SYSTEM_ACTOR, AT
        )
        self.record(self.admin)

    def record(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.events.extend(aggregate.collect_events())


def projected(events: list[Any]) -> MemoryViewStore:
    """The events applied in one transaction, at positions 1, 2, 3…; each
    candidate has their key, as storing their first event would have made it."""
    keys = MemorySubjectKeys()
    for event in events:
        if isinstance(event, Candidate.Event):
            keys.get_or_create(event.originator_id)
    views = MemoryViewStore(DocCodec(Sealer(keys)))
    views.create_generation(AuditProjection.name, 1, 1, AuditProjection.version)
    views.activate(AuditProjection.name, 1)
    with views.transaction(AuditProjection.name, 1, 0, len(events)) as rows:
        for position, event in enumerate(events, start=1):
            AuditProjection().apply(event, position, rows)
    return views


def a_session_with_a_candidate(history: History) -> tuple[Session, Candidate]:
    """Created, then Anaïs Lefèvre added, each saved with its partner aggregate."""
    by = history.admin.id
    centre = Centre.register(uuid4(), "Collège", CentreType.SCO, "0691234S", "Europe/Paris", by, AT)
    centre.collect_events()  # its registration is no session's business
    session = Session.create(
        uuid4(), centre.id, details(), "BCDF23", "hash", TODAY, by, AT, number=4512
    )
    centre.schedule(session.id, session.details, by, AT)
    history.record(session, centre)
    record = a_record(last_name="Lefèvre", first_name="Anaïs", results_email=RESULTS_EMAIL)
    candidate = Candidate.add(
        uuid4(), session.id, centre.id, CentreType.SCO, record, Decimal(0), by, AT + timedelta(1)
    )
    session.enrol(candidate.id, "key", by, AT + timedelta(1))
    history.record(candidate, session)
    return session, candidate


def test_each_event_of_a_session_is_one_entry_in_log_order_with_who_and_when() -> None:
    history = History()
    session, _ = a_session_with_a_candidate(history)
    trail = session_trail(projected(history.events), str(session.id))
    assert [e["event"] for e in trail] == [
        "SessionCreated",
        "SessionScheduled",
        "CandidateAdded",
        "CandidateEnrolled",
    ]
    assert [e["position"] for e in trail] == [2, 3, 4, 5]
    assert {(e["by"], e["by_name"]) for e in trail} == {(str(history.admin.id), "Claire Rousseau")}
    assert [e["at"] for e in trail] == [AT.isoformat()] * 2 + [(AT + timedelta(1)).isoformat()] * 2
    assert trail[0]["topic"] == "certif:Session.SessionCreated"
    assert trail[0]["version"] == 1


def test_descriptions_say_what_happened_in_plain_french() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    by = history.admin.id
    candidate.note_extra_time(Decimal("0.33"), by, AT)
    session.amend_entry(candidate.id, "key", by, AT)
    history.record(candidate, session)
    session.change_details(details(date=date(2027, 3, 16), start_time=time(14, 0)), TODAY, by, AT)
    history.record(session)
    session.withdraw(candidate.id, by, AT)
    candidate.remove(by, AT)
    history.record(candidate, session)
    descriptions = [
        e["description"] for e in session_trail(projected(history.events), str(session.id))
    ]
    assert descriptions[:2] == [
        "Session du 15/03/2027 à 09:00 créée : Salle 101 (Bâtiment B), surveillance : M. Benali",
        "Créneau du 15/03/2027 à 09:00 réservé dans le calendrier du centre",
    ]
    assert descriptions[2:] == [
        "Inscription à la session : Anaïs Lefèvre",
        "Ajout à la liste de la session : Anaïs Lefèvre",
        "Temps majoré noté : 33 %",
        "Ligne de la liste de la session mise à jour : Anaïs Lefèvre",
        "Session déplacée au 16/03/2027 à 14:00, Salle 101",
        "Retrait de la session",
        "Retrait de la liste de la session : Anaïs Lefèvre",
    ]


def test_a_change_of_details_names_the_fields_but_never_their_values() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    changed = a_record(last_name="Lefebvre", first_name="Anaïs", results_email="new@famille.fr")
    candidate.change_details(CentreType.SCO, changed, history.admin.id, AT)
    history.record(candidate)
    views = projected(history.events)
    trail = session_trail(views, str(session.id))
    assert trail[-1]["description"] == (
        "Changement de nom : Anaïs Lefèvre devient Anaïs Lefebvre ; "
        "autres changements : e-mail des résultats"
    )
    everything = json.dumps(
        [views.read_all(AuditProjection.name, k) for k in ("entry", "candidate")]
    )
    assert RESULTS_EMAIL not in everything
    assert "new@famille.fr" not in everything


def test_a_candidates_trail_holds_its_events_and_the_sessions_events_about_them() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    other = Candidate.add(
        uuid4(),
        session.id,
        session.centre_id,
        CentreType.SCO,
        a_record(),
        Decimal(0),
        UUID(int=7),
        AT,
    )
    session.enrol(other.id, "other", UUID(int=7), AT)
    session.record_start(candidate.id, SYSTEM_ACTOR, AT)
    history.record(other, session)
    trail = candidate_trail(projected(history.events), str(candidate.id))
    assert [(e["event"], e["candidate_name"]) for e in trail] == [
        ("CandidateAdded", "Anaïs Lefèvre"),
        ("CandidateEnrolled", "Anaïs Lefèvre"),
        ("CandidateStarted", "Anaïs Lefèvre"),
    ]
    assert trail[-1]["by_name"] == "l'opérateur en ligne de commande"
    assert trail[-1]["description"] == "Début du test : Anaïs Lefèvre"


def test_a_fraud_report_and_an_incident_show_in_their_candidates_trail() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    session.name_invigilators(["M. Benali"], SYSTEM_ACTOR, AT)
    session.start(20, SYSTEM_ACTOR, AT)
    session.report_fraud(fraud_report(candidate.id, "Téléphone", "", ""), SYSTEM_ACTOR, AT)
    session.report_incident(incident_report("C7", candidate.id, "Écran", None), SYSTEM_ACTOR, AT)
    history.record(session)
    trail = candidate_trail(projected(history.events), str(candidate.id))
    reports = [e for e in trail if e["event"] in ("FraudReported", "IncidentReported")]
    assert [(e["event"], e["candidate_id"]) for e in reports] == [
        ("FraudReported", str(candidate.id)),
        ("IncidentReported", str(candidate.id)),
    ]


def test_an_event_applied_again_at_its_position_leaves_a_single_entry() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    views = projected(history.events)
    before = session_trail(views, str(session.id))
    last = len(history.events)
    with views.transaction(AuditProjection.name, 1, last, last) as rows:
        AuditProjection().apply(history.events[-1], last, rows)
    assert session_trail(views, str(session.id)) == before
    assert len(candidate_trail(views, str(candidate.id))) == 2


def test_two_runners_catching_up_twice_write_each_entry_once() -> None:
    app = CertificationApp({"PERSISTENCE_MODULE": "eventsourcing.popo"}, hasher=Argon2Hasher(1, 64))
    s = school(app)
    app.add_candidate(s.admin, s.session, pupil("Lefèvre", "Anaïs"))
    views = MemoryViewStore(DocCodec(Sealer(app.keys)))
    runners = [
        ProjectionRunner(app.recorder, app.mapper, views, [AuditProjection], app) for _ in "ab"
    ]
    for runner in [*runners, *runners]:
        runner.catch_up()
    positions = [e["position"] for e in session_trail(views, str(s.session))]
    assert positions == sorted(set(positions))
    assert len(positions) == 4


def test_every_event_of_sessions_and_candidates_has_a_description() -> None:
    for aggregate in (Session, Candidate):
        events = {
            value
            for value in vars(aggregate).values()
            if isinstance(value, type)
            and issubclass(value, aggregate.Event)
            and "TOPIC" in vars(value)  # the library's own unused Created has no topic
        } - {aggregate.Event}
        assert len(events) >= 4
        assert events <= set(DESCRIBERS), f"{aggregate.__name__} events without a description"


def test_the_json_lines_export_has_one_entry_per_line() -> None:
    history = History()
    session, _ = a_session_with_a_candidate(history)
    trail = session_trail(projected(history.events), str(session.id))
    lines = as_json_lines(trail).splitlines(keepends=True)
    assert len(lines) == 4
    assert all(line.endswith("\n") for line in lines)
    assert [json.loads(line) for line in lines] == trail
    assert as_json_lines([]) == ""


def test_the_invigilator_and_the_pupil_who_act_are_named_never_a_bare_id() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    room = invigilator_actor(session.id)
    session.name_invigilators(["M. Benali"], history.admin.id, AT)
    session.start(20, room, AT)
    session.record_join(candidate.id, by=candidate.id, at=AT)
    history.record(session)
    trail = session_trail(projected(history.events), str(session.id))
    started, joined = trail[-2:]
    assert started["by_name"] == "le surveillant de la session 4512"
    assert started["description"] == "Session démarrée par le surveillant"
    assert joined["by_name"] == "Anaïs Lefèvre"
    assert joined["description"] == "Arrivée dans la session : Anaïs Lefèvre"
    names = {entry["by_name"] for entry in trail}
    assert all(str(actor) not in names for actor in (room, candidate.id, history.admin.id))


def test_an_account_the_trail_never_saw_opened_is_named_by_a_short_prefix() -> None:
    history = History()
    session, _ = a_session_with_a_candidate(history)
    session.renew_invigilator_password("other-hash", UUID(int=7), AT)
    history.record(session)
    last = session_trail(projected(history.events), str(session.id))[-1]
    assert last["by_name"] == "compte #00000000"
    assert last["description"] == "Mot de passe du surveillant renouvelé"


def test_a_cancelled_presence_names_the_candidate_and_the_invigilator_who_cancelled_it() -> None:
    history = History()
    session, candidate = a_session_with_a_candidate(history)
    room = invigilator_actor(session.id)
    session.name_invigilators(["M. Benali"], history.admin.id, AT)
    session.start(20, room, AT)
    session.record_join(candidate.id, by=candidate.id, at=AT)
    candidate.join("ent-anais", CERTIFIABLE, candidate.id, AT)
    candidate.confirm_presence(room, AT)
    candidate.cancel_presence(room, AT + timedelta(minutes=1))
    history.record(session, candidate)
    trail = candidate_trail(projected(history.events), str(candidate.id))
    confirmed, cancelled = trail[-2:]
    assert confirmed["description"] == "Présence confirmée : début du test autorisé"
    assert cancelled["event"] == "PresenceCancelled"
    assert cancelled["description"] == "Présence annulée par le surveillant : Anaïs Lefèvre"
    assert cancelled["by_name"] == "le surveillant de la session 4512"
    assert cancelled["at"] == (AT + timedelta(minutes=1)).isoformat()
