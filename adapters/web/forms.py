"""What every area of the pages shares about forms: the fields as typed, a
file sent with a form, a refusal of the domain as the French error beside its
field, the read models given a moment to include what was just recorded, and
a session's name."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile

from adapters.web.messages import french
from application.app import CertificationApp
from domain import errors

FILE_FIELD = "fichier"


async def form_fields(request: Request) -> dict[str, str]:
    """The form's text fields as typed (the CSRF check has read it already;
    the files a page never takes are left out)."""
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Every value of each text field, for the fields a form repeats (ticked boxes)."""
    form = await request.form()
    found: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            found.setdefault(key, []).append(value)
    return found


@dataclass(frozen=True)
class Upload:
    """A file chosen in a form (multipart): its name as the browser sent it, its bytes."""

    name: str
    content: bytes


async def uploaded_file(request: Request) -> Upload | None:
    """The form's file field ``fichier``, read whole (the body guard has bounded its
    size by the upload limit); None when no file was chosen."""
    form = await request.form()
    sent = form.get(FILE_FIELD)
    if not isinstance(sent, UploadFile) or not sent.filename:
        return None
    return Upload(sent.filename, await sent.read())


def refusal(exc: errors.DomainError) -> tuple[dict[str, str], int]:
    """The French error beside its field, and 422 for invalid input or 409 for a rule."""
    status = 422 if isinstance(exc, errors.InvalidInput) else 409
    return {exc.field or "formulaire": french(exc)}, status


def caught_up(request: Request, app: CertificationApp, *names: str) -> bool:
    """Read-your-writes for pages: waits, briefly, until the read models named
    (every one, if none is) include every change recorded so far; False when
    they are still behind."""
    service = request.app.state.service
    wait: float = request.app.state.read_wait
    return bool(service.runner.wait_for(app.position(), wait, names=names or None))


def session_label(number: int | None, session_id: object = None) -> str:
    """'Session n°4512'; a session stored before numbers is named by its id's beginning."""
    if number is not None:
        return f"Session n°{number}"
    return f"Session {str(session_id)[:8]}" if session_id is not None else "Session"
