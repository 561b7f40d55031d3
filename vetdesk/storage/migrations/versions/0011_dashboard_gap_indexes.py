"""Indexes for the dashboard's insurance and assessment gaps, each holding only the rows it asks about.

At 100,000 apprentices these two figures were a third of the first screen's SQL:

- Insurance expiring: every current agreement not yet ended (64,000) was read to compare its expiry with the
  notice date and its own end (7 ms). Expiring soon is now a range of ``ix_agreements_status_insurance``, its
  columns reordered to (status, insurance_expiry, end_date); an expiry before the agreement's end is a partial
  index of the few such agreements, ``ix_agreements_insurance_gap`` (2.6 ms on a new connection, 0.05 ms
  once read).
- No assessment for weeks: 0006's (status, last_assessed_on) found the 4,300 agreements and looked each one up
  in the wide table for its start and apprentice (7.7 ms). ``ix_agreements_active_assessed`` holds the active
  agreements only, with those columns (1.2 ms). Being partial, SQLite's planner cannot take it for other
  questions about a status (0006 explains why a wide index on the status did harm); like 0006's, it is the
  database's own, on the trigger-kept date, not a model's.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "learning_agreements"
INSURANCE = "ix_agreements_status_insurance"
GAP = "ix_agreements_insurance_gap"
GAP_ROWS = "insurance_expiry < end_date"
ASSESSED = "ix_agreements_active_assessed"
ASSESSED_ROWS = "status = 'active'"
OLD_ASSESSED = "ix_agreements_status_last_assessed"


# Any: the dialects' options reach create_index's **kw, which mypy would otherwise also match to its named
# parameters (unique, schema, if_not_exists).
def _where(rows: str) -> dict[str, Any]:
    return {"sqlite_where": sa.text(rows), "postgresql_where": sa.text(rows)}


def upgrade() -> None:
    op.drop_index(INSURANCE, table_name=TABLE)
    op.create_index(INSURANCE, TABLE, ["status", "insurance_expiry", "end_date"])
    op.create_index(GAP, TABLE, ["status", "end_date"], **_where(GAP_ROWS))
    op.drop_index(OLD_ASSESSED, table_name=TABLE)
    op.create_index(ASSESSED, TABLE, ["last_assessed_on", "start_date", "apprentice_id"], **_where(ASSESSED_ROWS))


def downgrade() -> None:
    op.drop_index(ASSESSED, table_name=TABLE)
    op.create_index(OLD_ASSESSED, TABLE, ["status", "last_assessed_on"])
    op.drop_index(GAP, table_name=TABLE)
    op.drop_index(INSURANCE, table_name=TABLE)
    op.create_index(INSURANCE, TABLE, ["status", "end_date", "insurance_expiry"])
