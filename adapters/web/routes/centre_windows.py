"""A centre's certification windows: rows to add and remove, with the version check."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App
from adapters.http.schemas import WindowSchema
from adapters.web.cookies import Csrf, PageActor
from adapters.web.messages import french
from adapters.web.routes.admin_common import Refused, Typed, checked, may_change, version_of
from adapters.web.routes.centre import centre_context
from adapters.web.templating import render
from application.views import CentreView
from domain import errors
from domain.values import certification_window

router = APIRouter(include_in_schema=False)
FIELDS = ("label", "first_day", "last_day")
MAX_ROWS = 20
Row = dict[str, str]


def windows_page(
    request: Request,
    app: App,
    actor: UUID,
    centre: CentreView,
    rows: list[Row],
    found: dict[str, str],
    status: int = 200,
    version: int | None = None,
) -> Response:
    context = centre_context(app, actor, centre, "Périodes de certification")
    context["crumbs"] = [*context["crumbs"], ("Périodes de certification", None)]
    context.update(
        rows=rows,
        errors=found,
        version=centre.version if version is None else version,
        max_rows=MAX_ROWS,
    )
    return render(request, "centre/windows.html", context, status)


def empty_row() -> Row:
    return {"label": "", "first_day": "", "last_day": ""}


@router.get("/centres/{centre_id}/periodes")
def windows_form(request: Request, centre_id: UUID, app: App, actor: PageActor) -> Response:
    centre = app.get_centre(actor, centre_id)
    rows = [
        {"label": w.label, "first_day": w.first_day.isoformat(), "last_day": w.last_day.isoformat()}
        for w in centre.windows
    ]
    return windows_page(request, app, actor, centre, [*rows, empty_row()], {})


def typed_rows(typed: dict[str, str]) -> list[Row]:
    """The rows as typed, in order, without those marked for removal."""
    indexes = sorted(
        {int(k.split("_")[-1]) for k in typed if k.startswith("label_") and k[6:].isdigit()}
    )
    rows = []
    for i in indexes[:MAX_ROWS]:
        if typed.get(f"remove_{i}"):
            continue
        rows.append({name: typed.get(f"{name}_{i}", "").strip() for name in FIELDS})
    return rows


def checked_rows(rows: list[Row]) -> list[WindowSchema]:
    """Each filled row through the API's schema, then the domain's rule, its
    errors beside its own fields (label_0, last_day_1...)."""
    found: dict[str, str] = {}
    chosen = []
    for i, row in enumerate(rows):
        if not any(row.values()):
            continue
        try:
            window = checked(WindowSchema, row)
            certification_window(window.label, window.first_day, window.last_day)
            chosen.append(window)
        except Refused as no:
            found.update({f"{name}_{i}": text for name, text in no.errors.items()})
        except errors.InvalidInput as exc:
            found[f"{exc.field or 'label'}_{i}"] = french(exc)
    if found:
        raise Refused(found, 422)
    return chosen


@router.post("/centres/{centre_id}/periodes", dependencies=[Csrf])
def set_windows(
    request: Request, centre_id: UUID, app: App, actor: PageActor, typed: Typed
) -> Response:
    """Same use case as PUT /api/v1/centres/{id}/certification-windows (If-Match: version)."""
    centre = app.get_centre(actor, centre_id)
    if not may_change(app, actor, centre):  # before the form is checked: readers change nothing
        raise errors.Forbidden("Readers change no certification window.")
    rows, version = typed_rows(typed), version_of(typed)
    if typed.get("action") == "ajouter":  # one more row to fill; nothing is saved yet
        rows = [*rows, empty_row()][:MAX_ROWS]
        return windows_page(request, app, actor, centre, rows, {}, 200, version)
    try:
        windows = checked_rows(rows)
        try:
            app.set_certification_windows(
                actor, centre_id, [(w.label, w.first_day, w.last_day) for w in windows], version
            )
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise Refused({"formulaire": french(exc)}, 409) from None
    except Refused as no:
        shown = rows or [empty_row()]
        return windows_page(request, app, actor, centre, shown, no.errors, no.status, version)
    return RedirectResponse(f"/centres/{centre_id}?fait=periodes", status_code=303)
