"""Bodies of invitations to administer a centre."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from adapters.http.schemas import Strict, Text
from application.invitations import InvitationView


class InvitationCreate(Strict):
    email: Text = Field(description="The address invited to administer the centre")


class InvitationSent(BaseModel):
    """The same answer whether or not the address has an account."""

    centre_id: UUID
    email: str
    status: Literal["invited"] = "invited"


class InvitationPublic(BaseModel):
    centre_id: UUID
    centre_name: str
    invited_at: dt.datetime

    @classmethod
    def of(cls, view: InvitationView) -> InvitationPublic:
        return cls(
            centre_id=view.centre_id, centre_name=view.centre_name, invited_at=view.invited_at
        )
