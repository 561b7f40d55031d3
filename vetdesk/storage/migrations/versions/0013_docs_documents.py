"""Documents an office signs and sends: a second guardian and both guardians' addresses, choice values as codes,
the stipend of later training years, the form of the training record, the office's clause templates
(versioned) and its signing key.

Choice values typed before this revision ("madre", "mensual", "empresa", "No se permiten horas extra.", the
demo's "4 días en la empresa, 1 día en el plantel") become the codes vetdesk prints in each document's
language (``vetdesk.domain.choices``); text that names no code stays as typed. The existing guardian becomes
the first guardian: its columns stay where they are, and the second guardian's are added beside them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUARDIAN2 = (("guardian2_name", sa.String(200)), ("guardian2_relation", sa.String(60)),
             ("guardian2_phone", sa.String(40)), ("guardian2_email", sa.String(200)),
             ("guardian2_id_document", sa.String(60)), ("guardian2_address", sa.Text()))

#: Columns whose values become codes, by table.
CODED = {"apprentices": ("guardian_relation",),
         "learning_agreements": ("weekly_pattern", "stipend_period", "stipend_payer", "overtime_compensation")}


def _to_codes(bind: sa.engine.Connection) -> None:
    from vetdesk.domain.choices import choice

    for table, columns in CODED.items():
        for column in columns:
            values = [row[0] for row in bind.execute(sa.text(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"))]
            for value in values:
                code = choice(column).parse(value)
                if code != value:
                    bind.execute(sa.text(f"UPDATE {table} SET {column} = :code WHERE {column} = :value"),
                                 {"code": code, "value": value})


# Batch mode without recreating the tables: SQLite adds (and, since 3.35, drops) a plain column in place. A
# recreated table would lose the triggers the agreements and apprentices carry (migrations 0006, 0009, 0010)
# and break those of other tables that name it.
IN_PLACE: dict[str, Any] = {"recreate": "never"}


def upgrade() -> None:
    with op.batch_alter_table("apprentices", **IN_PLACE) as batch:
        batch.add_column(sa.Column("guardian_address", sa.Text(), nullable=True))
        for name, type_ in GUARDIAN2:
            batch.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("learning_agreements", **IN_PLACE) as batch:
        batch.add_column(sa.Column("stipend_steps", sa.String(200), nullable=True))
        batch.add_column(sa.Column("training_record_form", sa.String(20), nullable=True))
    op.create_table(
        "clause_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document", sa.String(40), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.String(80), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_clause_templates"),
        sa.UniqueConstraint("document", "language", "version", name="uq_clause_templates_document"),
    )
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signing_keys"),
        sa.UniqueConstraint("key_id", name="uq_signing_keys_key_id"),
    )
    _to_codes(op.get_bind())


def downgrade() -> None:
    op.drop_table("signing_keys")
    op.drop_table("clause_templates")
    with op.batch_alter_table("learning_agreements", **IN_PLACE) as batch:
        batch.drop_column("training_record_form")
        batch.drop_column("stipend_steps")
    with op.batch_alter_table("apprentices", **IN_PLACE) as batch:
        for name, _type in reversed(GUARDIAN2):
            batch.drop_column(name)
        batch.drop_column("guardian_address")
