"""The milestone checklists as data: loaded from ``cdc_2022.yaml`` and validated on load.

A :class:`MilestoneCatalogue` holds the checkpoints (2, 4, 6, 9, 12, 15, 18 and 24 months) and
the source they come from. Loading checks the schema, that every id is unique and that the
checkpoint ages are exactly the CDC ones, so a broken data file fails loudly
(:class:`~tremorwatch.errors.RuleSetError`) instead of silently dropping a skill.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tremorwatch._checks import pydantic_error_to_input_error
from tremorwatch.errors import NotFound, RuleSetError

#: The CDC 2022 checkpoint ages, in months.
CHECKPOINT_AGES_MONTHS: Final = (2, 4, 6, 9, 12, 15, 18, 24)
DEFAULT_CATALOGUE_FILE: Final = "cdc_2022.yaml"


class MilestoneDomain(StrEnum):
    """The four CDC developmental areas."""

    SOCIAL_EMOTIONAL = "social_emotional"
    LANGUAGE_COMMUNICATION = "language_communication"
    COGNITIVE = "cognitive"
    MOVEMENT_PHYSICAL = "movement_physical"

    @property
    def label(self) -> str:
        """Plain-words heading for checklists and reports."""
        return _DOMAIN_LABELS[self]


_DOMAIN_LABELS = {
    MilestoneDomain.SOCIAL_EMOTIONAL: "Social / emotional",
    MilestoneDomain.LANGUAGE_COMMUNICATION: "Language / communication",
    MilestoneDomain.COGNITIVE: "Cognitive (learning, thinking, problem-solving)",
    MilestoneDomain.MOVEMENT_PHYSICAL: "Movement / physical development",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Milestone(_Frozen):
    """One skill most children (75% or more) show by the checkpoint age."""

    id: str = Field(pattern=r"^m\d\d_[a-z0-9_]+$")
    domain: MilestoneDomain
    text: str = Field(min_length=3)
    age_months: int = 0


class Checkpoint(_Frozen):
    """All milestones of one checkpoint age (months)."""

    age_months: int = Field(ge=1, le=60)
    milestones: list[Milestone] = Field(min_length=1)


class CatalogueSource(_Frozen):
    citation: str
    doi: str
    url: str


class MilestoneCatalogue(_Frozen):
    """The whole checklist set with its source."""

    schema_: Literal["tremorwatch.milestones/1"] = Field(alias="schema")
    id: str
    title: str
    source: CatalogueSource
    checkpoints: list[Checkpoint]

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def checkpoint(self, age_months: int) -> Checkpoint:
        """The checkpoint of ``age_months``; NotFound names the ages that exist."""
        for checkpoint in self.checkpoints:
            if checkpoint.age_months == age_months:
                return checkpoint
        ages = ", ".join(str(c.age_months) for c in self.checkpoints)
        raise NotFound(
            f"There is no milestone checkpoint at {age_months} months; the checkpoints are at "
            f"{ages} months.",
            field="age_months",
        )

    def milestone(self, milestone_id: str) -> Milestone:
        """The milestone with this id; NotFound if the id is unknown."""
        found = self._by_id().get(milestone_id)
        if found is None:
            raise NotFound(
                f"Unknown milestone id {milestone_id!r}; ids look like 'm09_sits_unsupported' "
                "(see the checklist of the baby's age).",
                field="milestone_id",
            )
        return found

    def all_milestones(self) -> list[Milestone]:
        """Every milestone, youngest checkpoint first."""
        return [m for c in self.checkpoints for m in c.milestones]

    def _by_id(self) -> dict[str, Milestone]:
        return {m.id: m for m in self.all_milestones()}


def parse_catalogue(text: str, *, name: str = "milestones") -> MilestoneCatalogue:
    """Validate milestone YAML text; RuleSetError names the file and the problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleSetError(f"Milestone file {name} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise RuleSetError(f"Milestone file {name} must hold a mapping at the top level.")
    for checkpoint in raw.get("checkpoints") or []:
        if isinstance(checkpoint, dict):
            for item in checkpoint.get("milestones") or []:
                if isinstance(item, dict):
                    item.setdefault("age_months", checkpoint.get("age_months", 0))
    try:
        catalogue = MilestoneCatalogue.model_validate(raw)
    except ValidationError as exc:
        problem = pydantic_error_to_input_error(exc).message
        raise RuleSetError(f"Milestone file {name} is invalid: {problem}") from None
    _check_consistency(catalogue, name=name)
    return catalogue


def _check_consistency(catalogue: MilestoneCatalogue, *, name: str) -> None:
    ages = tuple(c.age_months for c in catalogue.checkpoints)
    if ages != CHECKPOINT_AGES_MONTHS:
        raise RuleSetError(
            f"Milestone file {name} must have checkpoints at {CHECKPOINT_AGES_MONTHS} months in "
            f"that order; it has {ages}."
        )
    seen: set[str] = set()
    for checkpoint in catalogue.checkpoints:
        prefix = f"m{checkpoint.age_months:02d}_"
        for milestone in checkpoint.milestones:
            if milestone.id in seen:
                raise RuleSetError(f"Milestone file {name} repeats the id {milestone.id!r}.")
            if not milestone.id.startswith(prefix):
                raise RuleSetError(
                    f"Milestone {milestone.id!r} of {name} is listed at {checkpoint.age_months} "
                    f"months but its id does not start with {prefix!r}."
                )
            seen.add(milestone.id)
        domains = {m.domain for m in checkpoint.milestones}
        if domains != set(MilestoneDomain):
            missing = sorted(set(MilestoneDomain) - domains)
            raise RuleSetError(
                f"Checkpoint {checkpoint.age_months} months of {name} lacks the domains {missing}."
            )


@lru_cache(maxsize=1)
def load_catalogue() -> MilestoneCatalogue:
    """The packaged CDC 2022 checklists (validated; cached)."""
    text = (
        resources.files("tremorwatch.domain.milestones")
        .joinpath(DEFAULT_CATALOGUE_FILE)
        .read_text(encoding="utf-8")
    )
    return parse_catalogue(text, name=DEFAULT_CATALOGUE_FILE)
