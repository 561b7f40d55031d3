"""A trigram index over agreement references, so that searching the agreements list never scans it.

An agreement is found by its apprentice, its company or its reference (``CA-2025-000123``). The first two
go through their tables' trigram indexes (0002); the reference was matched with ``LIKE '%…%'``, which read
all 103,000 agreements on every keystroke (37 ms at 100,000 apprentices, growing with the table). SQLite:
an FTS5 trigram table over the reference, kept by triggers, that its planner combines with the other two
lookups ("MULTI-INDEX OR": 37 -> 5 ms for a rare word, 30 -> 1 ms for a reference). PostgreSQL gets no
index here: it answers the OR by walking the agreements in order (13 ms for a common word, 42 ms for a
rare one at 100,000), and a trigram index on the reference was measured unused in that plan.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "learning_agreements"
FTS = f"{TABLE}_fts"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(reference, content='{TABLE}', content_rowid='id', "
                   "tokenize='trigram')")
        op.execute(f"CREATE TRIGGER {TABLE}_fts_insert AFTER INSERT ON {TABLE} BEGIN "
                   f"INSERT INTO {FTS}(rowid, reference) VALUES (new.id, new.reference); END")
        op.execute(f"CREATE TRIGGER {TABLE}_fts_delete AFTER DELETE ON {TABLE} BEGIN "
                   f"INSERT INTO {FTS}({FTS}, rowid, reference) VALUES ('delete', old.id, old.reference); END")
        op.execute(f"CREATE TRIGGER {TABLE}_fts_update AFTER UPDATE OF reference ON {TABLE} BEGIN "
                   f"INSERT INTO {FTS}({FTS}, rowid, reference) VALUES ('delete', old.id, old.reference); "
                   f"INSERT INTO {FTS}(rowid, reference) VALUES (new.id, new.reference); END")
        op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_fts_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
