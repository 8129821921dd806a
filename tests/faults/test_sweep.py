"""The start-up sweep of the media folder: what a killed process left is removed, nothing else.

A ``kill -9`` between the rename of an upload into place and the commit of its row leaves a
file no recording refers to; one while streaming leaves a ``.upload-*.part`` file. Neither is
reachable (files are served only through a row). The sweep removes them once they are older
than the grace period, and never touches a file a row refers to, nor a young file that another
process may be about to commit.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from typing import Any

from tremorwatch.services import accounts, infants, recordings
from tremorwatch.services.runtime import build_runtime
from tremorwatch.storage.models_diary import EpisodeRow
from tremorwatch.storage.repositories import diary

CSV = b"time_s,ax,ay,az\n0.000,0.1,0.02,9.81\n"


def _age(path: Any, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_sweep_removes_old_orphans_and_partials_only(web_settings: Any) -> None:
    rt = build_runtime(web_settings)
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
            kept = recordings.add_recording(s, actor, episode.id, [CSV], "a.csv", runtime=rt)
            row = diary.recording(s, actor.family_id, kept.id)
            assert row is not None
            kept_path = rt.files.path(row.storage_key)
        referenced = rt.files.root / rt.files.save_stream([CSV]).key  # renamed, row never made
        young = rt.files.root / rt.files.save_stream([CSV]).key  # another process, in flight
        partial = rt.files.root / ".upload-0123456789abcdef.part"
        partial.write_bytes(b"time_s,ax")
        for path in (referenced, partial, kept_path):
            _age(path, 3600)

        assert recordings.sweep_orphan_files(rt, grace_s=600) == 2
        assert not referenced.exists() and not partial.exists()
        assert kept_path.read_bytes() == CSV  # a row refers to it, however old
        assert young.exists()  # younger than the grace period
        assert recordings.sweep_orphan_files(rt, grace_s=0) == 1
        assert not young.exists() and kept_path.exists()
    finally:
        rt.close()
