"""The second parent or guardian's signature date (issue 23): ``learning_agreements.guardian2_signed_on``.

A minor's contract prints a signature line for a second guardian when one is recorded on the apprentice; the
agreement counts as signed only once every party with a line on it has signed, so the second guardian's date is
recorded as the first guardian's is (added in place on SQLite, so the table's triggers stay).

Agreements signed before this revision keep no date for a second guardian (NULL); ``vetdesk check`` names it on a
signed minor's agreement that has a second guardian, to be recorded from the signed copy.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":  # in place (Alembic would copy the table and lose its triggers)
        op.execute("ALTER TABLE learning_agreements ADD COLUMN guardian2_signed_on DATE")
    else:
        op.add_column("learning_agreements", sa.Column("guardian2_signed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("ALTER TABLE learning_agreements DROP COLUMN guardian2_signed_on")
    else:
        op.drop_column("learning_agreements", "guardian2_signed_on")
