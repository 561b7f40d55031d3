"""An agreement that starts on a Sunday owes its first weekly report for the week after (its first day of training
is the Monday): ``learning_agreements.logbook_due``, the Monday of its first week not countersigned, was counted
from the week that Sunday ends, so once any of its weeks was countersigned it named that week and the dashboard
counted the agreement overdue for good. Recounted here from the Monday after, for those agreements only (issue 25).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03
"""

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AGREEMENTS = sa.table("learning_agreements", sa.column("id", sa.Integer), sa.column("start_date", sa.Date),
                       sa.column("logbook_due", sa.Date))
_WEEKS = sa.table("logbook_weeks", sa.column("agreement_id", sa.Integer), sa.column("week_start", sa.Date),
                  sa.column("status", sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    stale = [(i, start, due) for i, start, due in bind.execute(
        sa.select(_AGREEMENTS.c.id, _AGREEMENTS.c.start_date, _AGREEMENTS.c.logbook_due)
        .where(_AGREEMENTS.c.logbook_due.is_not(None)))
        if isinstance(start, date) and start.weekday() == 6 and due < start]
    for agreement_id, start, _due in stale:
        approved = set(bind.scalars(sa.select(_WEEKS.c.week_start).where(
            _WEEKS.c.agreement_id == agreement_id, _WEEKS.c.status == "approved")))
        week = start + timedelta(days=1)  # the Monday after: the week of the first day of training
        while week in approved:
            week += timedelta(days=7)
        bind.execute(sa.update(_AGREEMENTS).where(_AGREEMENTS.c.id == agreement_id).values(logbook_due=week))


def downgrade() -> None:
    pass  # the first week due stays counted from the first day of training
