"""Indexes for the dashboard's minors without a guardian or an STPS permit, and for its figure by sex.

Both minors' figures read every open agreement (76,000 at 100,000 apprentices) and looked up its
apprentice: 41 ms, the largest part of the first screen. Only a few records lack a guardian or a permit, so
each question now starts from those few through a partial index, and reaches the other table through a
narrow index holding what it compares (dates, status), never the wide rows:

- ``ix_apprentices_without_guardian``: the apprentices lacking a guardian's name, relation or phone;
- ``ix_agreements_apprentice_dates``: an apprentice's agreements by end date, with status and start;
- ``ix_agreements_without_permit``: the agreements without an STPS permit number;
- ``ix_apprentices_birth_sex``: each apprentice's birth date and sex, read in place of the wide row by the
  minors' age test and the figure by sex.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_GUARDIAN = ("guardian_name IS NULL OR guardian_name = '' OR guardian_relation IS NULL OR guardian_relation = '' "
               "OR guardian_phone IS NULL OR guardian_phone = ''")
NO_PERMIT = "stps_permit_number IS NULL OR stps_permit_number = ''"

#: name -> (table, columns, the rows it holds or None for all).
INDEXES: dict[str, tuple[str, list[str], str | None]] = {
    "ix_apprentices_without_guardian": (
        "apprentices", ["id", "birth_date", "guardian_name", "guardian_relation", "guardian_phone"], NO_GUARDIAN),
    "ix_agreements_apprentice_dates": (
        "learning_agreements", ["apprentice_id", "end_date", "status", "start_date"], None),
    "ix_agreements_without_permit": (
        "learning_agreements",
        ["apprentice_id", "end_date", "status", "start_date", "programme_id", "stps_permit_number"], NO_PERMIT),
    "ix_apprentices_birth_sex": ("apprentices", ["id", "birth_date", "sex"], None),
}


def upgrade() -> None:
    for name, (table, columns, where) in INDEXES.items():
        partial: dict[str, Any] = (
            {} if where is None else {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)})
        op.create_index(name, table, columns, **partial)


def downgrade() -> None:
    for name, (table, _columns, _where) in INDEXES.items():
        op.drop_index(name, table_name=table)
