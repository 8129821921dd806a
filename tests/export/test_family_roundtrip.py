"""A full family JSON export imports into an empty instance without loss (videos included).

Instance A is the test database with the seeded diary; instance B is a second, freshly migrated
SQLite database with its own media folder. The export of B after the import must equal the
export of A (apart from the export time), and every video must come back byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import clinician_db
from tremorwatch.config import load_settings
from tremorwatch.errors import Conflict, InputError
from tremorwatch.services import export as export_service
from tremorwatch.services.runtime import build_runtime
from tremorwatch.storage import migrate
from tremorwatch.storage.engine import engine_for_url


@pytest.fixture
def other_runtime(tmp_path: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / "instance-b"
    data.mkdir()
    url = f"sqlite:///{data / 'b.db'}"
    engine = engine_for_url(url)
    migrate.upgrade(engine)
    engine.dispose()
    rt = build_runtime(load_settings(data_dir=data, database_url=url, secret_key="b"))
    yield rt
    rt.close()


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc)
    doc.pop("exported_at")
    return doc


def test_family_export_round_trip_without_loss(runtime, other_runtime) -> None:  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=20)
    with runtime.session() as session:
        doc_a = export_service.export_family(session, seeded.actor, runtime.files).to_json_dict()
    text = json.dumps(doc_a)
    assert doc_a["schema"] == "tremorwatch.family-export/1"
    assert doc_a["includes_files"] is True
    (infant,) = doc_a["infants"]
    assert len(infant["episodes"]) == 20 and len(infant["recordings"]) == 7
    assert len(infant["milestone_answers"]) == 4 and len(infant["assessments"]) == 2

    # instance B is empty but for the owner's account (made first, so authorship relinks)
    from tremorwatch.services.accounts import sign_up

    with other_runtime.session() as session:
        own_family = sign_up(
            session,
            {
                "email": "ada.parent@example.org",
                "password": clinician_db.PASSWORD,
                "display_name": "Mum",
            },
        )
    with other_runtime.session() as session:
        summary = export_service.import_family(session, other_runtime.files, text)
    assert (summary.infants, summary.episodes, summary.recordings) == (1, 20, 7)
    assert summary.recordings_without_file == 0
    assert summary.linked_members == ["ada.parent@example.org"]
    assert summary.invitations == {}

    from tremorwatch.services.accounts import actor_for_user

    with other_runtime.session() as session:
        actor_b = actor_for_user(session, own_family.user_id, doc_a["family_id"])
        assert actor_b is not None and actor_b.family_id == doc_a["family_id"]
        doc_b = export_service.export_family(session, actor_b, other_runtime.files).to_json_dict()
    assert _comparable(doc_b) == _comparable(doc_a)

    # videos byte for byte
    with other_runtime.session() as session:
        from tremorwatch.storage.models_diary import RecordingRow

        for rec in infant["recordings"]:
            row = session.get(RecordingRow, rec["id"])
            i = int(rec["episode_id"].rsplit("-", 1)[1])
            assert b"".join(
                other_runtime.files.open_chunks(row.storage_key)
            ) == clinician_db.video_bytes(i)


def test_import_twice_or_damaged_file_is_refused_and_leaves_nothing(runtime, other_runtime) -> None:  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=4)
    with runtime.session() as session:
        doc = export_service.export_family(session, seeded.actor, runtime.files).to_json_dict()
    with runtime.session() as session, pytest.raises(Conflict, match="already holds"):
        export_service.import_family(session, runtime.files, doc)

    damaged = json.loads(json.dumps(doc))
    damaged["infants"][0]["recordings"][0]["sha256"] = "0" * 64
    with other_runtime.session() as session, pytest.raises(InputError, match="damaged"):
        export_service.import_family(session, other_runtime.files, damaged)
    with pytest.raises(InputError, match="not a tremorwatch family export"):
        export_service.import_family(None, other_runtime.files, {"schema": "something/1"})  # type: ignore[arg-type]
    media = other_runtime.settings.resolved_media_dir
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_export_without_files_imports_metadata_only(runtime, other_runtime) -> None:  # type: ignore[no-untyped-def]
    """Members without an account in the new instance get an invitation code to join."""
    seeded = clinician_db.seed(runtime, days=4)
    with runtime.session() as session:
        doc = export_service.export_family(
            session, seeded.actor, runtime.files, include_files=False
        )
    assert all(r.content_base64 is None for r in doc.infants[0].recordings)
    with other_runtime.session() as session:
        summary = export_service.import_family(session, other_runtime.files, doc.to_json_dict())
    assert summary.recordings == summary.recordings_without_file == 2
    assert list(summary.invitations) == ["ada.parent@example.org"]
    from tremorwatch.services.accounts import sign_up

    with other_runtime.session() as session:
        actor = sign_up(
            session,
            {
                "email": "ada.parent@example.org",
                "password": clinician_db.PASSWORD,
                "display_name": "Mum",
                "invitation": summary.invitations["ada.parent@example.org"],
            },
        )
    assert actor.family_id == doc.family_id


def test_deleting_the_baby_removes_its_data_and_videos(runtime) -> None:  # type: ignore[no-untyped-def]
    """The back end has delete_infant (no delete-family service yet): data and files go."""
    from tremorwatch.services.infants import delete_infant

    seeded = clinician_db.seed(runtime, days=7)
    paths = [runtime.files.path(k) for k in seeded.storage_keys.values()]
    assert all(p.exists() for p in paths)
    with runtime.session() as session:
        delete_infant(session, seeded.actor, "baby-1", files=runtime.files)
        doc = export_service.export_family(session, seeded.actor, runtime.files)
    assert doc.infants == []
    assert not any(p.exists() for p in paths)
    with runtime.session() as session:
        from sqlalchemy import func, select

        from tremorwatch.storage.milestone_store import MilestoneAnswerRow
        from tremorwatch.storage.sharing import ShareLinkRow

        assert session.scalar(select(func.count(MilestoneAnswerRow.id))) == 0
        assert session.scalar(select(func.count(ShareLinkRow.id))) == 0


def test_delete_family_then_import_its_export_restores_it(runtime) -> None:  # type: ignore[no-untyped-def]
    """Export, delete the family (rows and video files go), import the export into the now
    empty instance: the family comes back as it was."""
    from sqlalchemy import func, select

    from tremorwatch.services.accounts import actor_for_user
    from tremorwatch.storage.milestone_store import MilestoneAnswerRow
    from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow

    seeded = clinician_db.seed(runtime, days=9)
    with runtime.session() as session:
        from tremorwatch.services import share as share_service

        share_service.create_share(
            session,
            seeded.actor,
            "baby-1",
            date_from=seeded.diary.episodes[0].started_at.date(),
            date_to=seeded.diary.episodes[-1].started_at.date(),
        )
        before = export_service.export_family(session, seeded.actor, runtime.files).to_json_dict()
    paths = [runtime.files.path(k) for k in seeded.storage_keys.values()]
    assert len(paths) == 3 and all(p.exists() for p in paths)

    with runtime.session() as session:
        assert export_service.delete_family(session, seeded.actor, runtime.files) == 3
    assert not any(p.exists() for p in paths)
    with runtime.session() as session:
        for model in (InfantRow, EpisodeRow, RecordingRow, AssessmentRow, MilestoneAnswerRow):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model.__name__
        from tremorwatch.storage.sharing import ShareAccessRow, ShareLinkRow

        assert session.scalar(select(func.count()).select_from(ShareLinkRow)) == 0
        assert session.scalar(select(func.count()).select_from(ShareAccessRow)) == 0
        assert actor_for_user(session, seeded.actor.user_id) is None  # no family left

    with runtime.session() as session:
        summary = export_service.import_family(session, runtime.files, before)
        assert summary.linked_members == [seeded.actor.email]
        actor = actor_for_user(session, seeded.actor.user_id, before["family_id"])
        after = export_service.export_family(session, actor, runtime.files).to_json_dict()
    assert _comparable(after) == _comparable(before)


def test_only_the_owner_deletes_a_family(runtime) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from tremorwatch.errors import AccessDenied
    from tremorwatch.services.context import Role

    seeded = clinician_db.seed(runtime, days=1)
    caregiver = replace(seeded.actor, role=Role.CAREGIVER)
    with runtime.session() as session, pytest.raises(AccessDenied):
        export_service.delete_family(session, caregiver, runtime.files)


def test_the_published_json_schema_matches_the_model() -> None:
    """``export/schemas/family-export-1.schema.json`` is the model's schema: a change to the
    export format must change the file (and, if incompatible, the version) on purpose."""
    from importlib import resources

    from tremorwatch.export.family_json import FAMILY_EXPORT_SCHEMA, FamilyExport

    published = json.loads(
        resources.files("tremorwatch.export")
        .joinpath("schemas/family-export-1.schema.json")
        .read_text()
    )
    assert published["title"] == FAMILY_EXPORT_SCHEMA
    generated = FamilyExport.model_json_schema(by_alias=True, mode="serialization")
    assert {k: v for k, v in published.items() if k not in {"$schema", "$id", "title"}} == {
        k: v for k, v in generated.items() if k != "title"
    }
