"""Indexes for the lists that open newest first by date: the assessments (by date, then id) and the rotation
periods (by actual start, then id) (ui.listmodel.LIST_ORDER).

Without them the first page of the assessments list sorted every row: 0 ms by id became 533 ms by date at
1,019,822 assessments (the 100,000-apprentice bench database, read-only, a loaded 2-core machine); with the
index SQLite reads the index backwards and stops after the page.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_assessments_date_id", "assessments", ["assessed_on", "id"])
    op.create_index("ix_position_periods_start_id", "position_periods", ["actual_start", "id"])


def downgrade() -> None:
    op.drop_index("ix_position_periods_start_id", table_name="position_periods")
    op.drop_index("ix_assessments_date_id", table_name="assessments")
