"""Files attached to a weekly report (issue 25): ``week_attachments`` holds each file's name, media type, size,
SHA-256 digest and content with who added it and when, in the database, so that every user of a shared office
database sees them; a file removed from its week keeps its row, marked with who removed it and when, so that undo
brings it back (anonymisation deletes the rows for good).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "week_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=250), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=80), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("removed_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["week_id"], ["logbook_weeks.id"], ondelete="CASCADE",
                                name="fk_week_attachments_week_id_logbook_weeks"),
        sa.PrimaryKeyConstraint("id", name="pk_week_attachments"),
    )
    op.create_index("ix_week_attachments_week_id", "week_attachments", ["week_id"])


def downgrade() -> None:
    op.drop_index("ix_week_attachments_week_id", table_name="week_attachments")
    op.drop_table("week_attachments")
