"""The milestones service on a real database: ticks kept as history, corrected age, roles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

import clinician_db
from tremorwatch.errors import AccessDenied, InputError, NotFound
from tremorwatch.services import milestones as service
from tremorwatch.services.context import Role


def test_answers_history_and_checklist(runtime) -> None:  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=1)
    actor = seeded.actor
    t0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    with runtime.session() as session:
        service.record_answers(session, actor, "baby-1", {"m06_laughs": "yes"}, at=t0)
        service.record_answers(
            session, actor, "baby-1", {"m06_laughs": "not_yet"}, at=t0 + timedelta(days=9)
        )
        history = service.history(session, actor, "baby-1")
        ours = [(a.answer.value, a.answered_by) for a in history if a.milestone_id == "m06_laughs"]
        assert ours == [("yes", "Mum"), ("not_yet", "Mum")]
        checklist = service.checklist(session, actor, "baby-1", on=date(2026, 3, 15))
        # born 2025-09-01 at 39 weeks (term): 195 days = 6.4 months -> the 6-month checklist
        assert (checklist.age_months, checklist.due_age_months, checklist.corrected) == (
            6,
            6,
            False,
        )
        laughs = next(i for i in checklist.items if i.milestone.id == "m06_laughs")
        assert laughs.answer is not None and laughs.answer.value == "not_yet"
        # the seeded diary already lost m04_holds_toy (yes, then not yet)
        assert [loss.milestone.id for loss in checklist.status.losses] == [
            "m04_holds_toy",
            "m06_laughs",
        ]
        assert service.triage_findings(session, actor, "baby-1") == ["loss_of_skills"]
        assert service.checklist(session, actor, "baby-1", age_months=18).age_months == 18
        with pytest.raises(NotFound, match="2, 4, 6"):
            service.checklist(session, actor, "baby-1", age_months=7)


def test_preterm_baby_gets_the_checklist_of_corrected_age(runtime) -> None:  # type: ignore[no-untyped-def]
    from tremorwatch.services.infants import update_infant

    seeded = clinician_db.seed(runtime, days=1)
    with runtime.session() as session:
        update_infant(session, seeded.actor, "baby-1", {"gestational_age_weeks": 30})
        # 2026-03-15: 195 days old, 10 weeks early -> corrected 125 days = 4.1 months
        checklist = service.checklist(session, seeded.actor, "baby-1", on=date(2026, 3, 15))
    assert (checklist.due_age_months, checklist.corrected) == (4, True)


def test_bad_answers_and_roles(runtime) -> None:  # type: ignore[no-untyped-def]
    seeded = clinician_db.seed(runtime, days=1)
    with runtime.session() as session:
        with pytest.raises(InputError, match="yes, not_yet, unsure"):
            service.record_answers(session, seeded.actor, "baby-1", {"m06_laughs": "sometimes"})
        with pytest.raises(NotFound):
            service.record_answers(session, seeded.actor, "baby-1", {"m06_giggles": "yes"})
        with pytest.raises(NotFound):
            service.record_answers(session, seeded.actor, "baby-404", {"m06_laughs": "yes"})
        viewer = replace(seeded.actor, role=Role.VIEWER)
        with pytest.raises(AccessDenied):
            service.record_answers(session, viewer, "baby-1", {"m06_laughs": "yes"})

        def key(a):  # type: ignore[no-untyped-def]
            return (a.answered_at, a.milestone_id)

        history = service.history(session, viewer, "baby-1")  # viewers may read
        assert sorted(history, key=key) == sorted(seeded.diary.milestone_answers, key=key)
