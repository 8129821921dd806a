"""scripts/backup and scripts/restore on SQLite and PostgreSQL: data and media come back.

The scripts run as processes with TREMORWATCH_* settings, as an administrator runs them. A
family with an episode and an uploaded accelerometer file is backed up; then the data is lost
(SQLite: the file deleted; PostgreSQL: restored into a new, empty database as on a new server)
and the media folder wiped; after the restore the rows and the file bytes are the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from topology import accelerometer_csv, environment

from tremorwatch.config import load_settings
from tremorwatch.services import accounts, infants, recordings
from tremorwatch.services.runtime import build_runtime
from tremorwatch.storage import migrate
from tremorwatch.storage.engine import engine_for_url
from tremorwatch.storage.models_diary import EpisodeRow
from tremorwatch.storage.repositories import diary

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / script), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _fill(settings: Any) -> dict[str, Any]:
    from datetime import UTC, datetime

    rt = build_runtime(settings)
    try:
        with rt.session() as s:
            actor = accounts.sign_up(
                s,
                {
                    "email": "ann@example.org",
                    "password": "correct horse battery",
                    "display_name": "Ann",
                },
            )
            infant = infants.add_infant(s, actor, {"name": "Bo", "date_of_birth": "2026-09-01"})
            episode = EpisodeRow(
                family_id=actor.family_id,
                infant_id=infant.id,
                started_at=datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
                duration_s=10,
            )
            s.add(episode)
            s.commit()
            info = recordings.add_recording(
                s, actor, episode.id, [accelerometer_csv(frequency_hz=6.0)], "m.csv", runtime=rt
            )
            row = diary.recording_for_job(s, info.id)
            assert row is not None
            data = rt.files.path(row.storage_key).read_bytes()
        return {"actor": actor, "episode": episode.id, "recording": info.id, "bytes": data}
    finally:
        rt.close()


def _check_back(settings: Any, saved: dict[str, Any]) -> None:
    rt = build_runtime(settings)
    try:
        with rt.session() as s:
            row = diary.recording_for_job(s, saved["recording"])
            assert row is not None and row.episode_id == saved["episode"]
            assert rt.files.path(row.storage_key).read_bytes() == saved["bytes"]
            assert diary.episode_count(s, saved["actor"].family_id) == 1
            back = accounts.authenticate(
                s, {"email": "ann@example.org", "password": "correct horse battery"}
            )
            assert back.family_id == saved["actor"].family_id
    finally:
        rt.close()


@pytest.mark.slow
def test_backup_and_restore_on_sqlite(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    settings = load_settings(data_dir=data_dir)
    engine = engine_for_url(settings.resolved_database_url)
    migrate.upgrade(engine)
    engine.dispose()
    saved = _fill(settings)
    env = environment(data_dir=str(data_dir))

    made = _run("backup", str(tmp_path / "backups"), "--format", "json", env=env)
    assert made.returncode == 0, made.stderr
    report = json.loads(made.stdout)
    assert report["database"]["dialect"] == "sqlite" and report["media"]["files"] == 1
    assert report["database"]["revision"] == migrate.heads()[0]
    assert oct(os.stat(report["backup"]).st_mode & 0o777) == "0o700"

    # nothing is overwritten by mistake
    refused = _run("restore", report["backup"], env=env)
    assert refused.returncode == 2 and "--force" in refused.stderr

    (data_dir / "tremorwatch.db").unlink()
    shutil.rmtree(settings.resolved_media_dir)
    restored = _run("restore", report["backup"], "--format", "json", env=env)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["media_files"] == 1
    _check_back(settings, saved)

    # a damaged backup is refused before anything is touched
    media_tar = Path(report["backup"]) / "media.tar"
    media_tar.write_bytes(media_tar.read_bytes()[:-10])
    damaged = _run("restore", report["backup"], "--force", env=env)
    assert damaged.returncode == 2 and "damaged" in damaged.stderr
    _check_back(settings, saved)


@pytest.mark.slow
@pytest.mark.postgres
def test_backup_and_restore_on_postgresql_into_a_new_database(
    postgres_url: str, fresh_postgres_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from tremorwatch.storage.all_models import metadata

    engine = engine_for_url(postgres_url)  # the session's database, emptied
    try:
        with engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))
    finally:
        engine.dispose()
    data_dir = tmp_path / "data"
    settings = load_settings(data_dir=data_dir, database_url=postgres_url)
    saved = _fill(settings)
    made = _run(
        "backup",
        str(tmp_path / "backups"),
        "--format",
        "json",
        env=environment(data_dir=str(data_dir), database_url=postgres_url),
    )
    assert made.returncode == 0, made.stderr
    report = json.loads(made.stdout)
    assert report["database"]["dialect"] == "postgresql"
    assert (Path(report["backup"]) / "database.dump").stat().st_size > 0

    # a new server: an empty database and an empty media folder
    new_data = tmp_path / "new-data"
    env = environment(data_dir=str(new_data), database_url=fresh_postgres_url)
    restored = _run("restore", report["backup"], "--format", "json", env=env)
    assert restored.returncode == 0, restored.stderr
    new_settings = load_settings(data_dir=new_data, database_url=fresh_postgres_url)
    engine = engine_for_url(fresh_postgres_url)
    try:
        assert migrate.is_up_to_date(engine)  # the schema revision came along
    finally:
        engine.dispose()
    _check_back(new_settings, saved)
