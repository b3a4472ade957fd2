"""The certification application: every use case over one event store."""

from __future__ import annotations

from application.accounts import AccountUseCases
from application.candidate_lists import CandidateListUseCases
from application.candidates import CandidateUseCases
from application.centres import CentreUseCases
from application.closing import ClosingUseCases
from application.documents import DocumentUseCases
from application.eligibility import EligibilityUseCases
from application.enrolment import EnrolmentUseCases
from application.erasure import ErasureUseCases
from application.invigilation import InvigilationUseCases
from application.replay import ReplayUseCases
from application.sessions import SessionUseCases
from application.sitting import SittingUseCases
from application.tokens import TokenUseCases


class CertificationApp(
    AccountUseCases,
    CentreUseCases,
    SessionUseCases,
    ErasureUseCases,
    EnrolmentUseCases,
    CandidateListUseCases,
    CandidateUseCases,
    SittingUseCases,
    EligibilityUseCases,
    ReplayUseCases,
    DocumentUseCases,
    InvigilationUseCases,
    ClosingUseCases,
    TokenUseCases,
):
    """Centres, sessions and candidates of digital-skills certification.

    Every change is an event; uniqueness across aggregates is held by
    reservations and derived ids saved in the same atomic save as the change.
    """

    name = "certif"
