"""Helpers for the JSON API tests: families made through the API, and small test files.

(Its own module name, so ``from api_helpers import ...`` never picks another folder's conftest.)
"""

from __future__ import annotations

import math
from typing import Any

PASSWORD = "correct horse battery"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def accelerometer_csv(
    *, frequency_hz: float = 6.0, seconds: float = 12.0, rate_hz: float = 100.0
) -> bytes:
    """A synthetic accelerometer CSV: a ``frequency_hz`` oscillation on ax (m/s², spec layout)."""
    lines = ["time_s,ax,ay,az"]
    for i in range(int(seconds * rate_hz)):
        t = i / rate_hz
        envelope = 1.0 if 2.0 <= t <= seconds - 2.0 else 0.0
        ax = 1.5 * envelope * math.sin(2 * math.pi * frequency_hz * t)
        lines.append(f"{t:.3f},{ax:.5f},0.02,9.81")
    return ("\n".join(lines) + "\n").encode()


def corrupt_mp4(size: int = 4000) -> bytes:
    """Bytes that pass the magic-byte check (an ftyp box) but are not a decodable video."""
    return MP4_HEAD + bytes((i * 37) % 251 for i in range(size))


class Family:
    """A family made through the API, acting with an API token (bearer header)."""

    def __init__(self, client: Any, email: str) -> None:
        self.client = client
        r = client.post(
            "/api/v1/auth/signup",
            json={
                "email": email,
                "password": PASSWORD,
                "display_name": email.split("@", maxsplit=1)[0],
            },
        )
        assert r.status_code == 201, r.text
        self.user_id: str = r.json()["user"]["id"]
        csrf = r.json()["csrf_token"]
        r = client.post(
            "/api/v1/auth/tokens", json={"name": "tests"}, headers={"X-CSRF-Token": csrf}
        )
        assert r.status_code == 201, r.text
        self.token_id: str = r.json()["id"]
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}
        client.cookies.clear()
        self.email = email

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def add_infant(self, **extra: Any) -> str:
        body = {"name": "Bo", "date_of_birth": "2026-09-01", "gestational_age_weeks": 39, **extra}
        r = self.post("/api/v1/infants", json=body)
        assert r.status_code == 201, r.text
        return str(r.json()["infant"]["id"])

    def log_episode(self, infant_id: str, **extra: Any) -> dict[str, Any]:
        body = {
            "started_at": "2026-11-20T08:30:00Z",
            "duration_s": 12,
            "body_parts": ["left_leg", "right_leg"],
            "states": ["crying_or_upset"],
            "stops_with_gentle_hold": "yes",
            "rhythmic": "yes",
            "responsive": "yes",
            **extra,
        }
        r = self.post(f"/api/v1/infants/{infant_id}/episodes", json=body)
        assert r.status_code == 201, r.text
        result: dict[str, Any] = r.json()
        return result

    def upload(self, episode_id: str, data: bytes, filename: str = "clip.mp4") -> Any:
        return self.post(
            f"/api/v1/episodes/{episode_id}/recordings",
            files={"file": (filename, data, "application/octet-stream")},
        )
