"""Put the synthetic diary of ``clinician_diary`` into a real database and file store.

The family and its owner are made by the accounts service (``sign_up``); the diary rows are
inserted with the storage models (so these tests do not depend on the triage engine), and each
recording's file is written through the real :class:`FileStore`. The "video" bytes start with an
MP4 ``ftyp`` box, which is what the store checks; they are not decodable video.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import clinician_diary as cd
from tremorwatch.services.accounts import sign_up
from tremorwatch.services.context import Actor
from tremorwatch.storage.milestone_store import MilestoneAnswerRow
from tremorwatch.storage.models_diary import AssessmentRow, EpisodeRow, InfantRow, RecordingRow

PASSWORD = "correct horse battery"


def video_bytes(i: int) -> bytes:
    return b"\x00\x00\x00\x18ftypisom" + f"episode {i} ".encode() * 50


@dataclass
class Seeded:
    actor: Actor
    diary: cd.Diary
    storage_keys: dict[str, str]


def seed(
    runtime: Any,
    *,
    days: int = 14,
    email: str = "ada.parent@example.org",
    infant_id: str = "baby-1",
) -> Seeded:
    base = cd.make_diary(days, infant_id=infant_id)
    with runtime.session() as session:
        actor = sign_up(
            session,
            {
                "email": email,
                "password": PASSWORD,
                "display_name": "Mum",
                "family_name": "Lovelace",
            },
        )
        p = base.profile
        session.add(
            InfantRow(
                id=p.id,
                family_id=actor.family_id,
                name=p.name,
                date_of_birth=p.date_of_birth,
                gestational_age_weeks=p.gestational_age_weeks,
                birth_weight_g=p.birth_weight_g,
                sex=p.sex.value if p.sex else None,
                history=[h.value for h in p.history],
                vitamin_k_at_birth=p.vitamin_k_at_birth.value if p.vitamin_k_at_birth else None,
            )
        )
        session.flush()
        for e in base.episodes:
            session.add(
                EpisodeRow(
                    id=e.id,
                    family_id=actor.family_id,
                    infant_id=p.id,
                    started_at=e.started_at,
                    duration_s=e.duration_s,
                    body_parts=[b.value for b in e.body_parts],
                    states=[s.value for s in e.states],
                    triggers=e.triggers,
                    stops_with_gentle_hold=e.stops_with_gentle_hold,
                    rhythmic=e.rhythmic,
                    responsive=e.responsive,
                    findings=[f.value for f in e.findings],
                    temperature_c=e.temperature_c,
                    temperature_site=e.temperature_site,
                    notes=e.notes,
                    logged_by=actor.user_id,
                    created_at=e.created_at,
                )
            )
        session.flush()
        keys: dict[str, str] = {}
        recordings = []
        for r in base.recordings:
            i = int(r.episode_id.rsplit("-", 1)[1])
            stored = runtime.files.save_stream(iter([video_bytes(i)]))
            keys[r.id] = stored.key
            session.add(
                RecordingRow(
                    id=r.id,
                    family_id=actor.family_id,
                    episode_id=r.episode_id,
                    filename=r.filename,
                    content_type=stored.content_type,
                    kind=stored.kind,
                    size_bytes=stored.size_bytes,
                    sha256=stored.sha256,
                    storage_key=stored.key,
                    status="done",
                    progress=1.0,
                    analysis=r.analysis.to_json_dict() if r.analysis else None,
                    created_at=r.created_at,
                    uploaded_by=actor.user_id,
                )
            )
            recordings.append(
                r.model_copy(update={"size_bytes": stored.size_bytes, "sha256": stored.sha256})
            )
        base.recordings = recordings
        for a in base.assessments:
            session.add(
                AssessmentRow(
                    id=a.id,
                    family_id=actor.family_id,
                    infant_id=p.id,
                    episode_id=a.episode_id,
                    disposition=a.result.disposition.value,
                    answers=a.assessment.to_json_dict(),
                    result=a.result.to_json_dict(),
                    created_at=a.created_at,
                    created_by=actor.user_id,
                )
            )
        for m in base.milestone_answers:
            session.add(
                MilestoneAnswerRow(
                    family_id=actor.family_id,
                    infant_id=p.id,
                    milestone_id=m.milestone_id,
                    answer=m.answer.value,
                    answered_at=m.answered_at,
                    answered_by=actor.user_id,
                    answered_by_name=m.answered_by,
                )
            )
        session.commit()
    return Seeded(actor=actor, diary=base, storage_keys=keys)
