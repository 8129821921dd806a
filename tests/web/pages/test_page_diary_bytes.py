"""The diary page and API give the same bytes through the fast path and the reference path.

The fast path (issue 14) reads the diary's episodes as SQLAlchemy Core rows and renders with a
template environment that does not look at the template files again on every request, from a
diary template that does per-page work once per page. The reference path here is the code as
it was before: the same query through the ORM (an ``EpisodeRow`` object per entry), the old
``babies/diary.html`` (``reference_templates/``) and an environment that checks every template
for changes (``auto_reload=True``). Both answer the same requests of one fixture family, on SQLite and
PostgreSQL, with the body cache off (so every answer is rendered afresh), and the bytes must
be equal: in English in UTC, then in Spanish in Madrid's time zone (translated day and month
names, local times, translated labels); the diary has stand-alone checks, episodes without a
length, with one or two body parts and states, and episodes with a finished video analysis and
a queued video.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from page_helpers import Caregiver, csrf_of, days_ago
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinician_diary import analysis
from tremorwatch.services.runtime import Runtime
from tremorwatch.storage.models_diary import EpisodeRow, RecordingRow
from tremorwatch.storage.repositories import diary as repo
from tremorwatch.web.body_cache import body_cache_of
from tremorwatch.web.pages import _render


@pytest.fixture
def web_settings(db_url: str, isolated_env: Path) -> object:
    """The shared test settings with the body cache off: every answer is rendered afresh."""
    from tremorwatch.config import load_settings

    return load_settings(
        data_dir=isolated_env,
        database_url=db_url,
        max_upload_mb=2,
        secret_key="test-secret-key",
        body_cache="off",
    )


def _reference_episode_page(
    session: Session,
    family_id: str,
    *,
    infant_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int,
    after: tuple[datetime, str] | None = None,
) -> list[tuple[Any, str | None, bool]]:
    """``repo.episode_page`` as it was before issue 14: ORM objects for the episode rows."""
    has_recordings = (
        select(RecordingRow.id)
        .where(RecordingRow.episode_id == EpisodeRow.id, RecordingRow.family_id == family_id)
        .correlate(EpisodeRow)
        .exists()
    )
    stmt = repo._episodes_stmt(
        session,
        select(EpisodeRow, repo._latest_disposition(session, family_id), has_recordings),
        family_id,
        infant_id=infant_id,
        since=since,
        until=until,
        limit=limit,
        offset=0,
        after=after,
    )
    return [
        (row, disposition, bool(recorded)) for row, disposition, recorded in session.execute(stmt)
    ]


#: ``babies/diary.html`` as it was before issue 14 (per-entry translations, filter chains and a
#: macro call per entry); kept while the page's new template is proven to give the same bytes
REFERENCE_TEMPLATES = Path(__file__).resolve().parent / "reference_templates"
_build_templates = _render.templates.__wrapped__  # the builder of the shared environment


@lru_cache(maxsize=1)
def _reference_templates() -> Jinja2Templates:
    """The page environment as before issue 14: templates re-checked on every render."""
    environment = _build_templates()
    environment.env.loader = ChoiceLoader(
        [FileSystemLoader(REFERENCE_TEMPLATES), environment.env.loader]
    )
    environment.env.auto_reload = True
    environment.env.bytecode_cache = None
    return environment


def _seed(owner: Caregiver, runtime: Runtime) -> str:
    infant_id = owner.add_baby("Mia")
    parts = [["left_leg"], ["left_leg", "right_leg"], ["right_arm"], []]
    for i in range(14):
        fields: dict[str, Any] = {
            "started_at": days_ago(0.3 + i * 0.9),
            "duration_s": "" if i % 5 == 0 else str(5 + i * 1.5),
            "body_parts": parts[i % 4] or ["left_leg"],
            "states": ["crying_or_upset"] if i % 2 else ["asleep", "feeding"],
            "notes": f"note {i} <b>&</b>",
        }
        if i % 3 == 0:
            fields["rhythmic"] = "no"
        owner.log_episode(infant_id, **fields)
    token = csrf_of(owner.client.get("/").text)
    for _ in range(2):  # stand-alone checks
        r = owner.client.post(
            f"/api/v1/infants/{infant_id}/assessments",
            json={"episode": {"stops_with_gentle_hold": "yes", "states": ["crying_or_upset"]}},
            headers={"X-CSRF-Token": token},
        )
        assert r.status_code == 201, r.text
    _add_recordings(owner, runtime)
    return infant_id


def _add_recordings(owner: Caregiver, runtime: Runtime) -> None:
    """A finished video analysis on two episodes and a queued video on a third (rows written
    directly: the pages only read them, and running an analysis is not what is tested)."""
    items = owner.client.get("/api/v1/diary", params={"kind": "episodes"}).json()["items"]
    episodes = [item["episode"] for item in items]
    with runtime.session() as session:
        family_id = session.scalars(
            select(EpisodeRow.family_id).where(EpisodeRow.id == episodes[0]["id"])
        ).one()
        for i, episode in enumerate(episodes[:3]):
            done = i < 2
            session.add(
                RecordingRow(
                    family_id=family_id,
                    episode_id=episode["id"],
                    filename=f"clip-{i}.mp4",
                    content_type="video/mp4",
                    kind="video",
                    size_bytes=1000 + i,
                    sha256=f"{i:064d}",
                    storage_key=f"videos/clip-{i}.mp4",
                    status="done" if done else "queued",
                    progress=1.0 if done else 0.0,
                    analysis=analysis(i).to_json_dict() if done else None,
                )
            )
        session.commit()


def _answers(owner: Caregiver, infant_id: str) -> dict[str, bytes]:
    paths = [
        f"/babies/{infant_id}",
        f"/babies/{infant_id}?limb=left_leg",
        f"/babies/{infant_id}?disposition=home_care",
        "/api/v1/diary",
        "/api/v1/diary?limit=3",
        "/api/v1/diary?limit=200",
        "/api/v1/diary?body_part=right_arm",
        "/api/v1/diary?kind=episodes&limit=5",
    ]
    found: dict[str, bytes] = {}
    for path in paths:
        r = owner.client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        found[path] = r.content
        cursor = r.json().get("next_cursor") if path.startswith("/api/") else None
        if cursor:  # the next (older) page, through the cursor
            older = owner.client.get(path, params={"cursor": cursor})
            assert older.status_code == 200, older.text
            found[path + " (older)"] = older.content
    return found


def _fast_and_reference(
    owner: Caregiver, infant_id: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    fast = _answers(owner, infant_id)
    with monkeypatch.context() as patched:
        patched.setattr(repo, "episode_page", _reference_episode_page)
        patched.setattr(_render, "templates", _reference_templates)
        reference = _answers(owner, infant_id)
    return fast, reference


def _assert_equal(fast: dict[str, bytes], reference: dict[str, bytes]) -> None:
    assert reference.keys() == fast.keys()
    for path, body in reference.items():
        assert fast[path] == body, path


def test_diary_bytes_equal_to_the_reference_path(
    api_app: Any, runtime: Runtime, owner: Caregiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert body_cache_of(api_app) is None
    infant_id = _seed(owner, runtime)
    fast, reference = _fast_and_reference(owner, infant_id, monkeypatch)
    page = fast[f"/babies/{infant_id}"].decode()
    assert page.count("/episodes/") >= 14 and "Length not noted" in page
    assert "Video:" in page and " Hz " in page and "/assessments/" in page
    assert b'"next_cursor"' in fast["/api/v1/diary?limit=3"]
    _assert_equal(fast, reference)

    settings = {"country": "ES", "timezone": "Europe/Madrid", "temperature_unit": ""}
    assert owner.post("/family/settings", settings).status_code == 303
    owner.client.cookies.set("tw_lang", "es")
    fast_es, reference_es = _fast_and_reference(owner, infant_id, monkeypatch)
    page_es = fast_es[f"/babies/{infant_id}"].decode()
    assert 'lang="es"' in page_es and "Vídeo:" in page_es
    assert page_es != page
    _assert_equal(fast_es, reference_es)
