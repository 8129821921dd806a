"""Accounts, families, roles, invitations and API tokens, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tremorwatch.errors import AccessDenied, Conflict, InputError, NotFound, RateLimited
from tremorwatch.services import accounts, families, infants, tokens
from tremorwatch.services.context import Role
from tremorwatch.storage.models_accounts import ApiTokenRow, InvitationRow, UserRow

PASSWORD = "correct horse battery"


def _signup(rt: Any, email: str, **extra: Any) -> accounts.Actor:
    with rt.session() as s:
        return accounts.sign_up(
            s,
            {
                "email": email,
                "password": PASSWORD,
                "display_name": email.split("@", maxsplit=1)[0],
                **extra,
            },
        )


def test_sign_up_founds_a_family_and_hashes_the_password(runtime: Any) -> None:
    actor = _signup(runtime, "Ann@Example.org")
    assert actor.role is Role.OWNER
    assert actor.email == "ann@example.org"
    with runtime.session() as s:
        user = s.scalar(select(UserRow).where(UserRow.id == actor.user_id))
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert families.family_of(s, actor).name == "Ann's family"


def test_duplicate_email_is_a_conflict_whatever_the_case(runtime: Any) -> None:
    _signup(runtime, "ann@example.org")
    with pytest.raises(Conflict, match="already exists") as info:
        _signup(runtime, "ANN@example.org")
    assert info.value.field == "email"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"email": "not-an-email"}, "email"), ({"password": "short"}, "password")],
)
def test_bad_sign_up_names_the_field(runtime: Any, change: dict[str, str], field: str) -> None:
    data = {"email": "a@example.org", "password": PASSWORD, "display_name": "A", **change}
    with runtime.session() as s, pytest.raises(InputError) as info:
        accounts.sign_up(s, data)
    assert info.value.field == field


def test_login_checks_the_password_with_one_message_for_both_mistakes(runtime: Any) -> None:
    _signup(runtime, "ann@example.org")
    with runtime.session() as s:
        actor = accounts.authenticate(s, {"email": " ANN@example.org ", "password": PASSWORD})
        assert actor.email == "ann@example.org"
        with pytest.raises(AccessDenied) as wrong_password:
            accounts.authenticate(s, {"email": "ann@example.org", "password": "nope nope nope"})
        with pytest.raises(AccessDenied) as unknown_user:
            accounts.authenticate(s, {"email": "bob@example.org", "password": PASSWORD})
    assert wrong_password.value.message == unknown_user.value.message
    assert wrong_password.value.code == "bad_credentials"


def test_login_is_throttled_after_repeated_failures(runtime: Any) -> None:
    _signup(runtime, "ann@example.org")
    throttle = accounts.LoginThrottle(runtime.sessions, max_failures=3, window_s=60)
    bad = {"email": "ann@example.org", "password": "wrong password!"}
    with runtime.session() as s:
        for _ in range(3):
            with pytest.raises(AccessDenied):
                accounts.authenticate(s, bad, throttle=throttle, client="1.2.3.4")
        with pytest.raises(RateLimited, match="Too many failed sign-in attempts"):
            accounts.authenticate(
                s, {"email": "ann@example.org", "password": PASSWORD}, throttle=throttle
            )
        # another account from the same client is blocked too (password spraying)
        with pytest.raises(RateLimited):
            accounts.authenticate(
                s,
                {"email": "x@example.org", "password": PASSWORD},
                throttle=throttle,
                client="1.2.3.4",
            )


def test_invitation_adds_a_caregiver_once(runtime: Any) -> None:
    owner = _signup(runtime, "ann@example.org")
    with runtime.session() as s:
        created = families.invite(s, owner, {"role": "caregiver"})
    assert len(created.token) >= 40
    second = _signup(runtime, "bob@example.org", invitation=created.token)
    assert second.family_id == owner.family_id
    assert second.role is Role.CAREGIVER
    with runtime.session() as s:
        names = {m.email: m.role for m in families.members(s, owner)}
        assert names == {"ann@example.org": Role.OWNER, "bob@example.org": Role.CAREGIVER}
        stored = s.scalar(select(InvitationRow))
        assert stored.token_hash != created.token
    with pytest.raises(InputError, match="already been used"):
        _signup(runtime, "eve@example.org", invitation=created.token)


def test_expired_or_unknown_invitation_is_refused_and_no_account_is_left(runtime: Any) -> None:
    owner = _signup(runtime, "ann@example.org")
    with runtime.session() as s:
        created = families.invite(s, owner, {"role": "viewer"})
        row = s.scalar(select(InvitationRow))
        row.expires_at = row.created_at - timedelta(days=1)
        s.commit()
    with pytest.raises(InputError, match="expired"):
        _signup(runtime, "bob@example.org", invitation=created.token)
    with pytest.raises(InputError, match="not valid"):
        _signup(runtime, "bob@example.org", invitation="made-up")
    with runtime.session() as s:
        assert s.scalar(select(UserRow).where(UserRow.email == "bob@example.org")) is None


def test_roles_limit_what_members_can_do(runtime: Any) -> None:
    owner = _signup(runtime, "ann@example.org")
    with runtime.session() as s:
        code = families.invite(s, owner, {"role": "viewer"}).token
    viewer = _signup(runtime, "val@example.org", invitation=code)
    baby = {"name": "Bo", "date_of_birth": "2026-10-01"}
    with runtime.session() as s:
        with pytest.raises(AccessDenied, match="Viewers can read"):
            infants.add_infant(s, viewer, baby)
        with pytest.raises(AccessDenied, match="Only the family's owner"):
            families.invite(s, viewer, {})
        added = infants.add_infant(s, owner, baby)
        assert [i.id for i in infants.list_infants(s, viewer)] == [added.id]
        with pytest.raises(Conflict, match="at least one owner"):
            families.change_role(s, owner, owner.user_id, "caregiver")
        changed = families.change_role(s, owner, viewer.user_id, "caregiver")
        assert changed.role is Role.CAREGIVER


def test_api_tokens_are_hashed_and_revocable(runtime: Any) -> None:
    owner = _signup(runtime, "ann@example.org")
    with runtime.session() as s:
        created = tokens.create_token(s, owner, {"name": "my script"})
        assert created.token.startswith("tw_")
        stored = s.scalar(select(ApiTokenRow))
        assert stored.token_hash != created.token and created.token not in stored.token_hash
        actor = accounts.actor_for_token(s, created.token)
        assert actor is not None and actor.user_id == owner.user_id and actor.via == "token"
        assert accounts.actor_for_token(s, created.token + "x") is None
        listed = tokens.list_tokens(s, owner)
        assert [t.id for t in listed] == [created.id]
        assert "token" not in listed[0].model_dump()
        tokens.revoke_token(s, owner, created.id)
        assert accounts.actor_for_token(s, created.token) is None


def test_another_users_token_cannot_be_revoked(runtime: Any) -> None:
    ann = _signup(runtime, "ann@example.org")
    bob = _signup(runtime, "bob@example.org")
    with runtime.session() as s:
        created = tokens.create_token(s, ann, {"name": "ann's"})
        with pytest.raises(NotFound):
            tokens.revoke_token(s, bob, created.id)
        assert accounts.actor_for_token(s, created.token) is not None
