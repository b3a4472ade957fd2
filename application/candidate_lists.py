"""A session's candidate list as a file: a dry run that shows everything, then a
commit that applies exactly what the dry run showed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from application.candidates import CandidateUseCases, candidate_view
from application.commands import CandidateInput
from application.enrolment_files import TemplateFile, TemplateRow
from application.rosters import fault_row, problem_row
from application.service import retried_on_conflict
from application.views import CandidateView
from domain import errors, values
from domain.aggregates.candidate import Candidate
from domain.aggregates.candidate_record import CandidateRecord
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.values import CentreType


@dataclass(frozen=True)
class PlannedCandidate:
    """A row that adds a candidate, or changes one (``candidate_id`` then says whom)."""

    line: int
    given: CandidateInput
    extra_time: Decimal
    candidate_id: UUID | None = None


@dataclass(frozen=True)
class CandidateListPlan:
    """What the file would do to the session. ``token`` names this plan on this
    version of the session: the commit applies it only if it is still the same."""

    session_id: UUID
    session_version: int
    additions: tuple[PlannedCandidate, ...]
    changes: tuple[PlannedCandidate, ...]
    removals: tuple[CandidateView, ...]
    unchanged: int
    problems: tuple[dict[str, Any], ...]
    token: str


@dataclass(frozen=True)
class CandidateListResult:
    added: tuple[UUID, ...]
    changed: tuple[UUID, ...]
    removed: tuple[UUID, ...]
    position: int


@dataclass(frozen=True)
class CandidateList:
    centre_type: CentreType
    session_number: int | None
    candidates: tuple[CandidateView, ...]


@dataclass
class Planning:
    """A plan and the aggregates it was made from, to apply it in the same state."""

    plan: CandidateListPlan
    centre: Centre
    session: Session
    existing: dict[UUID, Candidate]
    records: dict[int, CandidateRecord]  # by line


class CandidateListUseCases(CandidateUseCases):
    """The candidate-list template of a session, for every kind of centre.

    Rules: every row is checked by the rules of one candidate (names, birth
    date, birth place, billing by the centre's type) and every fault is listed
    at once; two rows of one person are refused; a row matches the session's
    candidate of the same names and birthdate, whom it changes; a candidate
    missing from the file is removed, unless they have joined (then the file
    is refused); the commit applies the dry run's plan only, as one atomic
    save, and is refused if the session or the file changed meanwhile.
    """

    def candidate_list_of(self, actor: UUID, session_id: UUID) -> CandidateList:
        """What the template of the session holds: its centre's kind (which
        columns), its number, and its candidates not erased, in the sheet's order."""
        session = self.session_to_read(actor, session_id)
        centre = self.load(Centre, session.centre_id, "centre")
        candidates = [c for c in self.list_candidates(actor, session_id) if not c.erased]
        return CandidateList(centre.centre_type, session.number, tuple(candidates))

    def plan_candidate_list(
        self, actor: UUID, session_id: UUID, given: TemplateFile
    ) -> CandidateListPlan:
        return self._planning(actor, session_id, given).plan

    @retried_on_conflict
    def commit_candidate_list(
        self, actor: UUID, session_id: UUID, given: TemplateFile, token: str
    ) -> CandidateListResult:
        planning = self._planning(actor, session_id, given)
        plan, session = planning.plan, planning.session
        if plan.problems:
            raise errors.InvalidRows(
                f"{len(plan.problems)} faulty row(s): nothing was recorded.", list(plan.problems)
            )
        if plan.token != token:
            raise errors.CandidateListChanged(
                "The session or the file changed since the dry run: run it again.", field="token"
            )
        now, touched = self.now(), []
        for addition in plan.additions:
            record, centre = planning.records[addition.line], planning.centre
            candidate = Candidate.add(
                uuid4(),
                session.id,
                centre.id,
                centre.centre_type,
                record,
                addition.extra_time,
                actor,
                now,
            )
            session.enrol(candidate.id, self.identity_key(session.id, record), by=actor, at=now)
            touched.append(candidate)
        for changed in plan.changes:
            candidate = planning.existing[changed.candidate_id]  # type: ignore[index]
            record = planning.records[changed.line]
            if candidate.change_details(planning.centre.centre_type, record, by=actor, at=now):
                session.amend_entry(
                    candidate.id, self.identity_key(session.id, record), by=actor, at=now
                )
            candidate.note_extra_time(changed.extra_time, by=actor, at=now)
            touched.append(candidate)
        for removed in plan.removals:
            session.withdraw(removed.id, by=actor, at=now)
            planning.existing[removed.id].remove(by=actor, at=now)
            touched.append(planning.existing[removed.id])
        added = [c.id for c in touched[: len(plan.additions)]]
        self.prepare_keys(c.id for c in touched[: len(plan.additions)])
        position = self.commit(session, *touched) if touched else self.position()
        return CandidateListResult(
            tuple(added),
            tuple(c.candidate_id for c in plan.changes if c.candidate_id),
            tuple(r.id for r in plan.removals),
            position,
        )

    def _identity_of(self, session_id: UUID, given: CandidateInput) -> str | None:
        return identity_of_row(self.pseudonyms, session_id, given)

    def _planning(self, actor: UUID, session_id: UUID, given: TemplateFile) -> Planning:
        centre, session = self.session_for(actor, session_id)
        session.refuse_unless_open()
        today = centre.today(self.now())
        existing = {UUID(h): self.load(Candidate, UUID(h), "candidate") for h in session.roster}
        by_key = {session.roster[c.id.hex]: c for c in existing.values() if not c.erased}
        problems = [problem_row(p) for p in given.problems]
        seen: dict[str, int] = {}
        records: dict[int, CandidateRecord] = {}
        additions, changes, unchanged = [], [], 0
        faulty_lines = {p.line for p in given.problems}
        for row in given.rows:
            faults, checked = row_faults(row, centre.centre_type, today)
            problems += faults
            key = self._identity_of(session.id, row.candidate)
            if key is not None and key in seen:
                problems.append(duplicate_row(row.line, seen[key]))
                continue
            if key is not None:
                seen[key] = row.line
            if checked is None or key is None or row.line in faulty_lines:
                continue
            record = checked
            current = by_key.get(key)
            if current is None:
                records[row.line] = record
                additions.append(PlannedCandidate(row.line, row.candidate, row.extra_time))
                continue
            record = kept_fields(record, current)
            records[row.line] = record
            if record == current.record and row.extra_time == current.extra_time:
                unchanged += 1
            else:
                changes.append(
                    PlannedCandidate(row.line, row.candidate, row.extra_time, current.id)
                )
        removals = [candidate_view(c) for k, c in by_key.items() if k not in seen]
        problems += [joined_row(view) for view in removals if view.id.hex in session.joined]
        plan = CandidateListPlan(
            session.id,
            session.version,
            tuple(additions),
            tuple(changes),
            tuple(removals),
            unchanged,
            tuple(problems),
            "",
        )
        return Planning(replace(plan, token=token_of(plan)), centre, session, existing, records)


def identity_of_row(pseudonyms: Any, session_id: UUID, given: CandidateInput) -> str | None:
    """The duplicate rule's key of a row whose names and birthdate are valid."""
    try:
        last = values.required_name(given.last_name, "last_name")
        first = values.required_name(given.first_name, "first_name")
    except errors.InvalidInput:
        return None
    return str(pseudonyms.candidate(session_id, last, first, given.birthdate))


def row_faults(
    row: TemplateRow, centre_type: CentreType, today: date
) -> tuple[list[dict[str, Any]], CandidateRecord | None]:
    """Every fault of the row, each field checked on its own; the record when
    there is none."""
    given = row.candidate
    checks: list[Callable[[], object]] = [
        lambda: values.required_name(given.last_name, "last_name"),
        lambda: values.required_name(given.first_name, "first_name"),
        lambda: values.birthdate(given.birthdate, today),
        lambda: values.optional_text(given.external_id, "external_id"),
        lambda: values.email_address(given.convocation_email, "convocation_email"),
        lambda: values.email_address(given.results_email, "results_email"),
        lambda: values.extra_time(row.extra_time),
    ]
    faults = []
    for check in checks:
        try:
            check()
        except errors.InvalidInput as fault:
            faults.append(fault_row(row.line, fault))
    if faults:
        return faults, None
    try:
        record = given.to_record(today)
        record.check_for(centre_type)
    except errors.InvalidInput as fault:
        return [fault_row(row.line, fault)], None
    return [], record


def kept_fields(record: CandidateRecord, current: Candidate) -> CandidateRecord:
    """What the template has no column for stays as it was: the class, the
    accessibility flag; and a name typed in other capitals or without its
    accents keeps its spelling ("DURAND" is Durand)."""
    typed, kept = record.personal, current.personal
    personal = replace(
        typed,
        division=kept.division,
        last_name=same_name(typed.last_name, kept.last_name),
        first_name=same_name(typed.first_name, kept.first_name),
    )
    return replace(
        record, personal=personal, accessibility_adjustment=current.accessibility_adjustment
    )


def same_name(typed: str, kept: str) -> str:
    return kept if values.normalise_text(typed) == values.normalise_text(kept) else typed


def duplicate_row(line: int, first: int) -> dict[str, Any]:
    return {
        "row": line,
        "field": None,
        "rule": "duplicate-in-file",
        "message": f"The same names and birthdate as line {first}.",
        "value": str(first),
    }


def joined_row(view: CandidateView) -> dict[str, Any]:
    return {
        "row": 0,
        "field": None,
        "rule": "candidate-has-joined",
        "message": f"{view.first_name} {view.last_name} has joined the session: "
        "keep them in the file.",
        "value": f"{view.first_name} {view.last_name}",
    }


def token_of(plan: CandidateListPlan) -> str:
    """A digest of the plan and the session's version: the same file on the same
    session gives the same token, any change of either another."""
    content = repr(
        (
            plan.session_id,
            plan.session_version,
            plan.additions,
            plan.changes,
            [r.id for r in plan.removals],
            plan.problems,
        )
    )
    return hashlib.sha256(content.encode()).hexdigest()[:32]
