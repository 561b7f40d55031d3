"""A weekly report names the learning position the apprentice was at and the competencies practised that week
(issue 25): ``logbook_weeks.position_id`` (added in place on SQLite, so the table's search triggers stay) and the
table ``logbook_week_competencies`` (one row per report and competency).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":  # in place, with its reference (Alembic would copy the table)
        op.execute("ALTER TABLE logbook_weeks ADD COLUMN position_id INTEGER "
                   "CONSTRAINT fk_logbook_weeks_position_id_learning_positions REFERENCES learning_positions (id)")
    else:
        op.add_column("logbook_weeks", sa.Column(
            "position_id", sa.Integer(),
            sa.ForeignKey("learning_positions.id", name="fk_logbook_weeks_position_id_learning_positions"),
            nullable=True))
    op.create_table(
        "logbook_week_competencies",
        sa.Column("week_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["week_id"], ["logbook_weeks.id"], ondelete="CASCADE",
                                name="fk_logbook_week_competencies_week_id_logbook_weeks"),
        sa.ForeignKeyConstraint(["competency_id"], ["competencies.id"], ondelete="CASCADE",
                                name="fk_logbook_week_competencies_competency_id_competencies"),
        sa.PrimaryKeyConstraint("week_id", "competency_id", name="pk_logbook_week_competencies"),
    )
    op.create_index("ix_logbook_week_competencies_competency_id", "logbook_week_competencies", ["competency_id"])


def downgrade() -> None:
    op.drop_index("ix_logbook_week_competencies_competency_id", table_name="logbook_week_competencies")
    op.drop_table("logbook_week_competencies")
    if op.get_context().dialect.name != "sqlite":
        op.drop_constraint("fk_logbook_weeks_position_id_learning_positions", "logbook_weeks", type_="foreignkey")
        op.drop_column("logbook_weeks", "position_id")
        return
    # SQLite drops no column that a foreign key names: the table is copied without it, and the triggers on it
    # (which a copy loses) are written again as they were.
    bind = op.get_bind()
    triggers = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'logbook_weeks'")).scalars().all()
    with op.batch_alter_table("logbook_weeks", recreate="always") as batch:
        batch.drop_column("position_id")
    for sql in triggers:
        bind.execute(sa.text(sql))
