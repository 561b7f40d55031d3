"""A weekly report says the hours at school apart from the hours at the company (``logbook_weeks.school_hours``),
as the dual-training record does. Added and dropped in place on SQLite, so the table's search triggers stay.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("logbook_weeks", sa.Column("school_hours", sa.Numeric(precision=5, scale=2), nullable=True))


def downgrade() -> None:
    op.drop_column("logbook_weeks", "school_hours")
