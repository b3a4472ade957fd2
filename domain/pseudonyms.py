"""Keyed pseudonyms of a pupil: who they are, without naming them.

The duplicate rule of a session and the link between a pupil's profile and
their candidacies compare names and birthdates. They compare keyed digests
instead (HMAC-SHA-256 with a secret kept outside the event store), so that
nobody holding only the store can confirm a guessed name and birthdate.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.values import normalise_text

MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class Pseudonyms:
    """Derives the pseudonyms from one secret. Case, accents and spacing of
    the names do not change them; the scope (a session, a centre) does."""

    secret: bytes

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_SECRET_BYTES:
            raise ValueError(f"A pseudonym secret has at least {MIN_SECRET_BYTES} bytes.")

    def candidate(self, session_id: UUID, last_name: str, first_name: str, born: date) -> str:
        """The key of the duplicate rule: the same pupil twice in one session."""
        return self._digest("candidate", str(session_id), last_name, first_name, born)

    def pupil(self, centre_id: UUID | str, last_name: str, first_name: str, born: date) -> str:
        """Who a profile belongs to within a centre."""
        return self._digest("pupil", str(centre_id), last_name, first_name, born)

    def national_id(self, centre_id: UUID, national_id: str) -> str:
        """A school's pupil, import after import, without their national id."""
        return self._keyed("national-id", str(centre_id), national_id.strip().upper())

    def details(self, subject: UUID, *parts: str) -> str:
        """Whether someone's details changed, without keeping them in clear."""
        return self._keyed("details", str(subject), *parts)

    def _keyed(self, purpose: str, scope: str, *parts: str) -> str:
        source = "\x1f".join([purpose, scope, *parts])
        return hmac.new(self.secret, source.encode(), hashlib.sha256).hexdigest()[:32]

    def _digest(self, purpose: str, scope: str, last: str, first: str, born: date) -> str:
        source = "|".join([purpose, scope, normalise_text(last), normalise_text(first), str(born)])
        return hmac.new(self.secret, source.encode(), hashlib.sha256).hexdigest()[:32]
