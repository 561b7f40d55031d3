"""Indexes for the first screen's attendance flag and instructor gaps, so each reads the few rows it reports.

At 100,000 apprentices the attendance flag looked every active agreement (47,000) up in the attendance days to
find none (5 ms), and the instructor gaps read every instructor who trains someone (26,000 tallies, 16 ms):

- ``ix_attendance_unexcused``: the unexcused days (at the company or at school) by date;
- ``ix_tallies_dimension_n``: each tally by its count (the instructors above the office's capacity);
- ``ix_instructors_capacity``: the few instructors with a capacity of their own;
- ``ix_instructors_unqualified``: the instructors without a qualification.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: name -> (table, columns, the rows it holds or None for all).
INDEXES: dict[str, tuple[str, list[str], str | None]] = {
    "ix_attendance_unexcused": (
        "attendance_days", ["day", "agreement_id"], "presence IN ('unexcused', 'school_unexc')"),
    "ix_tallies_dimension_n": ("agreement_tallies", ["dimension", "n", "ref"], None),
    "ix_instructors_capacity": ("instructors", ["id", "capacity"], "capacity IS NOT NULL"),
    "ix_instructors_unqualified": ("instructors", ["id"], "qualification IS NULL OR qualification = ''"),
}


def upgrade() -> None:
    for name, (table, columns, where) in INDEXES.items():
        partial: dict[str, Any] = (
            {} if where is None else {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)})
        op.create_index(name, table, columns, **partial)


def downgrade() -> None:
    for name, (table, _columns, _where) in INDEXES.items():
        op.drop_index(name, table_name=table)
