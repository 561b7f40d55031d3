"""An amendment takes effect once its parties signed it (issue 23): ``agreement_amendments`` keeps the day it
was printed for signature, the day each party signed (``signatures``: a party's signature field -> ISO day, the
parties the agreement has), the day the last party signed (``signed_on``) and the day it took effect
(``in_effect_from``). ``effective_on`` becomes the day the amendment states, if any (empty: from its signing by
all the parties). Amendments recorded before this revision changed the agreement when recorded: they count as
signed on the day they were recorded, in effect from the day they stated.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agreement_amendments", schema=None) as batch_op:
        batch_op.alter_column("effective_on", existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column("printed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("signatures", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("signed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("in_effect_from", sa.Date(), nullable=True))
    op.execute("UPDATE agreement_amendments SET signed_on = recorded_on, in_effect_from = effective_on, "
               "printed_on = recorded_on")


def downgrade() -> None:
    op.execute("DELETE FROM agreement_amendments WHERE signed_on IS NULL")
    with op.batch_alter_table("agreement_amendments", schema=None) as batch_op:
        batch_op.drop_column("in_effect_from")
        batch_op.drop_column("signed_on")
        batch_op.drop_column("signatures")
        batch_op.drop_column("printed_on")
        batch_op.alter_column("effective_on", existing_type=sa.Date(), nullable=False)
