"""scale: families.data_version (the diary's HTTP cache validator), recordings.worker_id

Revision ID: 0004_scale_data_version
Revises: 0003_i18n_user_language
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_scale_data_version"
down_revision: str | None = "0003_i18n_user_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.add_column(
            sa.Column("data_version", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("recordings") as batch:
        batch.add_column(sa.Column("worker_id", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recordings") as batch:
        batch.drop_column("worker_id")
    with op.batch_alter_table("families") as batch:
        batch.drop_column("data_version")
