"""Developmental milestones: the 2022 CDC checklists, corrected age and loss of skills.

Source: Zubler JM et al., Evidence-Informed Milestones for Developmental Surveillance Tools,
Pediatrics 2022;149(3):e2021052138 (the CDC "Learn the Signs. Act Early." checklists).
"""

from tremorwatch.domain.milestones.age import (
    checklist_age_months,
    checklist_due,
    due_checkpoints,
    milestone_age_days,
    months_from_days,
)
from tremorwatch.domain.milestones.catalogue import (
    CHECKPOINT_AGES_MONTHS,
    Checkpoint,
    Milestone,
    MilestoneCatalogue,
    MilestoneDomain,
    load_catalogue,
    parse_catalogue,
)
from tremorwatch.domain.milestones.skills import (
    MilestoneStatus,
    SkillLoss,
    detect_skill_losses,
    findings_from_milestones,
    latest_answers,
    milestone_status,
)

__all__ = [
    "CHECKPOINT_AGES_MONTHS",
    "Checkpoint",
    "Milestone",
    "MilestoneCatalogue",
    "MilestoneDomain",
    "MilestoneStatus",
    "SkillLoss",
    "checklist_age_months",
    "checklist_due",
    "detect_skill_losses",
    "due_checkpoints",
    "findings_from_milestones",
    "latest_answers",
    "load_catalogue",
    "milestone_age_days",
    "milestone_status",
    "months_from_days",
    "parse_catalogue",
]
