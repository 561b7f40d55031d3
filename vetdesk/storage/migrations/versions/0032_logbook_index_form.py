"""The dashboard's "overdue weekly reports" reads the training record's form from its index (issue 20's start-up).

Agreements whose record is kept on paper are not owed in vetdesk (unless the office keys its paper weeks back),
so the query tests ``training_record_form`` beside the index's ranges. ``ix_agreements_active_logbook`` did not
hold it: every active agreement in the range was looked up in the wide table for it. With most agreements on
paper (the demo's 100,000 apprentices: 47,000 lookups) that took 105 ms of the first screen's 166 ms; with the
form in the index the same question reads the index alone (9 ms).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DUE_INDEX = "ix_agreements_active_logbook"
DUE_ROWS = "status = 'active'"
_WHERE: dict[str, Any] = {"sqlite_where": sa.text(DUE_ROWS), "postgresql_where": sa.text(DUE_ROWS)}


def upgrade() -> None:
    op.drop_index(DUE_INDEX, table_name="learning_agreements")
    op.create_index(DUE_INDEX, "learning_agreements",
                    ["logbook_due", "start_date", "end_date", "training_record_form"], **_WHERE)


def downgrade() -> None:
    op.drop_index(DUE_INDEX, table_name="learning_agreements")
    op.create_index(DUE_INDEX, "learning_agreements", ["logbook_due", "start_date", "end_date"], **_WHERE)
