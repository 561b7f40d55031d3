"""A company's sector and size are choices stored as codes (``automotive``, ``small``) and shown in the reader's
words (Automotriz, Automotive, Automobil…): the text already recorded is read to its code where it names one
("Automotriz", "pequeña"), other text is kept as typed. The companies' search text gets the codes' labels in
every language, so a search in the reader's words still finds them.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The columns of the companies' search text, in order (services.kinds' search_columns of this revision).
SEARCHED = ("name", "rfc", "state", "sector")


def upgrade() -> None:
    from vetdesk.domain.choices import choice, search_words
    from vetdesk.domain.normalize import fold

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name, rfc, state, sector, size FROM companies")).mappings().all()
    changed = []
    for row in rows:
        sector = choice("sector").parse(row["sector"]) if row["sector"] else row["sector"]
        size = choice("size").parse(row["size"]) if row["size"] else row["size"]
        values = dict(row) | {"sector": sector}
        words = [search_words("sector", sector) if column == "sector" else str(values[column])
                 for column in SEARCHED if values[column]]
        changed.append({"id": row["id"], "sector": sector, "size": size,
                        "search_text": " ".join(fold(w) for w in words)})
    for start in range(0, len(changed), 5000):
        bind.execute(sa.text("UPDATE companies SET sector = :sector, size = :size, search_text = :search_text "
                             "WHERE id = :id"), changed[start:start + 5000])


def downgrade() -> None:
    pass  # the codes stay: each one reads as its label in the window and on the command line
