"""family locale: country (emergency number), time zone and temperature unit

Revision ID: 0003_ux_family_locale
Revises: 0002_clinician_sharing
Create Date: 2026-11-26 06:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_ux_family_locale"
down_revision: str | None = "0002_clinician_sharing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )
        batch.add_column(sa.Column("temperature_unit", sa.String(length=1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.drop_column("temperature_unit")
        batch.drop_column("timezone")
        batch.drop_column("country")
