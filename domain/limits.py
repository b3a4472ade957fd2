"""How long each text a person types may be: the one home of every length
limit. The domain refuses longer values with these figures; the HTTP bodies
and the pages' forms declare the same figures, so that the API document, the
forms and the domain never disagree."""

from __future__ import annotations

NAME = 255
"""A name, a room, a pupil account, any one-line text."""

EMAIL = 320
"""An e-mail address (64 + @ + 255)."""

OBSERVATIONS = 2000
"""A candidate's or a session's observations."""

REPORT_TEXT = 2000
"""An incident's or a fraud's description, what was observed, the measures."""

COMMENT = 500
"""A finalisation or review comment, a cancellation's reason."""

REASON = 500
"""Why a rule changed or data was erased."""

CAMPAIGN = 100
"""A profile collection campaign's name."""

ACCESS_CODE = 16
"""What a pupil may type as the session's access code (spaces and dashes included)."""

PASSWORD = 1024
"""A password typed in (argon2 hashes any length; this bounds the work)."""

INVIGILATORS = 50
"""Invigilators named for one session."""

CANDIDATE_OUTCOMES = 1000
"""Candidates in one finalisation form."""

SEARCH = 100
"""A search or a short field of a page's form."""
