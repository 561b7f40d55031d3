"""A collaboration agreement keeps the office's text it went out for signature with (issue 23):

``collaboration_agreements.printed_clauses``: the version of the office's clauses each language printed when the
agreement left draft (``{"es": 3, "en": 0, …}``, 0 the shipped text), as a learning agreement keeps its own in
``printed_annex["clauses"]``; a reprint prints that version instead of the text in force on the print date (added in
place on SQLite, so the table's triggers stay).

Collaboration agreements printed before this revision keep nothing (NULL): their reprint prints today's text and says
so, as before.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":  # in place (Alembic would copy the table and lose its triggers)
        op.execute("ALTER TABLE collaboration_agreements ADD COLUMN printed_clauses JSON")
    else:
        op.add_column("collaboration_agreements", sa.Column("printed_clauses", sa.JSON(), nullable=True))


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("ALTER TABLE collaboration_agreements DROP COLUMN printed_clauses")
    else:
        op.drop_column("collaboration_agreements", "printed_clauses")
