"""Use cases of a school's roster: importing it, reading it, erasing a pupil."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.enrolment_files import FRANCE_COUNTRY_CODE, RosterFile, RosterPupil, RowProblem
from application.service import ServiceBase, retried_on_conflict
from application.views import Receipt
from domain import errors, values
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.pupil import Pupil, PupilDetails
from domain.aggregates.roster import Roster
from domain.name_order import name_order
from domain.values import CentreType, PersonalData

WARNINGS = frozenset({"national-id-format"})
"""Faults of a row that are reported without refusing the file: an INE of an
unusual form is still the school's own identifier of the pupil."""


@dataclass(frozen=True)
class RosterReport:
    """What an import did, and what the file held that it set aside."""

    listed: int
    changed: int
    unchanged: int
    gone: int
    returned: int
    skipped_left: int
    skipped_without_class: int
    skipped_erased: int
    recorded: bool
    position: int
    warnings: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class PupilView:
    id: UUID
    version: int
    last_name: str
    usage_name: str | None
    first_name: str
    birthdate: date | None
    sex: str | None
    division: str | None
    gone: bool
    erased: bool
    sessions: tuple[UUID, ...]


class RosterUseCases(ServiceBase):
    """A school's pupils, from the roster files its pupil-records system exports.

    Rules: the file's school code is the centre's; a faulty row refuses the
    whole file, so nothing is stored from a file that was not understood;
    pupils who left or have no class are skipped and counted; a pupil missing
    from a new import is marked gone, never deleted; the same file twice
    changes nothing. The roster and every pupil it changes are one atomic save.
    """

    @retried_on_conflict
    def import_roster(self, actor: UUID, centre_id: UUID, given: RosterFile) -> RosterReport:
        centre = self.centre_for(actor, centre_id)
        refuse_foreign_roster(centre, given.school_code)
        now = self.now()
        kept, counts = kept_pupils(given.pupils, centre.today(now))
        warnings = [problem_row(p) for p in given.problems if p.rule in WARNINGS]
        faults = [p for p in given.problems if p.rule not in WARNINGS]
        found = self._checked(centre, kept, faults, centre.today(now))
        roster = self.roster_of(centre.id, actor)
        listed, changed, returned, touched = {}, {}, [], []
        for pupil_id, details in found.items():
            digest = self.details_digest(pupil_id, details)
            if pupil_id.hex in roster.erased:
                counts["skipped_erased"] += 1
            elif pupil_id.hex not in roster.entries:
                touched.append(Pupil.list(pupil_id, centre.id, details, actor, now))
                listed[pupil_id.hex] = digest
            elif roster.entries[pupil_id.hex] != digest or pupil_id.hex in roster.gone:
                pupil = self.load(Pupil, pupil_id, "pupil")
                pupil.come_back(actor, now)
                pupil.change_details(details, actor, now)
                touched.append(pupil)
                changed[pupil_id.hex] = digest
                returned += [pupil_id.hex] if pupil_id.hex in roster.gone else []
        gone = [p.hex for p in roster.present if p not in found]
        for gone_id in gone:
            leaving = self.load(Pupil, UUID(gone_id), "pupil")
            leaving.leave(actor, now)
            touched.append(leaving)
        counts["unchanged"] = len(found) - len(listed) - len(changed) - counts["skipped_erased"]
        recorded = roster.record_import(
            given.format, listed, changed, gone, returned, counts, by=actor, at=now
        )
        self.prepare_keys(p.id for p in touched if p.version == 1)
        position = self.commit(roster, *touched) if recorded else self.position()
        return RosterReport(
            listed=len(listed),
            changed=len(changed) - len(returned),
            unchanged=counts["unchanged"],
            gone=len(gone),
            returned=len(returned),
            skipped_left=counts["skipped_left"],
            skipped_without_class=counts["skipped_without_class"],
            skipped_erased=counts["skipped_erased"],
            recorded=recorded,
            position=position,
            warnings=tuple(warnings),
        )

    def list_pupils(
        self,
        actor: UUID,
        centre_id: UUID,
        *,
        division: str | None = None,
        search: str | None = None,
        gone_too: bool = False,
    ) -> list[PupilView]:
        """The roster's pupils in the sheets' name order, filtered by class and
        by a search on the names (case and accents aside)."""
        centre = self.centre_to_read(actor, centre_id)
        wanted = values.normalise_text(search or "")
        views = []
        for pupil in self.pupils_of(centre.id, gone_too=gone_too):
            view = pupil_view(pupil)
            if division and (view.division or "") != division:
                continue
            names = values.normalise_text(
                f"{view.last_name} {view.usage_name or ''} {view.first_name}"
            )
            if wanted and wanted not in names:
                continue
            views.append(view)
        return sorted(views, key=lambda v: name_order(v.last_name, v.first_name))

    def get_pupil(self, actor: UUID, centre_id: UUID, pupil_id: UUID) -> PupilView:
        centre = self.centre_to_read(actor, centre_id)
        return pupil_view(self.pupil_of(centre, pupil_id))

    def roster_divisions(self, actor: UUID, centre_id: UUID) -> list[str]:
        """The classes of the pupils present, in order."""
        centre = self.centre_to_read(actor, centre_id)
        found = {p.personal.division for p in self.pupils_of(centre.id) if p.personal.division}
        return sorted(found, key=values.normalise_text)

    def erase_pupil(self, actor: UUID, centre_id: UUID, pupil_id: UUID, reason: str) -> Receipt:
        """Erases the pupil and every candidate they were enrolled as, for good."""
        centre = self.centre_for(actor, centre_id)
        pupil = self.pupil_of(centre, pupil_id)
        now = self.now()
        pupil.erase(reason, by=actor, at=now)
        candidates = [
            self.load(Candidate, UUID(hex_id), "candidate") for hex_id in pupil.enrolments.values()
        ]
        for candidate in candidates:
            candidate.erase(reason, by=actor, at=now)
        roster = self.roster_of(centre.id, actor)
        roster.forget(pupil.id, by=actor, at=now)
        position = self.commit(roster, pupil, *candidates)
        for subject in [pupil.id, *(c.id for c in candidates)]:
            self.keys.destroy(subject)
        return Receipt(pupil.id, pupil.version, position)

    # Helpers ---------------------------------------------------------------

    def roster_of(self, centre_id: UUID, actor: UUID) -> Roster:
        roster_id = Roster.id_for(centre_id)
        if self.exists(roster_id):
            return self.load(Roster, roster_id, "roster")
        return Roster.open(centre_id, by=actor, at=self.now())

    def pupils_of(self, centre_id: UUID, *, gone_too: bool = False) -> list[Pupil]:
        roster_id = Roster.id_for(centre_id)
        if not self.exists(roster_id):
            return []
        roster = self.load(Roster, roster_id, "roster")
        ids = [UUID(h) for h in roster.entries] if gone_too else roster.present
        return [self.load(Pupil, pupil_id, "pupil") for pupil_id in ids]

    def pupil_of(self, centre: Centre, pupil_id: UUID) -> Pupil:
        pupil = self.load(Pupil, pupil_id, "pupil")
        if pupil.centre_id != centre.id:
            raise errors.NotFound("No such pupil in this centre.")
        return pupil

    def details_digest(self, pupil_id: UUID, details: PupilDetails) -> str:
        personal = details.personal
        place = personal.birth_place
        parts = [
            personal.last_name,
            personal.first_name,
            str(personal.birthdate),
            personal.sex.value if personal.sex else "",
            place.insee_code or "" if place else "",
            personal.division or "",
            details.usage_name or "",
            details.birth_country_code or "",
            details.birth_city or "",
        ]
        return self.pseudonyms.details(pupil_id, *parts)

    def _checked(
        self,
        centre: Centre,
        pupils: Iterable[RosterPupil],
        problems: Iterable[RowProblem],
        today: date,
    ) -> dict[UUID, PupilDetails]:
        """Each pupil's details under the domain's rules, by pupil id; any fault
        refuses the file with every fault listed."""
        faults = [problem_row(p) for p in problems]
        found: dict[UUID, PupilDetails] = {}
        lines: dict[UUID, int] = {}
        for row in pupils:
            pupil_id = Pupil.id_for(
                centre.id, self.pseudonyms.national_id(centre.id, row.national_id)
            )
            try:
                details = pupil_details(row, today)
            except errors.InvalidInput as fault:
                faults.append(fault_row(row.line, fault))
                continue
            if pupil_id in found:
                faults.append(
                    {
                        "row": row.line,
                        "field": "national_id",
                        "rule": "duplicate-national-id",
                        "message": f"The same national id as line {lines[pupil_id]}.",
                        "value": None,
                    }
                )
                continue
            found[pupil_id], lines[pupil_id] = details, row.line
        if faults:
            raise errors.InvalidRows(f"{len(faults)} faulty row(s): nothing was imported.", faults)
        return found


def refuse_foreign_roster(centre: Centre, school_code: str | None) -> None:
    if centre.centre_type is not CentreType.SCO:
        raise errors.RosterForSchoolsOnly("Only schools import a pupil roster.")
    if school_code and school_code.strip().upper() != centre.national_code.upper():
        raise errors.RosterOfAnotherCentre(
            f"This roster is of the school {school_code.strip().upper()}, "
            f"not of {centre.national_code}.",
            field="file",
        )


def kept_pupils(
    pupils: Iterable[RosterPupil], today: date
) -> tuple[list[RosterPupil], dict[str, int]]:
    """The pupils still at school with a class; the others counted."""
    counts = {"skipped_left": 0, "skipped_without_class": 0, "skipped_erased": 0}
    kept = []
    for pupil in pupils:
        if pupil.left_on is not None and pupil.left_on <= today:
            counts["skipped_left"] += 1
        elif not (pupil.division or "").strip():
            counts["skipped_without_class"] += 1
        else:
            kept.append(pupil)
    return kept, counts


def pupil_details(row: RosterPupil, today: date) -> PupilDetails:
    """The roster's row under the rules of a candidate's own fields."""
    insee = values.optional_text(row.birth_insee_code, "birth_insee_code")
    in_france = (row.birth_country_code or FRANCE_COUNTRY_CODE).strip() == FRANCE_COUNTRY_CODE
    place = None
    if in_france and insee:
        place = values.birth_place(values.FRANCE, insee, None, None)
    personal = PersonalData(
        last_name=values.required_name(row.last_name, "last_name"),
        first_name=values.required_name(row.first_name, "first_name"),
        birthdate=values.birthdate(row.birthdate, today),
        sex=row.sex,
        birth_place=place,
        division=values.optional_text(row.division, "division"),
    )
    return PupilDetails(
        personal,
        usage_name=values.optional_text(row.usage_name, "usage_name"),
        birth_country_code=None if in_france else values.optional_text(row.birth_country_code),
        birth_city=None if in_france else values.optional_text(row.birth_city, "birth_city"),
    )


def fault_row(line: int, fault: errors.DomainError) -> dict[str, object]:
    return {
        "row": line,
        "field": fault.field,
        "rule": fault.rule,
        "message": fault.message,
        "value": None,
    }


def problem_row(problem: RowProblem) -> dict[str, object]:
    return {
        "row": problem.line,
        "field": problem.field,
        "rule": problem.rule,
        "message": problem.detail,
        "value": problem.value,
    }


def pupil_view(pupil: Pupil) -> PupilView:
    personal = pupil.personal
    return PupilView(
        id=pupil.id,
        version=pupil.version,
        last_name=personal.last_name,
        usage_name=pupil.usage_name,
        first_name=personal.first_name,
        birthdate=personal.birthdate,
        sex=personal.sex.value if personal.sex else None,
        division=personal.division,
        gone=pupil.gone,
        erased=pupil.erased or personal.erased,
        sessions=tuple(UUID(hex_id) for hex_id in pupil.enrolments),
    )
