"""Apprentices by their social-security number (NSS): saving one warns when another apprentice holds the same NSS
(a data-entry mistake: two people never share one), a lookup an import makes for every row.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_apprentices_nss", "apprentices", ["nss"])


def downgrade() -> None:
    op.drop_index("ix_apprentices_nss", table_name="apprentices")
