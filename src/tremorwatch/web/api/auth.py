"""Sign-up, sign-in (session cookie or API token), sign-out, and API tokens."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from tremorwatch.services import accounts, families, tokens
from tremorwatch.services.context import Actor
from tremorwatch.services.schemas import (
    FamilyPublic,
    Login,
    SignUp,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserPublic,
)
from tremorwatch.web.deps import ApiActor, DbSession, RuntimeDep
from tremorwatch.web.security import client_key, csrf_token, sign_in, sign_out

router = APIRouter(prefix="/auth", tags=["auth"])


class SessionInfo(BaseModel):
    """The signed-in user, the current family, and the CSRF token for unsafe requests."""

    user: UserPublic
    family: FamilyPublic
    csrf_token: str = Field(description="Send as X-CSRF-Token with POST/PATCH/DELETE.")


class TokenLogin(Login):
    name: str = Field(min_length=1, max_length=80, description="What the token is for.")


def _session_info(request: Request, db: DbSession, actor: Actor) -> SessionInfo:
    return SessionInfo(
        user=UserPublic(id=actor.user_id, email=actor.email, display_name=actor.display_name),
        family=families.family_of(db, actor),
        csrf_token=csrf_token(request),
    )


@router.post("/signup", status_code=201, response_model=SessionInfo)
def signup(data: SignUp, request: Request, db: DbSession) -> SessionInfo:
    """Create an account (and a family, or join one with an invitation code); signs in."""
    actor = accounts.sign_up(db, data)
    sign_in(request, actor)
    return _session_info(request, db, actor)


@router.post("/login", response_model=SessionInfo)
async def login(data: Login, request: Request, runtime: RuntimeDep) -> SessionInfo:
    """Sign in with e-mail and password: sets the session cookie."""

    def work() -> SessionInfo:
        with runtime.session() as db:
            actor = accounts.authenticate(
                db, data, throttle=runtime.throttle, client=client_key(request)
            )
            sign_in(request, actor)
            return _session_info(request, db, actor)

    return await run_in_threadpool(work)


@router.post("/token", status_code=201, response_model=TokenCreated)
def login_for_token(data: TokenLogin, request: Request, runtime: RuntimeDep) -> TokenCreated:
    """Sign in with e-mail and password and get a new API token (no cookie)."""
    with runtime.session() as db:
        actor = accounts.authenticate(
            db,
            Login(email=data.email, password=data.password),
            throttle=runtime.throttle,
            client=client_key(request),
        )
        actor = dataclasses.replace(actor, via="token")
        return tokens.create_token(db, actor, TokenCreate(name=data.name))


@router.post("/logout", status_code=204)
def logout(request: Request) -> None:
    """End the session (nothing to do for API tokens: revoke them instead)."""
    sign_out(request)


@router.get("/me", response_model=SessionInfo)
def me(request: Request, actor: ApiActor, db: DbSession) -> SessionInfo:
    """Who is signed in."""
    return _session_info(request, db, actor)


@router.get("/tokens", response_model=list[TokenPublic])
def list_tokens(actor: ApiActor, db: DbSession) -> list[TokenPublic]:
    """Your API tokens in the current family (never the secrets)."""
    return tokens.list_tokens(db, actor)


@router.post("/tokens", status_code=201, response_model=TokenCreated)
def create_token(data: TokenCreate, actor: ApiActor, db: DbSession) -> TokenCreated:
    """A new API token; the secret is in this response only."""
    return tokens.create_token(db, actor, data)


@router.delete("/tokens/{token_id}", response_model=TokenPublic)
def revoke_token(token_id: str, actor: ApiActor, db: DbSession) -> TokenPublic:
    """Revoke an API token."""
    return tokens.revoke_token(db, actor, token_id)
