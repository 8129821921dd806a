"""Family settings: invitation links, joining, roles, API tokens."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from page_helpers import Caregiver, csrf_of, errors_of, sign_up


def _invite(owner: Caregiver, role: str = "caregiver") -> str:
    page = owner.post("/family/invitations", {"email": "", "role": role})
    assert page.status_code == 200
    link = re.search(r'id="invite-link" readonly value="([^"]+)"', page.text)
    assert link, "the invitation link is shown"
    return html.unescape(link.group(1)).rsplit("/", 1)[1]


def test_family_page_lists_the_owner(owner: Caregiver) -> None:
    page = owner.client.get("/family")
    assert page.status_code == 200
    assert "Alex" in page.text and "owner@example.org" in page.text
    assert "Invite another caregiver" in page.text


def test_invited_caregiver_signs_up_into_the_family(api_app: object, owner: Caregiver) -> None:
    code = _invite(owner)
    with TestClient(api_app) as client:  # type: ignore[arg-type]
        invitation = client.get(f"/invitations/{code}")
        assert invitation.status_code == 200
        assert "Create an account" in invitation.text
        second = sign_up(client, "partner@example.org", "Jo", invitation=code)
        assert "Jo" in second.client.get("/family").text
    assert "partner@example.org" in owner.client.get("/family").text


def test_existing_user_accepts_an_invitation(owner: Caregiver, stranger: Caregiver) -> None:
    code = _invite(owner, role="viewer")
    page = stranger.client.get(f"/invitations/{code}")
    assert "Join the family" in page.text
    joined = stranger.post("/invitations/accept", {"code": code})
    assert joined.status_code == 303
    assert "Alex" in stranger.client.get("/family").text  # now acting in the owner's family
    again = stranger.post("/invitations/accept", {"code": code})
    assert again.status_code == 400
    assert "This invitation has already been used" in again.text


def test_owner_changes_a_role_and_a_viewer_cannot_add_a_baby(
    api_app: object, owner: Caregiver
) -> None:
    code = _invite(owner, role="caregiver")
    with TestClient(api_app) as client:  # type: ignore[arg-type]
        member = sign_up(client, "gran@example.org", "Gran", invitation=code)
        family = owner.client.get("/family").text
        user_id = re.search(r'action="/family/members/([^/"]+)/role"', family)
        assert user_id
        changed = owner.post(f"/family/members/{user_id.group(1)}/role", {"role": "viewer"})
        assert changed.status_code == 303
        assert "Viewer" in owner.client.get("/family").text
        refused = member.post("/babies/new", {"name": "Leo", "date_of_birth": "2026-11-01"})
        assert refused.status_code == 403
        assert "Viewers can read the diary" in refused.text


def test_last_owner_cannot_step_down(owner: Caregiver) -> None:
    family = owner.client.get("/family").text
    assert "That is you" in family  # no role form for oneself


def test_api_token_is_shown_once_and_can_be_revoked(owner: Caregiver, client: TestClient) -> None:
    empty = owner.post("/family/tokens", {"name": ""})
    assert empty.status_code == 400
    assert errors_of(empty.text) == ["Enter what the token is for."]
    created = owner.post("/family/tokens", {"name": "Home tablet"})
    assert created.status_code == 201
    token = re.search(r'id="new-token" readonly value="([^"]+)"', created.text)
    assert token
    secret = html.unescape(token.group(1))
    api = client.get("/api/v1/infants", headers={"authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    listing = owner.client.get("/family/tokens").text
    assert secret not in listing  # shown once only
    token_id = re.search(r'action="/family/tokens/([^/"]+)/revoke"', listing)
    assert token_id
    assert owner.post(f"/family/tokens/{token_id.group(1)}/revoke").status_code == 303
    assert (
        client.get("/api/v1/infants", headers={"authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_invitation_form_needs_csrf(owner: Caregiver) -> None:
    forged = owner.client.post("/family/invitations", data={"role": "owner"})
    assert forged.status_code == 403
    assert "invite-link" not in forged.text


def test_csrf_token_of_another_session_is_refused(owner: Caregiver, stranger: Caregiver) -> None:
    foreign = csrf_of(stranger.client.get("/").text)
    forged = owner.client.post("/family/tokens", data={"csrf_token": foreign, "name": "x"})
    assert forged.status_code == 403
