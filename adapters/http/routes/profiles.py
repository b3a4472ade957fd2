"""Competence profiles, one at a time or from a campaign's CSV file."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Response, status

from adapters import profiles_csv
from adapters.http.deps import Actor, App, stamp
from adapters.http.view_schemas import ProfileCreate, Recorded
from application.eligibility import ProfileInput
from domain import errors

router = APIRouter(tags=["profiles"])
CSV_BODY = Body(media_type="text/csv", description="See GET /profiles/template.csv")


@router.post(
    "/centres/{centre_id}/profiles", response_model=Recorded, status_code=status.HTTP_201_CREATED
)
def record_profile(
    centre_id: UUID, body: ProfileCreate, app: App, actor: Actor, response: Response
) -> Recorded:
    """Record one capture of a pupil's profile (kept beside the earlier ones)."""
    receipt = app.record_profile(actor, centre_id, ProfileInput(**body.model_dump()))
    stamp(response, receipt)
    return Recorded(
        id=str(receipt.id), version=receipt.version, recorded=1, position=receipt.position
    )


@router.post(
    "/centres/{centre_id}/profiles/bulk",
    response_model=Recorded,
    status_code=status.HTTP_201_CREATED,
)
def record_profiles(
    centre_id: UUID,
    app: App,
    actor: Actor,
    body: Annotated[bytes, CSV_BODY],
    response: Response,
) -> Recorded:
    """Record a campaign's CSV export: every row, or none if any row is faulty."""
    rows, faults = profiles_csv.parse(decode(body))
    if not rows and not faults:
        raise errors.InvalidInput("The file has no profile rows.", field="file")
    try:
        position = app.record_profiles(actor, centre_id, [p for _, p in rows], dry_run=bool(faults))
    except errors.InvalidRows as refused:
        faults += [file_fault(rows, fault) for fault in refused.rows]
    if faults:
        listed = [f.as_dict() for f in sorted(faults, key=lambda f: f.line)]
        raise errors.InvalidRows(f"{len(listed)} faulty row(s): nothing was recorded.", listed)
    response.headers["Certif-Position"] = str(position)
    return Recorded(recorded=len(rows), position=position)


def file_fault(
    rows: list[tuple[int, ProfileInput]], fault: dict[str, object]
) -> profiles_csv.RowFault:
    """A fault the application found in the n-th parsed row, at its line in the file."""
    line = rows[int(str(fault["row"])) - 1][0]
    field = str(fault["field"]) if fault["field"] else None
    return profiles_csv.RowFault(line, field, str(fault["message"]))


@router.get("/profiles/template.csv", response_class=Response)
def profiles_template() -> Response:
    """The CSV columns a bulk file must have, with one example row."""
    headers = {"Content-Disposition": 'attachment; filename="profiles-template.csv"'}
    return Response(profiles_csv.template(), media_type="text/csv; charset=utf-8", headers=headers)


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
