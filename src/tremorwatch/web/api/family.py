"""The family: members, roles and invitations."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from tremorwatch.services import families
from tremorwatch.services.context import Role
from tremorwatch.services.schemas import (
    FamilyPublic,
    FamilySettings,
    InvitationCreate,
    InvitationCreated,
    InvitationPublic,
    MemberPublic,
)
from tremorwatch.web.deps import ApiActor, DbSession
from tremorwatch.web.security import sign_in

router = APIRouter(prefix="/family", tags=["family"])


class RoleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role


class Join(BaseModel):
    model_config = ConfigDict(extra="forbid")
    invitation: str = Field(min_length=1, max_length=200)


@router.get("", response_model=FamilyPublic)
def get_family(actor: ApiActor, db: DbSession) -> FamilyPublic:
    """Your current family and your role in it."""
    return families.family_of(db, actor)


@router.patch("", response_model=FamilyPublic)
def update_family_settings(data: FamilySettings, actor: ApiActor, db: DbSession) -> FamilyPublic:
    """Set the family's country (emergency number), time zone and temperature unit (owner)."""
    return families.update_settings(db, actor, data)


@router.get("/members", response_model=list[MemberPublic])
def list_members(actor: ApiActor, db: DbSession) -> list[MemberPublic]:
    """Everyone in the family."""
    return families.members(db, actor)


@router.patch("/members/{user_id}", response_model=MemberPublic)
def change_role(user_id: str, data: RoleChange, actor: ApiActor, db: DbSession) -> MemberPublic:
    """Change a member's role (owners only)."""
    return families.change_role(db, actor, user_id, data.role)


@router.delete("/members/{user_id}", status_code=204)
def remove_member(user_id: str, actor: ApiActor, db: DbSession) -> None:
    """Remove a member (owners only; anyone may leave)."""
    families.remove_member(db, actor, user_id)


@router.get("/invitations", response_model=list[InvitationPublic])
def list_invitations(actor: ApiActor, db: DbSession) -> list[InvitationPublic]:
    """The family's invitations (owners only)."""
    return families.invitations(db, actor)


@router.post("/invitations", status_code=201, response_model=InvitationCreated)
def invite(data: InvitationCreate, actor: ApiActor, db: DbSession) -> InvitationCreated:
    """Invite a second caregiver (owners only); the code is in this response only."""
    return families.invite(db, actor, data)


@router.post("/join", response_model=FamilyPublic)
def join(data: Join, request: Request, actor: ApiActor, db: DbSession) -> FamilyPublic:
    """Join another family with an invitation code; it becomes your current family."""
    joined = families.accept_invitation(db, actor.user_id, data.invitation)
    if actor.via == "session":
        sign_in(request, joined)
    return families.family_of(db, joined)
