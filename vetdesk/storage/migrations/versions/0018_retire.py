"""Companies, schools and instructors can be retired: ``retired_on``, the day a company left the programme, a
school closed or an instructor left. A retired record is offered in no picker and keeps its history (the
agreements and assessments that name it). SQLite adds and drops these columns in place.

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("companies", "schools", "instructors")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("retired_on", sa.Date(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "retired_on")
