"""The apprentice's record of learning: weekly reports with their review, attendance per day, the exchange files
sent to instructors outside the office's database, and the dashboard's reminders per person.

- ``logbook_weeks``: one report per agreement and calendar week (its Monday), its status and review.
- ``attendance_days``: where the apprentice was, per agreement and day.
- ``logbook_exchanges``: each exported workbook, whom it is for and what its rows held (the import compares).
- ``reminders``: a dashboard item one person marked done or snoozed.
- ``learning_agreements.logbook_due``: the Monday of the first week whose report is not countersigned (NULL: none
  is yet, the agreement's first week), kept by the reports' write path like ``last_assessed_on`` is by its
  triggers. "Overdue weekly reports" becomes two ranges of a partial index of the active agreements instead of
  counting every agreement's weeks; added in place (``ALTER TABLE … ADD COLUMN``), so the agreements' search
  triggers stay.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DUE_INDEX = "ix_agreements_active_logbook"
DUE_ROWS = "status = 'active'"


def _where(rows: str) -> dict[str, Any]:
    return {"sqlite_where": sa.text(rows), "postgresql_where": sa.text(rows)}


def _versioned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=True),
            sa.Column("updated_at", sa.DateTime(), nullable=True)]


def upgrade() -> None:
    op.create_table(
        "logbook_weeks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("activities", sa.Text(), nullable=True),
        sa.Column("school_topics", sa.Text(), nullable=True),
        sa.Column("hours", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(["agreement_id"], ["learning_agreements.id"], ondelete="CASCADE",
                                name="fk_logbook_weeks_agreement_id_learning_agreements"),
        sa.PrimaryKeyConstraint("id", name="pk_logbook_weeks"),
        sa.UniqueConstraint("agreement_id", "week_start", name="uq_logbook_weeks_agreement_id"),
    )
    op.create_index("ix_logbook_weeks_status", "logbook_weeks", ["status"])

    op.create_table(
        "attendance_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("presence", sa.String(length=12), nullable=False),
        sa.Column("hours", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(["agreement_id"], ["learning_agreements.id"], ondelete="CASCADE",
                                name="fk_attendance_days_agreement_id_learning_agreements"),
        sa.PrimaryKeyConstraint("id", name="pk_attendance_days"),
        sa.UniqueConstraint("agreement_id", "day", name="uq_attendance_days_agreement_id"),
    )

    op.create_table(
        "logbook_exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("instructor_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.Column("imported_by", sa.String(length=80), nullable=True),
        sa.Column("imports", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["instructor_id"], ["instructors.id"],
                                name="fk_logbook_exchanges_instructor_id_instructors"),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name="fk_logbook_exchanges_company_id_companies"),
        sa.PrimaryKeyConstraint("id", name="pk_logbook_exchanges"),
        sa.UniqueConstraint("token", name="uq_logbook_exchanges_token"),
    )

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("covered", sa.JSON(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("username", "item", name="uq_reminders_username"),
    )

    op.add_column("learning_agreements", sa.Column("logbook_due", sa.Date(), nullable=True))
    op.create_index(DUE_INDEX, "learning_agreements", ["logbook_due", "start_date", "end_date"],
                    **_where(DUE_ROWS))


def downgrade() -> None:
    op.drop_index(DUE_INDEX, table_name="learning_agreements")
    # In place (SQLite has dropped unindexed columns in place since 3.35): a rebuilt table would lose the
    # agreements' search triggers.
    op.execute("ALTER TABLE learning_agreements DROP COLUMN logbook_due")
    op.drop_table("reminders")
    op.drop_table("logbook_exchanges")
    op.drop_table("attendance_days")
    op.drop_index("ix_logbook_weeks_status", table_name="logbook_weeks")
    op.drop_table("logbook_weeks")
