"""What the bulk-enrolment pages share: the file field, a school's own pages,
a refused file or list worded in French (its message, or each faulty row)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from adapters.imports.reading import FileRefused
from adapters.imports.wording import with_french
from adapters.web.forms import FILE_FIELD, Upload, form_lists, refusal, uploaded_file
from application.views import CentreView
from domain import errors
from domain.values import CentreType

Sent = Annotated[Upload | None, Depends(uploaded_file)]
Lists = Annotated[dict[str, list[str]], Depends(form_lists)]
# the use cases' field names, as the pages' forms name them
FORM_FIELDS = {"file": FILE_FIELD, "pupil_ids": "eleves", "pupils": "eleves"}
NO_FILE = "Choisissez le fichier à importer."


class FileFaults(Exception):
    """A refused file or list: the French errors by field, the faulty rows (each
    with its ``message_fr``), and the status to answer."""

    def __init__(self, found: dict[str, str], rows: list[dict[str, Any]], status: int) -> None:
        super().__init__(found)
        self.errors = found
        self.rows = rows
        self.status = status


def file_faults(exc: errors.DomainError) -> FileFaults:
    """A refusal of a file's reader or of a use case, for the page to show: a
    file not understood beside the file field, faulty rows listed, any other
    refusal beside its field (422 for input, 409 for a rule)."""
    if isinstance(exc, FileRefused):
        return FileFaults({FILE_FIELD: exc.french}, [], 422)
    if isinstance(exc, errors.InvalidRows):
        return FileFaults({}, with_french(exc.rows), 422)
    found, status = refusal(exc)
    return FileFaults({FORM_FIELDS.get(k, k): v for k, v in found.items()}, [], status)


def chosen(sent: Upload | None) -> Upload:
    """The file, or a refusal beside the file field when none was chosen."""
    if sent is None:
        raise FileFaults({FILE_FIELD: NO_FILE}, [], 422)
    return sent


def is_school(centre: CentreView) -> bool:
    return centre.centre_type is CentreType.SCO


def refuse_unless_school(centre: CentreView) -> None:
    """A roster, and enrolment from it, are pages of schools only."""
    if not is_school(centre):
        raise errors.NotFound("Only schools have a pupil roster.")
