"""The milestone checklist page and API: answers kept as history; yes then not yet = loss."""

from __future__ import annotations

from tremorwatch.domain.codes import Finding
from tremorwatch.services import milestones as milestone_service


def test_checklist_answers_and_loss_of_skills(member, runtime) -> None:  # type: ignore[no-untyped-def]
    page = member.client.get("/babies/baby-1/milestones?age=9")
    assert page.status_code == 200
    assert "Sits without support" in page.text and 'name="m_m09_sits_unsupported"' in page.text
    r = member.post(
        "/babies/baby-1/milestones",
        {"age": "9", "m_m09_sits_unsupported": "yes", "m_m09_babbles": "unsure"},
    )
    assert r.status_code == 303 and "saved=2" in r.headers["location"]
    again = member.post("/babies/baby-1/milestones", {"age": "9", "m_m09_sits_unsupported": "yes"})
    assert "saved=0" in again.headers["location"]  # unchanged answers are not repeated
    member.post("/babies/baby-1/milestones", {"age": "9", "m_m09_sits_unsupported": "not_yet"})
    page = member.client.get("/babies/baby-1/milestones?age=9")
    assert "A skill seems to have been lost" in page.text and "Sits without support" in page.text
    with runtime.session() as session:
        history = milestone_service.history(session, member.seeded.actor, "baby-1")
        assert [a.answer.value for a in history if a.milestone_id == "m09_sits_unsupported"] == [
            "yes",
            "not_yet",
        ]
        assert milestone_service.triage_findings(session, member.seeded.actor, "baby-1") == [
            Finding.LOSS_OF_SKILLS
        ]
    bad = member.post("/babies/baby-1/milestones", {"age": "9", "m_m09_sits_unsupported": "maybe"})
    assert bad.status_code == 422
