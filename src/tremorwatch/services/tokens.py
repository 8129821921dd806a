"""API tokens for scripts and apps: created, listed and revoked by their user.

A token is ``tw_`` + 32 random bytes (url-safe); only its SHA-256 is stored, with the first
characters kept as ``prefix`` so a person can tell tokens apart. A token acts as its user in
the family it was made in, with the user's current role there.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session

from tremorwatch.errors import NotFound
from tremorwatch.services.accounts import hash_secret
from tremorwatch.services.context import Actor
from tremorwatch.services.schemas import TokenCreate, TokenCreated, TokenPublic, validate
from tremorwatch.storage.base import utcnow
from tremorwatch.storage.models_accounts import ApiTokenRow
from tremorwatch.storage.repositories import accounts as repo

TOKEN_PREFIX = "tw_"


def create_token(
    session: Session, actor: Actor, data: TokenCreate | dict[str, Any]
) -> TokenCreated:
    """A new token for the actor; the secret is in the result only this once."""
    form = validate(TokenCreate, data)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiTokenRow(
        user_id=actor.user_id,
        family_id=actor.family_id,
        name=form.name,
        token_hash=hash_secret(secret),
        prefix=secret[:10],
    )
    session.add(row)
    session.commit()
    return TokenCreated(
        id=row.id, name=row.name, prefix=row.prefix, created_at=row.created_at, token=secret
    )


def list_tokens(session: Session, actor: Actor) -> list[TokenPublic]:
    """The actor's tokens in the current family, newest first (secrets never included)."""
    rows = repo.tokens_of_user(session, user_id=actor.user_id, family_id=actor.family_id)
    return [TokenPublic.model_validate(row) for row in rows]


def revoke_token(session: Session, actor: Actor, token_id: str) -> TokenPublic:
    """Revoke one of the actor's tokens (revoking twice is fine)."""
    row = repo.token_of_user(
        session, token_id=token_id, user_id=actor.user_id, family_id=actor.family_id
    )
    if row is None:
        raise NotFound("No such API token.", field="token_id")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.commit()
    return TokenPublic.model_validate(row)
