"""A lost milestone (ticked yes, later not yet) reaches the triage of every logged episode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

import clinician_db
from tremorwatch.services import milestones
from tremorwatch.services.episodes import log_episode
from tremorwatch.storage.milestone_store import MilestoneAnswerRow

EPISODE = {
    "started_at": "2026-03-20T10:00:00Z",
    "duration_s": 8,
    "body_parts": ["left_leg", "right_leg"],
    "states": ["crying_or_upset"],
    "stops_with_gentle_hold": "yes",
    "rhythmic": "yes",
    "responsive": "yes",
}


def _baby_without_losses(runtime):  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=1, email="lee.parent@example.org", infant_id="b-2")
    with runtime.session() as session:
        # the seeded diary has a lost skill already; start from no milestone history instead
        session.execute(delete(MilestoneAnswerRow).where(MilestoneAnswerRow.infant_id == "b-2"))
        session.commit()
        assert milestones.triage_findings(session, seeded.actor, "b-2") == []
    return seeded


def test_episode_triage_includes_loss_of_skills(runtime) -> None:  # type: ignore[no-untyped-def]
    seeded = _baby_without_losses(runtime)
    with runtime.session() as session:
        before = log_episode(session, seeded.actor, "b-2", EPISODE)
        assert before.triage is not None
        assert all(r.rule_id for r in before.triage.reasons)
        t = datetime(2026, 3, 15, tzinfo=UTC)
        milestones.record_answers(session, seeded.actor, "b-2", {"m06_laughs": "yes"}, at=t)
        milestones.record_answers(
            session, seeded.actor, "b-2", {"m06_laughs": "not_yet"}, at=t + timedelta(days=3)
        )
        after = log_episode(session, seeded.actor, "b-2", EPISODE)
    assert after.triage is not None
    assert after.triage.disposition.urgency >= 3  # loss of skills: at least same day
    assert after.triage.disposition.urgency > before.triage.disposition.urgency
    texts = " ".join(r.text.lower() for r in after.triage.reasons)
    assert "skill" in texts
