"""Names sort in the reader's order: each named record keeps a sort key, its name folded (lower case, accents
stripped), so that "Álvarez" comes before "Zúñiga" on SQLite and PostgreSQL alike (byte order put every
accented capital after Z, whatever the database's collation).

The key of an apprentice is the surnames then the given names, each part apart (a separator below any
letter, so "De" sorts before "De la Garza"). The apprentices' two order indexes (0001's surnames, 0003's
narrow one by id for searched lists) are replaced by the same two on the key.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Each table with a sort key, and the columns the key folds, in order.
SORTED: dict[str, tuple[str, ...]] = {
    "companies": ("name",),
    "schools": ("name",),
    "academic_tutors": ("name",),
    "programmes": ("name",),
    "instructors": ("name",),
    "apprentices": ("first_surname", "second_surname", "given_names"),
}
SEPARATOR = "\x1f"
_SPACES = re.compile(r"\s+")


def fold(value: str | None) -> str:
    """A copy of ``vetdesk.domain.normalize.fold`` as of this revision (a test compares the two)."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def sort_key(*parts: str | None) -> str:
    return SEPARATOR.join(fold(p) for p in parts)


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in SORTED.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("sort_key", sa.Text(), nullable=False, server_default=""))
        rows = bind.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all()
        keys = [{"id": row[0], "key": sort_key(*row[1:])} for row in rows]
        for start in range(0, len(keys), 5000):
            bind.execute(sa.text(f"UPDATE {table} SET sort_key = :key WHERE id = :id"), keys[start:start + 5000])
    op.drop_index("ix_apprentices_surnames", table_name="apprentices")
    op.drop_index("ix_apprentices_order_by_id", table_name="apprentices")
    op.create_index("ix_apprentices_sort_key", "apprentices", ["sort_key", "id"])
    op.create_index("ix_apprentices_sort_key_by_id", "apprentices", ["id", "sort_key"])


def downgrade() -> None:
    op.drop_index("ix_apprentices_sort_key_by_id", table_name="apprentices")
    op.drop_index("ix_apprentices_sort_key", table_name="apprentices")
    op.create_index("ix_apprentices_surnames", "apprentices", ["first_surname", "second_surname", "given_names"])
    op.create_index("ix_apprentices_order_by_id", "apprentices",
                    ["id", "first_surname", "second_surname", "given_names"])
    for table in SORTED:
        # SQLite drops the column in place (3.35+); batch mode would copy each table, which its foreign keys
        # refuse while they are enforced.
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN sort_key")
        else:
            op.drop_column(table, "sort_key")
