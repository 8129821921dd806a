"""Who is calling: the :class:`Actor` every diary service takes, and the role checks.

Roles in a family, from most to least rights:

=========  ==========================================================
owner      everything, including inviting people and removing members
caregiver  read and write the diary (babies, episodes, videos, triage)
viewer     read only
=========  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tremorwatch.errors import AccessDenied


class Role(StrEnum):
    OWNER = "owner"
    CAREGIVER = "caregiver"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        """2 for owner, 1 for caregiver, 0 for viewer."""
        return {"owner": 2, "caregiver": 1, "viewer": 0}[self.value]


@dataclass(frozen=True)
class Actor:
    """A signed-in user acting in one family (from a session cookie or an API token)."""

    user_id: str
    family_id: str
    role: Role
    email: str
    display_name: str
    via: str = "session"  # "session" or "token"
    language: str | None = None  # the user's chosen page language; None: the browser's
    #: The family's country (ISO 3166-1 alpha-2), None when not chosen.
    country: str | None = None
    #: The family's IANA time zone: times are entered and shown in it, diary days counted in it.
    timezone: str = "UTC"
    #: "C" or "F", or None for the country's usual unit.
    temperature_unit: str | None = None
    #: The family's data version when the actor was read (``families.data_version``): the
    #: HTTP cache validator of the family's pages; None when not read.
    data_version: int | None = None

    def require(self, role: Role) -> None:
        """Raise :class:`AccessDenied` unless the actor has at least ``role``."""
        if self.role.rank < role.rank:
            what = {
                Role.OWNER: "Only the family's owner can do this.",
                Role.CAREGIVER: "Viewers can read the diary but not change it; ask the owner "
                "to make you a caregiver.",
                Role.VIEWER: "You are not a member of this family.",
            }[role]
            raise AccessDenied(what, code="forbidden")

    @property
    def can_write(self) -> bool:
        """True for owners and caregivers."""
        return self.role.rank >= Role.CAREGIVER.rank
