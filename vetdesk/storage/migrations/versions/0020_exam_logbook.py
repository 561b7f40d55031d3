"""An exam can ask for the training record: ``exam_sessions.logbook_until``, the day up to which every weekly
report must be handed in and approved for a registration to be admitted (NULL: the exam does not ask). SQLite
adds and drops the column in place.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("exam_sessions", sa.Column("logbook_until", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("exam_sessions", "logbook_until")
