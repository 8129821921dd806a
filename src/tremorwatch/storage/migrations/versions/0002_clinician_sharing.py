"""clinician part: share links, their access log, and milestone answers (history kept)

Revision ID: 0002_clinician_sharing
Revises: 0001_initial
Create Date: 2026-11-25 02:04:11.817543
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_clinician_sharing"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "milestone_answers",
        sa.Column("family_id", sa.String(length=32), nullable=False),
        sa.Column("infant_id", sa.String(length=32), nullable=False),
        sa.Column("milestone_id", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_by", sa.String(length=32), nullable=True),
        sa.Column("answered_by_name", sa.String(length=80), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by"],
            ["users.id"],
            name=op.f("fk_milestone_answers_answered_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_milestone_answers_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["infant_id"],
            ["infants.id"],
            name=op.f("fk_milestone_answers_infant_id_infants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_answers")),
    )
    with op.batch_alter_table("milestone_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_milestone_answers_infant_at", ["infant_id", "answered_at"], unique=False
        )

    op.create_table(
        "share_links",
        sa.Column("family_id", sa.String(length=32), nullable=False),
        sa.Column("infant_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("passcode_hash", sa.String(length=255), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_share_links_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_share_links_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["infant_id"],
            ["infants.id"],
            name=op.f("fk_share_links_infant_id_infants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_share_links_token_hash")),
    )
    with op.batch_alter_table("share_links", schema=None) as batch_op:
        batch_op.create_index(
            "ix_share_links_family_created", ["family_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_share_links_infant_id"), ["infant_id"], unique=False)

    op.create_table(
        "share_accesses",
        sa.Column("share_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=160), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["share_id"],
            ["share_links.id"],
            name=op.f("fk_share_accesses_share_id_share_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_accesses")),
    )
    with op.batch_alter_table("share_accesses", schema=None) as batch_op:
        batch_op.create_index("ix_share_accesses_link_at", ["share_id", "at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("share_accesses", schema=None) as batch_op:
        batch_op.drop_index("ix_share_accesses_link_at")

    op.drop_table("share_accesses")
    with op.batch_alter_table("share_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_links_infant_id"))
        batch_op.drop_index("ix_share_links_family_created")

    op.drop_table("share_links")
    with op.batch_alter_table("milestone_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_answers_infant_at")

    op.drop_table("milestone_answers")
