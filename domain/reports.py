"""What invigilators and administrators report about a session: incidents,
fraud, and the finalisation form. Pure values and their rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from domain import errors, limits
from domain.text import safe_text

COMMENT_MAX_LENGTH = limits.COMMENT
TEXT_MAX_LENGTH = limits.REPORT_TEXT
MAX_QUESTION = 500

DESCRIBED = {
    "C1": "Name or birthdate change",
    "C2": "Extra-time change",
    "C4": "Signature issue",
    "C7": "Non-blocking technical issue",
    "C8": "Non-blocking candidate issue",
}
FRAUD = {"C6": "Fraud"}
ON_A_QUESTION = {
    "E1": "Image not displaying",
    "E2": "Embed not working",
    "E3": "File not opening",
    "E4": "Website unavailable",
    "E5": "Website blocked",
    "E8": "Extra time exceeded",
    "E9": "Software not working",
    "E10": "Unintentional focus-out",
    "E11": "Skip on error",
    "E12": "Accessibility issue",
}
CATEGORIES = DESCRIBED | FRAUD | ON_A_QUESTION
NO_ACTION_NEEDED = {"C2", "C4", "C7", "C8"}
"""Reports a reviewer need not act on, as the reference platform rules: an extra-time
change, a signature issue and non-blocking issues. The others (a name or birthdate
change, fraud, a problem on a question) change data, results or scoring."""


class AbortReason(Enum):
    CANDIDATE = "candidate"
    TECHNICAL = "technical"


@dataclass(frozen=True)
class IncidentReport:
    """One line of the incident report: a category code and what it requires."""

    category: str
    candidate_id: UUID | None
    description: str
    question_number: int | None

    @property
    def needs_action(self) -> bool:
        return self.category not in NO_ACTION_NEEDED


@dataclass(frozen=True)
class FraudReport:
    """The fraud report: who, what was observed, the witnesses, the measures taken."""

    candidate_id: UUID
    observed: str
    witnesses: str
    measures: str


@dataclass(frozen=True)
class Finalisation:
    """The finalisation form: the session's answers and each unfinished test's reason."""

    comment: str
    had_incident: bool
    joining_issues: bool
    abort_reasons: dict[str, AbortReason]
    candidate_comments: dict[str, str]


def incident_report(
    category: str, candidate_id: UUID | None, description: str | None, question: int | None
) -> IncidentReport:
    """The category's own requirement: a description (C codes), a question (E codes)."""
    code = category.strip().upper()
    if code not in CATEGORIES:
        known = ", ".join(CATEGORIES)
        raise errors.InvalidReport(
            f"Unknown category '{category}' (known: {known}).", field="category"
        )
    text = bounded_text(description, "description", TEXT_MAX_LENGTH)
    if code in DESCRIBED and not text:
        raise errors.InvalidReport(f"A {code} report needs a description.", field="description")
    if code in ON_A_QUESTION and (question is None or not 1 <= question <= MAX_QUESTION):
        raise errors.InvalidReport(
            f"A {code} report needs the question number, 1 to {MAX_QUESTION}.",
            field="question_number",
        )
    number = question if code in ON_A_QUESTION else None
    return IncidentReport(code, candidate_id, text, number)


def fraud_report(candidate_id: UUID, observed: str, witnesses: str, measures: str) -> FraudReport:
    text = bounded_text(observed, "observed", TEXT_MAX_LENGTH)
    if not text:
        raise errors.InvalidReport("Say what was observed.", field="observed")
    return FraudReport(
        candidate_id,
        text,
        bounded_text(witnesses, "witnesses", TEXT_MAX_LENGTH),
        bounded_text(measures, "measures", TEXT_MAX_LENGTH),
    )


def bounded_text(value: str | None, field: str, limit: int) -> str:
    text = safe_text(value or "", field).strip()
    if len(text) > limit:
        raise errors.InvalidReport(f"The {field} is limited to {limit} characters.", field=field)
    return text


def abort_reason(value: str, candidate_id: str) -> AbortReason:
    try:
        return AbortReason(value.strip().lower())
    except ValueError:
        raise errors.InvalidReport(
            f"Abort reason '{value}' of candidate {candidate_id} is neither 'candidate' "
            "nor 'technical'.",
            field="abort_reason",
        ) from None


@dataclass(frozen=True)
class EligibilityDecision:
    """Whether a candidate was certifiable when they joined, and on what grounds."""

    certifiable: bool
    rule_version: int
    positioned: int
    campaign: str | None
    captured_at: str | None


@dataclass(frozen=True)
class CertificationResult:
    """A candidate's result as the test engine reports it."""

    certified: bool
    score: int
    levels: dict[str, int]
