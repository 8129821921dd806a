"""Import every model module so ``Base.metadata`` (Alembic's target) knows every table.

Another part adding tables imports its model module here (one line) and adds a migration
revision on top of the current head.
"""

from __future__ import annotations

from tremorwatch.storage import (  # clinician part: shares, milestones
    milestone_store,
    models_accounts,
    models_diary,
    models_shared,
    sharing,
)
from tremorwatch.storage.base import Base

metadata = Base.metadata

__all__ = ["Base", "metadata", "models_accounts", "models_diary"]
__all__ += ["milestone_store", "sharing"]
__all__ += ["models_shared"]  # scale: state shared by processes
