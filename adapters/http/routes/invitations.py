"""Invitations to administer a centre: sent by its administrators, answered by the addressee."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from adapters.http.deps import Actor, App, IfMatch, stamp
from adapters.http.invitation_schemas import InvitationCreate, InvitationPublic, InvitationSent
from adapters.http.schemas import CentrePublic
from application.invitations import invitation_address

router = APIRouter(tags=["invitations"])


@router.post(
    "/centres/{centre_id}/invitations",
    response_model=InvitationSent,
    status_code=status.HTTP_202_ACCEPTED,
)
def invite(
    centre_id: UUID,
    body: InvitationCreate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> InvitationSent:
    """Invite an address to administer the centre; the answer never tells if it has an account."""
    stamp(response, app.invite_administrator(actor, centre_id, body.email, version))
    return InvitationSent(centre_id=centre_id, email=invitation_address(body.email))


@router.get("/me/invitations", response_model=list[InvitationPublic])
def my_invitations(app: App, actor: Actor) -> list[InvitationPublic]:
    """The invitations waiting at the signed-in account's address."""
    return [InvitationPublic.of(view) for view in app.pending_invitations(actor)]


@router.post("/me/invitations/{centre_id}/acceptance", response_model=CentrePublic)
def accept(centre_id: UUID, app: App, actor: Actor, response: Response) -> CentrePublic:
    """Accept the centre's invitation: the account becomes one of its administrators."""
    stamp(response, app.accept_invitation(actor, centre_id))
    return CentrePublic.of(app.get_centre(actor, centre_id))


@router.delete("/me/invitations/{centre_id}", status_code=status.HTTP_204_NO_CONTENT)
def decline(centre_id: UUID, app: App, actor: Actor, response: Response) -> None:
    """Decline the centre's invitation."""
    stamp(response, app.decline_invitation(actor, centre_id))
