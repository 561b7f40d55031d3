"""What was signed stays what was signed, and training that slips is amended (issue 22):

- ``learning_agreements.printed_annex``: what the agreement printed for signature states of its training (the
  programme, the rotation plan, each position with its weeks and competencies), taken when it leaves draft; a
  reprint prints it instead of today's catalogue (added in place on SQLite, so the table's triggers stay);
- ``agreement_amendments``: an amendment to a signed agreement (another plan or end from a day on, with its
  reason), with what it changed before and after.

Agreements printed before this revision keep no annex (NULL) and print from the catalogue as before.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":  # in place (Alembic would copy the table and lose its triggers)
        op.execute("ALTER TABLE learning_agreements ADD COLUMN printed_annex JSON")
    else:
        op.add_column("learning_agreements", sa.Column("printed_annex", sa.JSON(), nullable=True))
    op.create_table(
        "agreement_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("previous_plan_id", sa.Integer(), nullable=True),
        sa.Column("rotation_plan_id", sa.Integer(), nullable=True),
        sa.Column("previous_end_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("annex", sa.JSON(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["agreement_id"], ["learning_agreements.id"], ondelete="CASCADE",
                                name="fk_agreement_amendments_agreement_id_learning_agreements"),
        sa.ForeignKeyConstraint(["previous_plan_id"], ["rotation_plans.id"],
                                name="fk_agreement_amendments_previous_plan_id_rotation_plans"),
        sa.ForeignKeyConstraint(["rotation_plan_id"], ["rotation_plans.id"],
                                name="fk_agreement_amendments_rotation_plan_id_rotation_plans"),
        sa.PrimaryKeyConstraint("id", name="pk_agreement_amendments"),
        sa.UniqueConstraint("agreement_id", "number", name="uq_agreement_amendments_agreement_id"),
    )
    op.create_index("ix_agreement_amendments_agreement_id", "agreement_amendments", ["agreement_id"])


def downgrade() -> None:
    op.drop_index("ix_agreement_amendments_agreement_id", table_name="agreement_amendments")
    op.drop_table("agreement_amendments")
    if op.get_context().dialect.name == "sqlite":
        op.execute("ALTER TABLE learning_agreements DROP COLUMN printed_annex")
    else:
        op.drop_column("learning_agreements", "printed_annex")
