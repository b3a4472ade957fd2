"""An upload read for the application: checked against its name, then read, and
the faults of the application worded in French beside its English detail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from adapters.imports.candidate_template import read_template
from adapters.imports.rosters import read_roster
from adapters.imports.tables import UnreadableFile
from adapters.imports.uploads import checked_claim
from adapters.imports.wording import with_french
from application.enrolment_files import RosterFile, TemplateFile
from domain import errors
from domain.values import CentreType


class FileRefused(errors.InvalidInput):
    """A file that is not what it claims, or not one the service reads."""

    rule = "file-unreadable"

    def __init__(self, refusal: UnreadableFile) -> None:
        super().__init__(refusal.detail, field="file")
        self.french = refusal.french


def roster_from(content: bytes, filename: str) -> RosterFile:
    try:
        return read_roster(checked_claim(content, filename), filename)
    except UnreadableFile as refusal:
        raise FileRefused(refusal) from None


def template_from(content: bytes, filename: str, centre_type: CentreType) -> TemplateFile:
    try:
        return read_template(checked_claim(content, filename), filename, centre_type)
    except UnreadableFile as refusal:
        raise FileRefused(refusal) from None


@contextmanager
def rows_in_french() -> Iterator[None]:
    """A refusal listing rows lists them with their French sentence too."""
    try:
        yield
    except errors.InvalidRows as refused:
        raise errors.InvalidRows(refused.message, with_french(refused.rows)) from None
