"""Milestone checklists: the data file, corrected age and loss of skills.

Known answers: the CDC 2022 checkpoints are 2, 4, 6, 9, 12, 15, 18 and 24 months (Zubler et
al. 2022); corrected age = chronological age minus (40 - gestational weeks) weeks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from tremorwatch.domain.codes import Finding
from tremorwatch.domain.diary import InfantProfile, MilestoneAnswer, MilestoneAnswerValue
from tremorwatch.domain.milestones import (
    CHECKPOINT_AGES_MONTHS,
    MilestoneDomain,
    checklist_age_months,
    detect_skill_losses,
    due_checkpoints,
    findings_from_milestones,
    load_catalogue,
    milestone_status,
    parse_catalogue,
)
from tremorwatch.errors import InputError, NotFound, RuleSetError

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _answer(mid: str, value: str, days: int, infant: str = "b1") -> MilestoneAnswer:
    return MilestoneAnswer(
        infant_id=infant,
        milestone_id=mid,
        answer=MilestoneAnswerValue(value),
        answered_at=T0 + timedelta(days=days),
    )


def test_catalogue_has_every_cdc_checkpoint_with_all_four_domains() -> None:
    catalogue = load_catalogue()
    assert tuple(c.age_months for c in catalogue.checkpoints) == CHECKPOINT_AGES_MONTHS
    for checkpoint in catalogue.checkpoints:
        assert {m.domain for m in checkpoint.milestones} == set(MilestoneDomain)
        assert all(m.age_months == checkpoint.age_months for m in checkpoint.milestones)
    assert "e2021052138" in catalogue.source.citation
    assert catalogue.milestone("m09_sits_unsupported").domain is MilestoneDomain.MOVEMENT_PHYSICAL
    assert catalogue.checkpoint(24).milestones[0].id.startswith("m24_")


def test_unknown_ids_and_ages_are_not_found() -> None:
    catalogue = load_catalogue()
    with pytest.raises(NotFound, match="m09_sits_unsupported"):
        catalogue.milestone("sits")
    with pytest.raises(NotFound, match="2, 4, 6, 9, 12, 15, 18, 24"):
        catalogue.checkpoint(3)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("age_months: 9", "age_months: 10"), "checkpoints at"),
        (lambda t: t.replace("m02_looks_at_face", "m02_calms_when_picked_up"), "repeats the id"),
        (
            lambda t: t.replace('domain: cognitive, text: "Watches', 'domain: thinking, text: "W'),
            "invalid",
        ),
        (lambda t: t.replace("m04_coos", "m05_coos"), "does not start with"),
        (lambda t: t + "\n  - [unbalanced", "not valid YAML"),
    ],
)
def test_broken_data_file_is_refused(edit: Callable[[str], str], message: str) -> None:
    from importlib import resources

    text = resources.files("tremorwatch.domain.milestones").joinpath("cdc_2022.yaml").read_text()
    parse_catalogue(text)  # the original is fine
    with pytest.raises(RuleSetError, match=message):
        parse_catalogue(edit(text))


def test_corrected_age_picks_the_checklist_for_a_preterm_baby() -> None:
    """Born at 28 weeks: 12 weeks early. At 6 months chronological, corrected age is ~3.2 months."""
    born = date(2025, 1, 1)
    preterm = InfantProfile(id="p", name="P", date_of_birth=born, gestational_age_weeks=28)
    term = InfantProfile(id="t", name="T", date_of_birth=born, gestational_age_weeks=39)
    on = date(2025, 7, 3)  # 183 days
    assert checklist_age_months(term, on) == 6
    assert checklist_age_months(preterm, on) == 2  # 183 - 84 = 99 days = 3.25 months
    assert due_checkpoints(preterm, on) == [2]
    assert checklist_age_months(preterm, born) == 2  # newborns get the first checklist
    # 36+6 weeks is preterm, 37 is not
    late = InfantProfile(id="l", name="L", date_of_birth=born, gestational_age_weeks=36.9)
    on_day_70 = born + timedelta(days=70)
    assert late.corrected_age_days(on_day_70) == 70 - round(3.1 * 7)  # 48 days: 1.6 months
    assert due_checkpoints(late, on_day_70) == []
    at_37 = late.model_copy(update={"gestational_age_weeks": 37.0})
    assert due_checkpoints(at_37, on_day_70) == [2]  # 70 days = 2.3 months, no correction
    # after 24 months chronological, no correction any more
    assert checklist_age_months(preterm, date(2027, 1, 10)) == 24


def test_yes_then_not_yet_is_a_loss_of_skills() -> None:
    answers = [
        _answer("m06_rolls_tummy_to_back", "yes", 0),
        _answer("m06_laughs", "yes", 0),
        _answer("m06_rolls_tummy_to_back", "not_yet", 30),
        _answer("m06_laughs", "unsure", 30),
    ]
    losses = detect_skill_losses(answers)
    assert [loss.milestone.id for loss in losses] == ["m06_rolls_tummy_to_back"]
    assert losses[0].had_at == T0
    assert losses[0].lost_at == T0 + timedelta(days=30)
    assert losses[0].regained_at is None
    assert findings_from_milestones(answers) == [Finding.LOSS_OF_SKILLS]


def test_order_of_input_does_not_matter_and_not_yet_first_is_no_loss() -> None:
    answers = [_answer("m06_laughs", "yes", 10), _answer("m06_laughs", "not_yet", 0)]
    assert detect_skill_losses(list(reversed(answers))) == []
    assert findings_from_milestones(answers) == []
    assert findings_from_milestones([]) == []


def test_regained_skill_is_still_reported_with_the_date_it_came_back() -> None:
    answers = [
        _answer("m04_holds_toy", "yes", 0),
        _answer("m04_holds_toy", "not_yet", 5),
        _answer("m04_holds_toy", "yes", 9),
    ]
    (loss,) = detect_skill_losses(answers)
    assert loss.regained_at == T0 + timedelta(days=9)
    assert findings_from_milestones(answers) == [Finding.LOSS_OF_SKILLS]


def test_answers_of_two_babies_are_refused() -> None:
    with pytest.raises(InputError, match="2 babies"):
        detect_skill_losses(
            [_answer("m04_holds_toy", "yes", 0), _answer("m04_holds_toy", "yes", 0, "b2")]
        )


def test_status_lists_due_skills_not_yet_seen_and_ignores_later_answers() -> None:
    baby = InfantProfile(
        id="b1", name="B", date_of_birth=date(2025, 9, 1), gestational_age_weeks=40
    )
    answers = [
        _answer("m04_coos", "not_yet", 0),  # due at 6 months: a concern
        _answer("m09_babbles", "not_yet", 0),  # 9-month skill, not due yet: no concern
        _answer("m06_laughs", "unsure", 0),
        _answer("m06_squeals", "yes", 0),
        _answer("m06_squeals", "not_yet", 40),  # after the report day: not known then
    ]
    status = milestone_status(baby, answers, on=date(2026, 3, 5))
    assert status.checklist_age_months == 6
    assert [m.id for m in status.not_yet] == ["m04_coos"]
    assert [m.id for m in status.unsure] == ["m06_laughs"]
    assert status.losses == []
    assert status.has_concerns
    later = milestone_status(baby, answers, on=date(2026, 4, 20))
    assert [loss.milestone.id for loss in later.losses] == ["m06_squeals"]
