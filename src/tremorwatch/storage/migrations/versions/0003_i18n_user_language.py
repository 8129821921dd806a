"""i18n: the page language a user chose (users.language; NULL follows the browser)

Revision ID: 0003_i18n_user_language
Revises: 0003_scale_shared_state

Written on 0002_clinician_sharing; chained after main's head (0003_ux_family_locale,
0003_proof_job_lease, then 0003_scale_shared_state) when main was merged into this branch, so
the history stays one line.
Create Date: 2026-12-03 06:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_i18n_user_language"
down_revision: str | None = "0003_scale_shared_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
