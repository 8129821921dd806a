"""Cross-family and role matrix over the app's WHOLE route table: no route leaks a family.

The routes are read from ``app.routes`` (API, caregiver pages, clinician pages, share links),
every method of every route. Each is called with family A's ids by every kind of outsider:

* family B's owner, caregiver and viewer (session cookie on pages, API token on the API);
* an anonymous visitor;
* a share-link visitor (someone who opened B's link, with its cookie and nothing else).

A route with A's ids must answer 404 or 403 to B's members (or, on ``/s/`` routes, to B's own
link used for A's recording), 401 or a redirect to sign in to the others, and no body may
contain anything of A (names, notes, e-mail, any of A's ids). Routes without ids are called
too (reads) or are listed in :data:`NO_ID_WRITES` with why they need no foreign-id check.
Afterwards A's data is checked unchanged.

Fails loudly when the table grows: a path parameter without a value in :data:`PARAMS`, or a
write route without ids missing from :data:`NO_ID_WRITES`, or a route whose body is not
known (it answers 422 before the access check: add it to :data:`BODIES`).

Capability parameters are the exception by design: a share token (``/s/{token}``) and an
invitation code are bearer secrets, so here they are the outsider's own link or a made-up
code; what they must not open is A's data (A's recording through B's link). Share links
outside their baby, their date range, expired or revoked are in ``clinician/test_share_links``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
SECRET_NAME = "Victoria Zyx"
SECRET_NOTE = "victim-note-7781"
A_EMAIL = "victim.owner@example.org"
CSV = b"time_s,ax,ay,az\n" + b"".join(f"{i / 100:.2f},0.1,0.02,9.81\n".encode() for i in range(300))
EPISODE = {"started_at": "2026-11-21T10:00:00Z", "duration_s": 5, "body_parts": ["left_leg"]}

#: Valid request bodies ((METHOD, path) -> request kwargs), so only the access check refuses.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/api/v1/infants/{infant_id}"): {"json": {"name": "Hacked"}},
    ("POST", "/api/v1/infants/{infant_id}/episodes"): {"json": EPISODE},
    ("POST", "/api/v1/infants/{infant_id}/assessments"): {
        "json": {"episode": {"stops_with_gentle_hold": "yes"}}
    },
    ("PATCH", "/api/v1/episodes/{episode_id}"): {"json": {"notes": "hacked"}},
    ("POST", "/api/v1/episodes/{episode_id}/recordings"): {
        "files": {"file": ("a.csv", CSV, "text/csv")}
    },
    ("PATCH", "/api/v1/family/members/{user_id}"): {"json": {"role": "viewer"}},
    ("POST", "/api/v1/infants/{infant_id}/milestones"): {
        "json": {"answers": {"m02_looks_at_face": "yes"}}
    },
    ("POST", "/api/v1/infants/{infant_id}/shares"): {
        "json": {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    },
    ("POST", "/babies/{infant_id}/edit"): {
        "data": {"name": "Taken", "date_of_birth": "2026-11-01"}
    },
    ("POST", "/babies/{infant_id}/episodes/new"): {
        "data": {"started_at": "2026-11-01T10:00"},
        "files": {"video": ("", b"", "application/octet-stream")},
    },
    ("POST", "/babies/{infant_id}/milestones"): {"data": {"m02_looks_at_face": "yes"}},
    ("POST", "/babies/{infant_id}/shares"): {
        "data": {"date_from": "2026-11-01", "date_to": "2026-11-30", "days": "7"}
    },
    ("POST", "/episodes/{episode_id}/edit"): {
        "data": {"started_at": "2026-11-01T10:00", "notes": "changed"}
    },
    ("POST", "/episodes/{episode_id}/recordings"): {"files": {"video": ("x.csv", CSV, "text/csv")}},
    ("POST", "/family/members/{user_id}/role"): {"data": {"role": "viewer"}},
    ("POST", "/s/{token}"): {"data": {"passcode": "guess"}},
}

#: Write routes without any id: they act on the caller's own account, family or request only,
#: so there is no other family's id to try (each is covered by its own tests).
NO_ID_WRITES = {
    ("POST", "/language"): "sets the caller's own language (cookie or account); no id",
    ("POST", "/api/v1/assessments"): "stateless triage, nothing stored",
    ("POST", "/api/v1/auth/login"): "signs the caller in",
    ("POST", "/api/v1/auth/logout"): "signs the caller out",
    ("POST", "/api/v1/auth/signup"): "makes a new family",
    ("POST", "/api/v1/auth/token"): "password -> token for the caller",
    ("POST", "/api/v1/auth/tokens"): "a token for the caller's own family",
    ("POST", "/api/v1/family/delete"): "deletes the caller's own family",
    ("POST", "/api/v1/family/invitations"): "invites into the caller's own family",
    ("POST", "/api/v1/family/join"): "a code (bearer secret) joins its family",
    ("POST", "/api/v1/infants"): "adds a baby to the caller's own family",
    ("PATCH", "/api/v1/family"): "settings of the caller's own family (owner)",
    ("POST", "/family/settings"): "settings of the caller's own family (owner)",
    ("POST", "/country"): "the visitor's own country choice (emergency number)",
    ("POST", "/babies/new"): "adds a baby to the caller's own family",
    ("POST", "/check"): "the interview; saving needs the caller's own baby (test_page_check)",
    ("POST", "/family/delete"): "deletes the caller's own family",
    ("POST", "/family/invitations"): "invites into the caller's own family",
    ("POST", "/family/tokens"): "a token for the caller's own family",
    ("POST", "/invitations/accept"): "a code (bearer secret) joins its family",
    ("POST", "/login"): "signs the caller in",
    ("POST", "/logout"): "signs the caller out",
    ("POST", "/signup"): "makes a new family",
}

#: Routes outside the app's own code (framework pages), skipped.
FRAMEWORK = {"/api/v1/docs", "/docs/oauth2-redirect", "/api/v1/openapi.json"}


@dataclass
class Who:
    """One outsider: a page client (cookies) and an API client (bearer), and what they are."""

    label: str
    page: TestClient
    api: TestClient
    api_headers: dict[str, str] = field(default_factory=dict)
    signed_in: bool = False

    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.page.get("/").text)
        return match.group(1) if match else ""


def walk_routes(routes: Any) -> Iterator[Any]:
    """Every route of the app, through included routers."""
    for route in routes:
        nested = getattr(route, "effective_route_contexts", None)
        if nested is not None:
            yield from walk_routes(nested())
        else:
            yield route


def route_table(app: Any) -> list[tuple[str, str]]:
    table = set()
    for route in walk_routes(app.routes):
        path = getattr(route, "path", None)
        methods = getattr(route, "methods", None) or set()
        if path is None or path in FRAMEWORK or not methods:
            continue
        table.update((m, path) for m in methods - {"HEAD", "OPTIONS"})
    return sorted(table, key=lambda mp: (mp[1], mp[0]))


def _signup(client: TestClient, email: str) -> dict[str, Any]:
    r = client.post(
        "/api/v1/auth/signup",
        json={
            "email": email,
            "password": PASSWORD,
            "display_name": email.split("@", maxsplit=1)[0],
        },
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def _token(client: TestClient, csrf: str) -> tuple[str, dict[str, str]]:
    r = client.post("/api/v1/auth/tokens", json={"name": "m"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return r.json()["id"], {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture
def world(api_app: Any) -> Iterator[dict[str, Any]]:
    clients: list[TestClient] = []

    def new_client() -> TestClient:
        c = TestClient(api_app)
        c.__enter__()
        clients.append(c)
        return c

    # family A, the victim: every kind of id it has
    a_page = new_client()
    a_user = _signup(a_page, A_EMAIL)
    a_token_id, a_auth = _token(a_page, a_user["csrf_token"])
    a = new_client()
    infant = a.post(
        "/api/v1/infants", json={"name": SECRET_NAME, "date_of_birth": "2026-09-01"}, headers=a_auth
    ).json()["infant"]["id"]
    episode = a.post(
        f"/api/v1/infants/{infant}/episodes", json={**EPISODE, "notes": SECRET_NOTE}, headers=a_auth
    ).json()["episode"]["id"]
    recording = a.post(
        f"/api/v1/episodes/{episode}/recordings",
        files={"file": ("walk.csv", CSV, "text/csv")},
        headers=a_auth,
    ).json()["id"]
    assessment = a.post(
        f"/api/v1/infants/{infant}/assessments",
        json={"episode": {"stops_with_gentle_hold": "yes"}},
        headers=a_auth,
    ).json()["id"]
    share = a.post(
        f"/api/v1/infants/{infant}/shares",
        json={"date_from": "2026-11-01", "date_to": "2026-11-30"},
        headers=a_auth,
    ).json()
    invitation = a.post(
        "/api/v1/family/invitations", json={"role": "caregiver"}, headers=a_auth
    ).json()
    milestones = a.post(
        f"/api/v1/infants/{infant}/milestones",
        json={"answers": {"m02_looks_at_face": "yes"}},
        headers=a_auth,
    )
    assert milestones.status_code in {200, 201}, milestones.text
    ids = {
        "infant_id": infant,
        "episode_id": episode,
        "recording_id": recording,
        "assessment_id": assessment,
        "share_id": share["id"],
        "invitation_id": invitation["id"],
        "token_id": a_token_id,
        "user_id": a_user["user"]["id"],
        "family_id": a.get("/api/v1/auth/me", headers=a_auth).json()["family"]["id"],
    }
    assert all(ids.values()), ids

    # family B: owner, caregiver, viewer; an anonymous visitor; a visitor of B's share link
    outsiders: list[Who] = []
    b_page = new_client()
    b_user = _signup(b_page, "b.owner@example.org")
    _, b_auth = _token(b_page, b_user["csrf_token"])
    outsiders.append(Who("B owner", b_page, new_client(), b_auth, True))
    b_infant = b_page.post(
        "/api/v1/infants",
        json={"name": "Other", "date_of_birth": "2026-09-01"},
        headers={"X-CSRF-Token": b_user["csrf_token"]},
    ).json()["infant"]["id"]
    for role in ("caregiver", "viewer"):
        code = b_page.post(
            "/api/v1/family/invitations",
            json={"role": role},
            headers={"X-CSRF-Token": b_user["csrf_token"]},
        ).json()["token"]
        page = new_client()
        user = _signup(page, f"b.{role}@example.org")
        joined = page.post(
            "/api/v1/family/join",
            json={"invitation": code},
            headers={"X-CSRF-Token": user["csrf_token"]},
        )
        assert joined.status_code == 200, joined.text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/").text)
        assert csrf
        _, auth = _token(page, csrf.group(1))
        api = new_client()
        me = api.get("/api/v1/auth/me", headers=auth).json()
        assert me["family"]["role"] == role and me["family"]["id"] == joined.json()["id"], me
        outsiders.append(Who(f"B {role}", page, api, auth, True))
    anonymous = new_client()
    outsiders.append(Who("anonymous", anonymous, anonymous))
    b_share = b_page.post(
        f"/api/v1/infants/{b_infant}/shares",
        json={"date_from": "2026-11-01", "date_to": "2026-11-30"},
        headers={"X-CSRF-Token": b_user["csrf_token"]},
    ).json()
    visitor = new_client()
    assert visitor.get(b_share["path"]).status_code == 200
    outsiders.append(Who("share visitor", visitor, visitor))

    learn = a.get("/learn").text
    page_id = re.search(r'href="/learn/([^"/?#]+)"', learn)
    static = re.search(r'"/static/([^"/?#]+)"', learn)
    assert page_id and static
    yield {
        "ids": ids,
        "a_auth": a_auth,
        "a": a,
        "outsiders": outsiders,
        "b_share_token": b_share["token"],
        "page_id": page_id.group(1),
        "static": static.group(1),
        "markers": [SECRET_NAME, SECRET_NOTE, A_EMAIL, *ids.values()],
    }
    for c in clients:
        c.__exit__(None, None, None)


#: Every path parameter the app has -> its value for the matrix (world, method, path).
PARAMS: dict[str, Any] = {
    "infant_id": lambda w, p: w["ids"]["infant_id"],
    "episode_id": lambda w, p: w["ids"]["episode_id"],
    "recording_id": lambda w, p: w["ids"]["recording_id"],
    "assessment_id": lambda w, p: w["ids"]["assessment_id"],
    "share_id": lambda w, p: w["ids"]["share_id"],
    "token_id": lambda w, p: w["ids"]["token_id"],
    "user_id": lambda w, p: w["ids"]["user_id"],
    # capabilities: the outsider's own share link; an invitation code nobody was given
    "token": lambda w, p: w["b_share_token"],
    "code": lambda w, p: "made-up-invitation-code-0000000000",
    # formats of one route: every one is a separate request in the matrix
    "fmt": lambda w, p: ["csv", "json", "fhir.json"] if "export" in p else ["pdf", "html"],
    # public, not family data
    "page_id": lambda w, p: w["page_id"],
    "name": lambda w, p: w["static"],
}


def urls_for(world: dict[str, Any], path: str) -> list[str]:
    urls = [path]
    for name in re.findall(r"{(\w+)}", path):
        assert name in PARAMS, (
            f"route {path} has a path parameter {{{name}}} the matrix does not know: add it to "
            "PARAMS in tests/web/test_route_matrix.py (with another family's id)"
        )
        values = PARAMS[name](world, path)
        values = values if isinstance(values, list) else [values]
        urls = [u.replace(f"{{{name}}}", str(v)) for u in urls for v in values]
    return urls


def _call(who: Who, method: str, path: str, url: str) -> Any:
    kwargs = {
        k: (dict(v) if isinstance(v, dict) else v)
        for k, v in BODIES.get((method, path), {}).items()
    }
    if url.startswith("/api/"):
        return who.api.request(method, url, headers=dict(who.api_headers), **kwargs)
    if method != "GET":
        data = dict(kwargs.pop("data", {}))
        data["csrf_token"] = who.csrf()
        kwargs["data"] = data
    return who.page.request(
        method, url, headers={"Accept": "text/html"}, follow_redirects=False, **kwargs
    )


def _allowed(who: Who, url: str, status: int, location: str) -> bool:
    if status in {403, 404}:
        return True
    if not who.signed_in:
        if url.startswith("/api/"):
            return status == 401
        return status == 303 and location.startswith("/login")
    return False


PUBLIC_READS = {"/", "/learn", "/learn/{page_id}", "/static/{name}", "/login", "/signup", "/check"}
#: Pages opened by a bearer secret only (B's own share link, an invitation code): they may
#: answer 200, with B's data or a form, and are only checked for A's data in the body.
BEARER_PAGES = {"/s/{token}", "/s/{token}/report.pdf", "/invitations/{code}"}


def test_every_route_and_role_is_closed_to_another_family(api_app: Any, world: Any) -> None:
    table = route_table(api_app)
    assert len(table) >= 100, len(table)
    walked: list[str] = []
    for method, path in table:
        has_ids = bool(re.search(r"{(\w+)}", path)) and path not in PUBLIC_READS | BEARER_PAGES
        if not has_ids and method != "GET" and path not in BEARER_PAGES:
            assert (method, path) in NO_ID_WRITES, (
                f"{method} {path} is a write without ids the matrix does not know: add it to "
                "NO_ID_WRITES with why no other family's id applies (or give it ids)"
            )
            continue
        for url in urls_for(world, path):
            for who in world["outsiders"]:
                r = _call(who, method, path, url)
                # the page may echo the address the caller typed (a "back" link, the language
                # selector's return path): that tells the caller nothing it did not send
                body = r.text.replace(url, "").replace(quote(url, safe=""), "")
                leaked = [m for m in world["markers"] if m in body]
                assert not leaked, f"{who.label}: {method} {url} shows {leaked}"
                if has_ids:
                    assert _allowed(who, url, r.status_code, r.headers.get("location", "")), (
                        f"{who.label}: {method} {path} answered {r.status_code}: {body[:300]}"
                    )
                else:
                    assert r.status_code < 500, f"{who.label}: {method} {url}: {body[:300]}"
                walked.append(f"{who.label} {method} {url}")
    assert len(walked) >= 400, len(walked)

    # nothing of family A changed
    a, auth, ids = world["a"], world["a_auth"], world["ids"]
    infant = a.get(f"/api/v1/infants/{ids['infant_id']}", headers=auth)
    assert infant.status_code == 200 and infant.json()["infant"]["name"] == SECRET_NAME
    episode = a.get(f"/api/v1/episodes/{ids['episode_id']}", headers=auth).json()["episode"]
    assert episode["notes"] == SECRET_NOTE
    assert len(a.get(f"/api/v1/infants/{ids['infant_id']}/episodes", headers=auth).json()) == 1
    assert len(a.get(f"/api/v1/episodes/{ids['episode_id']}/recordings", headers=auth).json()) == 1
    assert a.get(f"/api/v1/assessments/{ids['assessment_id']}", headers=auth).status_code == 200
    shares = a.get(f"/api/v1/infants/{ids['infant_id']}/shares", headers=auth).json()
    assert [s["id"] for s in shares] == [ids["share_id"]] and not shares[0].get("revoked_at")
    members = a.get("/api/v1/family/members", headers=auth).json()
    assert [m["role"] for m in members] == ["owner"]
    assert a.get("/api/v1/auth/me", headers=auth).status_code == 200  # token not revoked


def test_an_unknown_path_parameter_fails_loudly(world: Any) -> None:
    with pytest.raises(AssertionError, match=r"\{visit_id\}.*add it to PARAMS"):
        urls_for(world, "/api/v1/visits/{visit_id}")
