"""What the school administrator's pages share: the form as typed, the
schema's and the domain's refusals in French, the read models caught up,
the readiness checklist in French."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel, ValidationError

from adapters.web.forms import form_fields, refusal
from adapters.web.messages import field_errors
from application.app import CertificationApp
from application.views import CentreView
from domain import errors
from domain.rules import PUPILS_PER_INVIGILATOR, invigilators_needed
from domain.values import Role
from projections.engine import Doc
from projections.queries import invigilators_step

Model = TypeVar("Model", bound=BaseModel)
STEP_LABELS = {
    "candidates_enrolled": "Candidats inscrits",
    "all_certifiable": "Tous les candidats certifiables",
    "invigilators_named": "Surveillants nommés",
    "attendance_sheet_downloaded": "Feuille d'émargement téléchargée",
    "convocations_sent": "Convocations envoyées",
}
STEPS = tuple(STEP_LABELS)


class Refused(Exception):
    """A form to show again: its French errors by field, and the status to answer."""

    def __init__(self, found: dict[str, str], status: int) -> None:
        super().__init__(found)
        self.errors = found
        self.status = status


Typed = Annotated[dict[str, str], Depends(form_fields)]


def checked(schema: type[Model], typed: Mapping[str, Any]) -> Model:
    """The API's schema over the form: an empty field is a field not sent."""
    given = {k: v.strip() if isinstance(v, str) else v for k, v in typed.items()}
    given = {k: v for k, v in given.items() if v not in ("", None)}
    try:
        return schema.model_validate(given)
    except ValidationError as invalid:
        raise Refused(field_errors(invalid.errors()), 422) from None


def refused(exc: errors.DomainError) -> Refused:
    """A refusal of the domain beside its field: 422 for an input, 409 for a rule."""
    return Refused(*refusal(exc))


def version_of(typed: Mapping[str, str]) -> int | None:
    """The version the form was read at (the pages' If-Match)."""
    text = typed.get("version", "").strip()
    return int(text) if text.isdigit() else None


def may_change(app: CertificationApp, actor: UUID, centre: CentreView) -> bool:
    """Administrators of the centre and operators change it; readers only read."""
    return actor in centre.administrator_ids or app.role_of(actor) is Role.OPERATOR


def refuse_readers(app: CertificationApp, actor: UUID, centre_id: UUID) -> None:
    """Before a form is checked: a reader is told their role changes nothing,
    whatever they typed (the use case would refuse them too)."""
    if not may_change(app, actor, app.get_centre(actor, centre_id)):
        raise errors.Forbidden("Reviewers and auditors change nothing.")


def centre_crumbs(centre: CentreView) -> list[tuple[str, str | None]]:
    return [("Accueil", "/accueil"), (centre.name, f"/centres/{centre.id}")]


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count < 2 else many}"


def readiness_steps(
    session: Doc, not_yet: int, per_invigilator: int = PUPILS_PER_INVIGILATOR
) -> list[Doc]:
    """The checklist of queries.readiness from a session's row and its count of
    candidates not yet certifiable, each step's detail in French."""
    enrolled = session["enrolled"]
    named = session.get("invigilators", 0)
    needed = invigilators_needed(enrolled, per_invigilator)
    downloads, sent = session["sheet_downloads"], session["convocations_sent"]
    found = [
        (enrolled > 0, plural(enrolled, "candidat inscrit", "candidats inscrits")),
        (
            enrolled > 0 and not_yet == 0,
            plural(not_yet, "candidat pas encore certifiable", "candidats pas encore certifiables")
            if not_yet
            else ("tous certifiables" if enrolled else "aucun candidat"),
        ),
        (
            bool(invigilators_step(session, per_invigilator)["done"]),
            f"{plural(named, 'nommé', 'nommés')}, {plural(needed, 'requis', 'requis')}",
        ),
        (downloads > 0, f"téléchargée {downloads} fois" if downloads else "pas encore"),
        (enrolled > 0 and sent >= enrolled, f"{sent} sur {enrolled}"),
    ]
    return [
        {"step": name, "label": STEP_LABELS[name], "done": done, "detail": detail}
        for name, (done, detail) in zip(STEPS, found, strict=True)
    ]
